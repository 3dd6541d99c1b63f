"""The directory for ``manage.py setup_site``: the lists and their history."""

from .demo import load as directory_lines
from .history import reorganisations_load_all


def load() -> list[str]:
    lines = directory_lines()
    for result in reorganisations_load_all():
        lines.append(
            f"reorganisation {result.reorganisation.name}: "
            + ("loaded" if result.changed else "unchanged")
        )
    return lines
