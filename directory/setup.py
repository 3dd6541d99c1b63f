"""The directory for ``manage.py setup_site``: the lists and their history."""

from .demo import load as directory_lines


def load() -> list[str]:
    return directory_lines()
