"""Fixtures shared by every app's tests.

Markers decide where a test can run: ``postgres`` tests skip on SQLite,
``real_worker`` tests need the Celery worker that .ci/run starts, ``browser``
tests need Debian's Chromium at /usr/bin/chromium.
"""

import os
import shutil
from pathlib import Path

import pytest
from django.db import connection

from accounts.roles import Role
from tests.factories import UserFactory
from tests.faults.redis import redis_server  # noqa: F401 (a Redis of the test's own)
from tests.playwright import CHROMIUM as CHROMIUM_PATH
from tests.playwright import chromium_page

ARTIFACTS = Path(__file__).resolve().parent / "test-artifacts"


def _on_postgresql() -> bool:
    from django.conf import settings

    return "postgresql" in settings.DATABASES["default"]["ENGINE"]


def _restore_data_after(item) -> None:
    """Give every transactional test a serialized rollback.

    A transactional test ends with a flush; without serialized rollback that
    flush re-sends post_migrate (content types, Wagtail's root page…) with new
    primary keys, and the next test that restores the migrated data then
    collides with them. Restoring after every transactional test keeps the
    database as migrations left it, whatever order the tests run in.
    """
    marker = item.get_closest_marker("django_db")
    if marker is None or not marker.kwargs.get("transaction"):
        return
    if marker.kwargs.get("serialized_rollback"):
        return
    kwargs = {**marker.kwargs, "serialized_rollback": True}
    item.add_marker(pytest.mark.django_db(*marker.args, **kwargs), append=False)


def pytest_collection_modifyitems(config, items):
    chromium_missing = not Path(CHROMIUM_PATH).exists()
    broker = os.environ.get("CELERY_BROKER_URL")
    # The worker .ci/run starts reads the one test database named by
    # TEST_DATABASE_NAME; a pytest-xdist process has a database of its own
    # (the name with "_gw0"…), which that worker never sees.
    in_xdist_process = "PYTEST_XDIST_WORKER" in os.environ
    on_postgresql = _on_postgresql()
    for item in items:
        _restore_data_after(item)
        if "postgres" in item.keywords and not on_postgresql:
            item.add_marker(pytest.mark.skip(reason="needs PostgreSQL (DATABASE_URL)"))
        if "browser" in item.keywords and chromium_missing:
            item.add_marker(
                pytest.mark.skip(reason=f"Chromium not found at {CHROMIUM_PATH}")
            )
        if "real_worker" in item.keywords and not broker:
            item.add_marker(pytest.mark.skip(reason="CELERY_BROKER_URL not set"))
        elif "real_worker" in item.keywords and in_xdist_process:
            item.add_marker(
                pytest.mark.skip(reason="needs the worker's database: run without -n")
            )
        if "redis_server" in item.keywords and not shutil.which("redis-server"):
            item.add_marker(pytest.mark.skip(reason="redis-server not installed"))


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: rate-limit counters and cached
    structures of an earlier test (whose rows were rolled back, their ids
    perhaps reused) must not leak into it."""
    from django.core.cache import caches

    from core.identity import identity_forget

    for alias in caches:  # the shared cache and this process's copy
        caches[alias].clear()
    identity_forget()  # the site identity each process also keeps (core.identity)


@pytest.fixture
def catalogue(home_page):
    """A live course catalogue under the home page."""
    from courses.tests.factories import catalogue_make

    return catalogue_make(home_page)


@pytest.fixture
def page():
    """A Chromium page at 1280×900 for a browser test (``tests.playwright``)."""
    with chromium_page() as page:
        yield page


@pytest.fixture
def postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (set DATABASE_URL)")


@pytest.fixture
def artifacts_dir() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture
def home_page(db):
    from core.services import site_home_ensure

    return site_home_ensure()


@pytest.fixture
def directory_seed(db):
    from directory.services import directory_load

    directory_load()


@pytest.fixture
def learner(db):
    return UserFactory(role=Role.LEARNER)


@pytest.fixture
def editor(db):
    return UserFactory(role=Role.EDITOR)


@pytest.fixture
def plan_manager(db):
    return UserFactory(role=Role.PLAN_MANAGER)


@pytest.fixture
def focal_point(db):
    return UserFactory(role=Role.UNIT_FOCAL_POINT)
