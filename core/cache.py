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
from contextvars import ContextVar

from django.core.cache import cache, caches
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from django.db import transaction
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


#: The generations a request has read, so that its pages read each counter from
#: Redis once (a course page reads the content generation for its route,
#: outline, lessons, path, tags and header link). None outside a request (a
#: worker, a command): every read goes to the cache. Set and cleared by
#: Django's request_started / request_finished (connected in CoreConfig.ready).
_request_generations: ContextVar[dict | None] = ContextVar(
    "request_generations", default=None
)


def request_generations_start(**kwargs) -> None:
    _request_generations.set({})


def request_generations_end(**kwargs) -> None:
    _request_generations.set(None)


#: The alias (``settings.CACHES``) of each process's own copy of the entries
#: kept under a generation: a LocMemCache, bounded by its MAX_ENTRIES. Such an
#: entry never changes under its key (a change bumps the generation, and the
#: next read asks for another key), so a copy can be read without asking the
#: shared cache. What a process still asks Redis for, per request, is the
#: generation itself (once: ``_request_generations``). A course page reads a
#: dozen entries (its route, outline, lessons, path, tags...): each read from
#: Redis cost a round trip, a new client and an unpickling.
PROCESS_CACHE = "process"


def _process_copy(generation):
    """This process's cache, or None while a counter of ``generation`` is
    unknown (the shared cache is down and :meth:`CacheGeneration.get` answered
    0): entries are then built on every read, as they are without the copy, so
    that a change made during the outage is not hidden for their timeout."""
    if any(part == "0" for part in str(generation).split(".")):
        return None
    return caches[PROCESS_CACHE]


