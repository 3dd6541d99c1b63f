"""Every page runs the same, written-down number of queries at two data sizes.

Each case of ``cases.CASES`` builds its page with ``SMALL`` then ``LARGE`` of
the thing that repeats on it and opens it once per size: the response must have
the expected status and the query count must equal the case's number both
times. A count that grows with the data is an N+1; a count that moved by a
constant is a new query, to accept consciously by updating the number.

The first measured request follows a warm-up request of the same page (so
one-off work such as Wagtail's per-user admin profile or Django's content-type
cache is not counted); every measured request follows a cleared cache (so
cached fragments or site-root paths do not hide queries).
"""

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import resolve
from wagtail.models import Page

from .cases import CASES, LARGE, SMALL
from .world import Base, World

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def base(django_db_setup, django_db_blocker):
    """What every case shares, built once; rolled back when the module ends.

    Each test's own transaction nests inside this one (as a savepoint), so a
    test sees the base and loses only what it added itself.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        yield Base()
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def served_key(path: str) -> str:
    """The URL key a path reaches: its URL name, or the Wagtail page type."""
    match = resolve(path.split("?")[0])
    if match.url_name != "wagtail_serve":
        return match.view_name
    page = Page.find_for_request(RequestFactory().get(path), path.split("?")[0])
    return f"page:{page.specific_class._meta.label_lower}"


def fetch(client, path):
    """The response and its whole body: a streamed export runs its queries while
    it is read, and they count."""
    response = client.get(path)
    if response.streaming:
        return response, b"".join(response.streaming_content)
    return response, response.content


def measure(client, path, case, size, django_assert_num_queries):
    expected = case.expected(connection.vendor)
    cache.clear()
    label = f"{case.id} at {size}: {path}"
    if expected is None:
        with CaptureQueriesContext(connection) as queries:
            response, content = fetch(client, path)
    else:
        with django_assert_num_queries(expected, info=label) as queries:
            response, content = fetch(client, path)
    assert response.status_code == case.status, (label, response.status_code)
    return len(queries), len(content)


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_the_page_runs_the_same_queries_at_both_sizes(
    case, base, django_assert_num_queries
):
    world = World(base)
    client = world.client(case.role)
    counts = []
    for size in (SMALL, LARGE):
        path = case.build(world, size)
        assert served_key(path) == case.key
        if size == SMALL:
            client.get(path)  # warm-up: one-off work is not the page's
        counts.append(measure(client, path, case, size, django_assert_num_queries))
    assert case.queries is not None, f"{case.id}: measured {counts}; write it down"
