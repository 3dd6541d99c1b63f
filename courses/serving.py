"""Wagtail's page serving, with the site and the route read from the cache.

Before it serves a page, Wagtail finds the site of the request's host name (one
query) and walks the tree from the site's root page down to the page (two
queries for the root, then one or two per level: five for a course page, seven
for a lesson), on every request. Both answers depend only on the sites and the
page tree, so they are kept under :data:`courses.content_cache.CONTENT`, which any
page, site or view-restriction change bumps, and handed to Wagtail's own
``serve`` view where it keeps them for the request (``Site.find_for_request``
and ``Page.route_for_request`` read them first; the private names involved are
all in ``courses.wagtail_internals``).

Only routes that end on a live page with no sub-route arguments are kept (one
key per page URL and host); a path that is not found is routed by Wagtail each
time, so what anybody sends does not fill the cache.
"""

from __future__ import annotations

import hashlib

from wagtail.models import Page, Site
from wagtail.views import serve as wagtail_serve

from .content_cache import CONTENT, STRUCTURE_SECONDS
from .wagtail_internals import request_host_name, request_route_give, request_site_give


def route_prime(request, path: str) -> None:
    """Give ``request`` the cached site and route of ``path``, or compute them
    the way Wagtail does (and keep them when they can be reused)."""
    hostname = request_host_name(request)
    where = f"{hostname}:{request.get_port()}:{path}"

    def build():
        site = Site.find_for_request(request)
        route = Page.route_for_request(request, path)  # None when not found
        if site is None or route is None or route[1] or route[2]:
            return None  # not kept: Wagtail routes it again next time
        return site, route

    name = f"courses:route:{hashlib.sha256(where.encode()).hexdigest()}"
    found = CONTENT.cached(name, build, STRUCTURE_SECONDS)
    if found is not None:
        site, route = found
        request_site_give(request, site)
        request_route_give(request, route)


def site_prime(request) -> None:
    """Give ``request`` its Wagtail site from the cache: views outside the page
    tree that link pages (``{% pageurl %}``) otherwise look it up once each."""
    hostname = request_host_name(request)
    site = CONTENT.cached(
        f"courses:site:{hostname}:{request.get_port()}",
        lambda: Site.find_for_request(request),
        STRUCTURE_SECONDS,
    )
    if site is not None:
        request_site_give(request, site)


def serve(request, path: str):
    """Wagtail's ``serve`` view (hooks, view restrictions and all), primed."""
    route_prime(request, path)
    return wagtail_serve(request, path)
