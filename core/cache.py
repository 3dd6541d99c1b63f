"""A Redis cache that degrades instead of failing while Redis is away.

The cache holds nothing the platform cannot do without: rate-limit counters
(allauth's login and e-mail limits, certificate verification), progress counts
and rendered fragments. Django's RedisCache raises when Redis is unreachable,
which would turn every login into a 500; this subclass logs once and carries on
as an empty cache that forgets what it is given.
"""

from __future__ import annotations

import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)


class TolerantRedisCache(RedisCache):
    """Django's RedisCache; while Redis is unreachable, a cache that keeps nothing.

    Reads miss (``get`` returns the default), writes are dropped, ``add``
    reports success and ``incr`` answers as if the counter had just started.
    So rate limits are not enforced during an outage (they fail open: a login
    still needs the right password) rather than refusing everyone.

    After a failure Redis is left alone for ``RETRY_AFTER`` seconds (a key of
    the cache's settings, default 5), so an outage costs each process one failed
    connection per window, not one per cache call. The connect and read
    timeouts default to half a second for the same reason (a Redis that does
    not answer must not hold a request for long).
    """

    def __init__(self, server, params):
        params = dict(params)
        self.retry_after = float(params.pop("RETRY_AFTER", 5))
        options = dict(params.get("OPTIONS") or {})
        options.setdefault("socket_connect_timeout", 0.5)
        options.setdefault("socket_timeout", 0.5)
        params["OPTIONS"] = options
        super().__init__(server, params)
        self._down_until = 0.0
        self._down = False

    def _call(self, method, fallback, *args):
        if time.monotonic() < self._down_until:
            return fallback
        try:
            result = method(*args)
        except RedisError as exc:
            if not self._down:
                logger.warning(
                    "Redis cache unavailable, carrying on without it: %s", exc
                )
            self._down = True
            self._down_until = time.monotonic() + self.retry_after
            return fallback
        if self._down:
            logger.warning("Redis cache available again")
            self._down = False
        return result

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(super().add, True, key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._call(super().get, default, key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(super().set, None, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(super().touch, False, key, timeout, version)

    def delete(self, key, version=None):
        return self._call(super().delete, False, key, version)

    def get_many(self, keys, version=None):
        return self._call(super().get_many, {}, keys, version)

    def has_key(self, key, version=None):
        return self._call(super().has_key, False, key, version)

    def incr(self, key, delta=1, version=None):
        return self._call(super().incr, delta, key, delta, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(super().set_many, [], data, timeout, version)

    def delete_many(self, keys, version=None):
        return self._call(super().delete_many, None, keys, version)

    def clear(self):
        return self._call(super().clear, False)
