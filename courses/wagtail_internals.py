"""The one place the project touches Wagtail's (and treebeard's, Django's)
private names, so that serving a page costs no routing queries.

Wagtail keeps, for one request, the site it found (``Site.find_for_request``
→ ``request._wagtail_site``) and the route of the page it serves
(``Page.route_for_request`` → ``request._wagtail_route_for_request``); treebeard
keeps a page's parent once read (``_cached_parent_obj``); Wagtail reads the
host name without the ALLOWED_HOSTS check (``request._get_raw_host``).
``courses.serving`` gives Wagtail its cached answers through these functions,
and ``courses.pages`` reads and leaves parents on routed pages.

No public API does the same: ``Site.find_for_request`` and
``Page.route_for_request`` compute and keep their answer, but cannot be handed
one computed on an earlier request. ``courses/tests/test_wagtail_internals.py``
checks each name against the installed Wagtail and treebeard and fails on an
upgrade that changes one; the fix then belongs here only.
"""

from __future__ import annotations

from django.http.request import split_domain_port


def request_host_name(request) -> str:
    """The request's host name as Wagtail matches sites (no ALLOWED_HOSTS check:
    an unknown host is answered by the default site, as Wagtail does)."""
    return split_domain_port(request._get_raw_host())[0]


def request_site_give(request, site) -> None:
    """What ``Site.find_for_request(request)`` returns for this request."""
    request._wagtail_site = site


def request_route_give(request, route) -> None:
    """What ``Page.route_for_request(request, path)`` returns for this request."""
    request._wagtail_route_for_request = route


def page_parent_give(page, parent) -> None:
    """What ``page.get_parent()`` returns without a query (treebeard's cache)."""
    page._cached_parent_obj = parent


def page_parent_known(page):
    """The parent treebeard already holds for ``page`` (None: not read yet)."""
    return getattr(page, "_cached_parent_obj", None)
