"""The empty catalogue and the IP areas for ``manage.py setup_site`` (no course)."""

from core.services import site_home_ensure

from .catalogue import catalogue_ensure, ip_areas_load


def load() -> list[str]:
    created = ip_areas_load()
    catalogue = catalogue_ensure(home=site_home_ensure())
    return [f"catalogue: {catalogue.title} ({created} IP areas created)"]
