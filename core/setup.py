"""The site's own pages and identity for ``manage.py setup_site``."""

from django.conf import settings

from .services import site_home_ensure, site_identity_set


def load() -> list[str]:
    home = site_home_ensure()
    changed = site_identity_set(
        site_url=settings.SITE_URL, site_name=settings.WAGTAIL_SITE_NAME
    )
    return [f"home page: {home.title}", "site: " + ("set" if changed else "unchanged")]
