"""The Redis cache stops: the site carries on as if the cache were empty.

A redis-server of the test's own is the cache (core.cache.TolerantRedisCache,
what production uses when REDIS_CACHE_URL is set). Stopped, every cache call
degrades (reads miss, writes are dropped) instead of raising; sign-in through
allauth (rate limits in the cache) and certificate verification (its own
rate limit) answer normally. Started again, the cache works again.
What was lost: the cached values, which is all a cache may lose.
"""

import logging
import time

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from tests.factories import PASSWORD

pytestmark = [pytest.mark.redis_server, pytest.mark.django_db]


@pytest.fixture
def redis_cache(settings, redis_server):
    settings.CACHES = {
        "default": {
            "BACKEND": "core.cache.TolerantRedisCache",
            "LOCATION": redis_server.url(1),
            "RETRY_AFTER": 0.5,
        }
    }
    cache.clear()
    return redis_server


def test_with_redis_stopped_the_cache_misses_and_forgets_without_raising(
    redis_cache, caplog
):
    cache.set("kept", "giá trị", 60)
    assert cache.get("kept") == "giá trị"
    redis_cache.stop()

    started = time.monotonic()
    with caplog.at_level(logging.WARNING, logger="core.cache"):
        assert cache.get("kept") is None
        assert cache.get("kept", "mặc định") == "mặc định"
        assert cache.get_many(["kept", "other"]) == {}
        assert cache.set("new", 1, 60) is None
        assert cache.add("lock", True, 10) is True  # allauth's lock: "acquired"
        assert cache.incr("counter", 3) == 3  # a counter that has just started
        assert cache.get_or_set("computed", 7) == 7
        assert cache.delete("kept") is False
        assert cache.has_key("kept") is False
        for _ in range(200):
            cache.get("kept")
    assert time.monotonic() - started < 2  # no connection attempt per call
    warnings = [r for r in caplog.records if r.name == "core.cache"]
    assert len(warnings) == 1 and "unavailable" in warnings[0].getMessage()

    redis_cache.start()  # empty: it keeps nothing on disk
    time.sleep(0.6)  # the retry window
    cache.set("back", "lại", 60)
    assert cache.get("back") == "lại"


def test_with_the_cache_stopped_sign_in_and_verification_still_answer(
    redis_cache, learner
):
    redis_cache.stop()
    client = Client()
    wrong = client.post(
        reverse("account_login"), {"login": learner.email, "password": "sai"}
    )
    assert wrong.status_code == 200  # the form again, with its error
    right = client.post(
        reverse("account_login"), {"login": learner.email, "password": PASSWORD}
    )
    assert right.status_code == 302
    assert client.get(reverse("certificates:verify")).status_code == 200
    missing = client.get(
        reverse("certificates:verify_json", kwargs={"code": "khong-co"})
    )
    assert missing.status_code == 404  # looked up, not refused or crashed
