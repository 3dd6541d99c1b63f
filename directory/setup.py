"""The directory for ``manage.py setup_site``: the lists and their history."""

from .history import reorganisations_load_all
from .services import directory_load


def load() -> list[str]:
    result = directory_load()
    lines = [
        f"{kind}: {result.created.get(kind, 0)} created, "
        f"{result.updated.get(kind, 0)} updated"
        for kind in ("audience_groups", "units", "communes")
    ]
    for result in reorganisations_load_all():
        lines.append(
            f"reorganisation {result.reorganisation.name}: "
            + ("loaded" if result.changed else "unchanged")
        )
    return lines