class CacheGeneration:
    """A counter in the cache that cached entries put in their keys.

    Bumping it makes every entry keyed on the old value unreachable at once
    (they expire by their own timeout), which is how a change that affects many
    entries (any page of the tree, any enrolment) invalidates them without
    knowing their keys. Shared between processes when the cache is (Redis in
    production). A cache that fails only makes readers recompute: a failed bump
    is logged, never raised, so it never stops the change that asked for it.
    """

    def __init__(self, key: str, *, follows: tuple[CacheGeneration, ...] = ()):
        self.key = key
        #: Generations owned elsewhere whose bumps make these entries stale too
        #: (the headcount follows the enrolments courses keeps).
        self.follows = follows

    def version(self) -> int | str:
        """What entries are keyed on: this counter, with those it follows."""
        if not self.follows:
            return self.get()
        return ".".join(
            str(value)
            for value in (self.get(), *(other.version() for other in self.follows))
        )

    def get(self) -> int:
        seen = _request_generations.get()
        if seen is not None and self.key in seen:
            return seen[self.key]
        value = cache.get(self.key)
        if value is None:
            # Start from the clock, not 1: if the counter was evicted, entries
            # cached under an old value are never read again.
            cache.add(self.key, time.time_ns() // 1000, timeout=None)
            value = cache.get(self.key, 0)  # 0: the cache cannot be read
        if seen is not None:
            seen[self.key] = value
        return value

    def _increment(self) -> None:
        seen = _request_generations.get()
        if seen is not None:
            seen.pop(self.key, None)  # this request sees its own change

        try:
            try:
                cache.incr(self.key)
            except ValueError:  # no counter yet (or evicted): start a fresh one
                self.get()
        except Exception as exc:  # noqa: BLE001
            logger.warning("cache generation %s not bumped: %s", self.key, exc)

    def cached(self, name: str, build, timeout: int):
        """``build()``, kept under ``name`` until the next bump (or ``timeout``).

        Read from this process's copy first, then from the shared cache (see
        :data:`PROCESS_CACHE`). A ``build()`` that returns None is not kept
        (what is not worth keeping, such as a URL that leads nowhere, is asked
        for again). A cache that raises (not the tolerant one above: a plain
        backend, a test) costs a rebuild, never the request.
        """
        try:
            generation = self.version()
        except Exception as exc:  # noqa: BLE001
            logger.warning("cache unavailable for %s: %s", name, exc)
            return build()
        key = f"{name}:{generation}"
        near = _process_copy(generation)
        if near is not None and (value := near.get(key)) is not None:
            return value
        try:
            value = cache.get(key)
        except Exception as exc:  # noqa: BLE001
            logger.warning("cache unavailable for %s: %s", name, exc)
            return build()
        if value is None:
            value = build()
            if value is None:
                return None
            try:
                cache.set(key, value, timeout)
            except Exception as exc:  # noqa: BLE001
                logger.warning("cache unavailable for %s: %s", name, exc)
        if near is not None:
            near.set(key, value, timeout)
        return value

    def cached_many(self, names: dict, build_missing, timeout: int) -> dict:
        """:meth:`cached` for many entries at once: ``names`` maps ids to entry
        names, ``build_missing(ids)`` returns ``{id: value}`` for the ids not in
        the cache. One read of each tier and at most one write, whatever their
        number."""
        try:
            generation = self.version()
            keys = {id_: f"{name}:{generation}" for id_, name in names.items()}
            near = _process_copy(generation)
            found = near.get_many(list(keys.values())) if near is not None else {}
            absent = [key for key in keys.values() if key not in found]
            fetched = cache.get_many(absent) if absent else {}
        except Exception as exc:  # noqa: BLE001
            logger.warning("cache unavailable for %s entries: %s", len(names), exc)
            return build_missing(list(names))
        found.update(fetched)
        result = {id_: found[key] for id_, key in keys.items() if key in found}
        missing = [id_ for id_ in names if id_ not in result]
        if missing:
            built = build_missing(missing)
            fresh = {keys[id_]: built[id_] for id_ in missing if id_ in built}
            try:
                cache.set_many(fresh, timeout)
            except Exception as exc:  # noqa: BLE001
                logger.warning("cache unavailable for %s entries: %s", len(names), exc)
            fetched.update(fresh)
            result.update(built)
        if near is not None and fetched:
            near.set_many(fetched, timeout)
        return result

    def cached_recent(
        self, name: str, build, *, timeout: int, fresh_for: int, refresh
    ) -> object:
        """``build()``, kept under ``name``: the entry of the current generation,
        or one of an older generation computed less than ``fresh_for`` seconds
        ago (stale-while-revalidate). Serving an older entry calls ``refresh()``
        (at most once per ``fresh_for`` / 4 seconds), which should recompute it
        in the background with :meth:`store`; only a missing entry, or one older
        than ``fresh_for``, is built while the reader waits. ``fresh_for`` 0 is
        :meth:`cached`.

        For figures that are costly to compute and change every few seconds
        (the plan dashboard during a campaign): without this every change
        made the next reader wait for a full recount.
        """
        if fresh_for <= 0:
            return self.cached(name, build, timeout)
        try:
            generation = self.version()
            entry = cache.get(name)
        except Exception as exc:  # noqa: BLE001
            logger.warning("cache unavailable for %s: %s", name, exc)
            return build()
        if entry is not None:
            stored_generation, computed_at, value = entry
            if stored_generation == generation:
                return value
            if time.time() - computed_at < fresh_for:
                if cache.add(f"{name}:refreshing", 1, timeout=max(1, fresh_for // 4)):
                    refresh()
                return value
        value = build()
        self._store(name, value, timeout, generation)
        return value

    def store(self, name: str, build, timeout: int) -> None:
        """Compute ``build()`` and keep it under ``name`` as the current entry
        (what a :meth:`cached_recent` refresh runs). The generation is read
        before computing, so a change made meanwhile still shows as stale."""
        generation = self.version()
        self._store(name, build(), timeout, generation)

    def _store(self, name: str, value, timeout: int, generation: int) -> None:
        try:
            cache.set(name, (generation, time.time(), value), timeout)
        except Exception as exc:  # noqa: BLE001
            logger.warning("cache unavailable for %s: %s", name, exc)

    def bump(self) -> None:
        """Make cached entries stale: now, and again when the transaction
        commits (an entry computed between the two saw the data before it)."""
        self._increment()
        transaction.on_commit(self._increment)
