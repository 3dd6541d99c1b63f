import pytest


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Dashboards are cached: a test must not read figures another test cached
    (SQLite reuses the ids of rolled-back rows, so the keys can repeat)."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
