"""The private names of Wagtail, treebeard and Django that
``courses.wagtail_internals`` uses still mean what it relies on.

Each test hands a value through the module and reads it back through the
library's public API: an upgrade that renames or stops reading one of them
fails here, by name, rather than as a slower or wrong page elsewhere."""

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, Site

from courses import wagtail_internals as internals

pytestmark = pytest.mark.django_db


def _request(host="testserver"):
    return RequestFactory().get("/", HTTP_HOST=host)


def test_wagtail_finds_the_site_handed_to_the_request_without_a_query():
    request = _request()
    site = Site.objects.get(is_default_site=True)
    internals.request_site_give(request, site)
    with CaptureQueriesContext(connection) as queries:
        assert Site.find_for_request(request) is site
    assert len(queries) == 0


def test_wagtail_routes_by_the_route_handed_to_the_request_without_a_query():
    request = _request()
    page = Page.objects.get(depth=2)
    route = (page, [], {})
    internals.request_route_give(request, route)
    with CaptureQueriesContext(connection) as queries:
        assert Page.route_for_request(request, "/anything/") == route
    assert len(queries) == 0


def test_treebeard_returns_the_parent_handed_to_a_page_without_a_query():
    child = Page.objects.get(depth=2)
    parent = Page.objects.get(depth=1)
    assert internals.page_parent_known(child) is None
    internals.page_parent_give(child, parent)
    with CaptureQueriesContext(connection) as queries:
        assert child.get_parent() is parent
    assert len(queries) == 0
    assert internals.page_parent_known(child) is parent


def test_the_host_name_is_read_as_wagtail_reads_it_without_the_allowed_hosts_check(
    settings,
):
    settings.ALLOWED_HOSTS = ["elearn.example"]
    request = _request("unknown.example:8080")
    assert internals.request_host_name(request) == "unknown.example"
    # Wagtail answers an unknown host with the default site, as serving does.
    assert Site.find_for_request(request) == Site.objects.get(is_default_site=True)
