from .services import directory_load


def load() -> list[str]:
    result = directory_load()
    return [
        f"{kind}: {result.created.get(kind, 0)} created, "
        f"{result.updated.get(kind, 0)} updated"
        for kind in ("audience_groups", "units", "communes")
    ]
