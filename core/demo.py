from .services import site_home_ensure


def load() -> list[str]:
    home = site_home_ensure()
    return [f"home page: {home.title}"]
