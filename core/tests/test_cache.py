"""core.cache.CacheGeneration: entries follow the generation; cached_recent
serves the last entry for a while and asks for a refresh."""

import time
from unittest import mock

import pytest

from core.cache import CacheGeneration

pytestmark = pytest.mark.django_db


@pytest.fixture
def counter():
    return CacheGeneration("tests:generation")


def reader(counter, name, values, *, fresh_for=60, refresh=None):
    """A reader of ``name`` whose successive builds return ``values``."""
    values = iter(values)
    return lambda: counter.cached_recent(
        name, lambda: next(values), timeout=600, fresh_for=fresh_for, refresh=refresh
    )


def test_an_entry_is_rebuilt_after_a_bump(counter):
    builds = []
    assert counter.cached("x", lambda: builds.append(1) or len(builds), 60) == 1
    assert counter.cached("x", lambda: builds.append(1) or len(builds), 60) == 1
    counter.bump()
    assert counter.cached("x", lambda: builds.append(1) or len(builds), 60) == 2


def test_a_recent_entry_is_served_after_a_bump_and_a_refresh_is_asked_once(counter):
    refresh = mock.Mock()
    read = reader(counter, "y", ["first", "second"], refresh=refresh)
    assert read() == "first"
    counter.bump()
    assert (read(), read()) == ("first", "first")
    assert refresh.call_count == 1
    counter.store("y", lambda: "refreshed", 60)
    assert read() == "refreshed"


def test_an_entry_older_than_the_window_is_rebuilt_while_the_reader_waits(counter):
    refresh = mock.Mock()
    read = reader(counter, "z", ["first", "second"], refresh=refresh)
    assert read() == "first"
    counter.bump()
    with mock.patch("core.cache.time.time", return_value=time.time() + 61):
        assert read() == "second"
    assert refresh.call_count == 0


def test_without_a_window_a_bump_is_seen_at_once(counter):
    read = reader(counter, "w", ["first", "second"], fresh_for=0)
    assert read() == "first"
    counter.bump()
    assert read() == "second"


def test_a_request_reads_each_generation_once_and_sees_its_own_bump(counter):
    from django.core.cache import cache

    from core.cache import request_generations_end, request_generations_start

    first = counter.get()
    request_generations_start()
    try:
        with mock.patch.object(cache, "get", wraps=cache.get) as reads:
            assert counter.get() == counter.get() == first
            assert reads.call_count == 1
            cache.incr(counter.key)  # another process bumps: this request keeps
            assert counter.get() == first  # the value it started with
            counter.bump()  # its own bump it sees at once
            assert counter.get() == first + 2
    finally:
        request_generations_end()
    cache.incr(counter.key)
    assert counter.get() == first + 3  # outside a request, every read is fresh


def test_the_memo_lives_for_one_request_only(client, home_page):
    """Set when a request starts, dropped when it ends: what runs after it (the
    next request, a task, a command) reads the counters afresh."""
    from core import cache as module

    seen = {}
    with mock.patch.object(
        module.CacheGeneration,
        "get",
        autospec=True,
        side_effect=lambda self: (
            seen.setdefault("memo", module._request_generations.get()) or 0
        ),
    ):
        client.get("/")
    assert seen["memo"] == {}
    assert module._request_generations.get() is None


def test_many_entries_are_read_at_once_and_only_the_missing_ones_built(counter):
    built = []

    def build(ids):
        built.append(sorted(ids))
        return {id_: f"v{id_}-{len(built)}" for id_ in ids}

    names = {1: "many:1", 2: "many:2"}
    assert counter.cached_many({1: "many:1"}, build, 60) == {1: "v1-1"}
    assert counter.cached_many(names, build, 60) == {1: "v1-1", 2: "v2-2"}
    assert built == [[1], [2]]
    assert counter.cached_many(names, build, 60) == {1: "v1-1", 2: "v2-2"}
    counter.bump()
    assert counter.cached_many(names, build, 60) == {1: "v1-3", 2: "v2-3"}
    assert built[-1] == [1, 2]


def test_a_generation_that_follows_another_moves_with_it(counter):
    follower = CacheGeneration("tests:follower", follows=(counter,))
    builds = iter(["first", "second", "third"])
    read = lambda: follower.cached("f", lambda: next(builds), 60)  # noqa: E731
    assert read() == read() == "first"
    counter.bump()  # the followed generation moved: the entry is stale
    assert read() == "second"
    follower.bump()  # its own counter still counts
    assert read() == "third"


def test_a_followed_bump_is_served_stale_while_it_refreshes(counter):
    follower = CacheGeneration("tests:follower-recent", follows=(counter,))
    refresh = mock.Mock()
    read = reader(follower, "r", ["first", "second"], refresh=refresh)
    assert read() == "first"
    counter.bump()
    assert read() == "first"
    assert refresh.call_count == 1


def test_an_entry_read_once_is_read_again_from_this_process_without_the_shared_cache(
    counter,
):
    from django.core.cache import cache, caches

    builds = []
    read = lambda: counter.cached("p", lambda: builds.append(1) or "value", 60)  # noqa: E731
    assert read() == "value"
    caches["process"].clear()  # another process: it finds the shared entry
    assert read() == "value"
    with mock.patch.object(cache, "get", wraps=cache.get) as shared:
        assert read() == read() == "value"
    shared.assert_called_with(counter.key)  # only the generation is asked for
    assert all(call.args == (counter.key,) for call in shared.call_args_list)
    assert builds == [1]
    counter.bump()  # a change anywhere: the copy is keyed on the old generation
    assert read() == "value" and builds == [1, 1]


def test_many_entries_come_from_this_process_once_it_has_read_them(counter):
    from django.core.cache import cache

    def build(ids):
        return {id_: f"v{id_}" for id_ in ids}

    names = {1: "pm:1", 2: "pm:2"}
    assert counter.cached_many(names, build, 60) == {1: "v1", 2: "v2"}
    with mock.patch.object(cache, "get_many", wraps=cache.get_many) as shared:
        assert counter.cached_many(names, build, 60) == {1: "v1", 2: "v2"}
    assert shared.call_count == 0


def test_what_a_build_finds_nothing_for_is_asked_for_again(counter):
    builds = []
    read = lambda: counter.cached("n", lambda: builds.append(1), 60)  # noqa: E731
    assert read() is None and read() is None
    assert builds == [1, 1]


def test_while_the_shared_cache_is_down_nothing_is_kept_in_this_process(counter):
    """The counter reads 0 while Redis is away: a change made meanwhile cannot
    bump it, so an entry kept then would hide that change for its timeout."""
    from django.core.cache import cache

    builds = iter(["first", "second"])
    with (
        mock.patch.object(CacheGeneration, "get", return_value=0),
        mock.patch.object(cache, "get", return_value=None),  # the tolerant cache
        mock.patch.object(cache, "set"),  # while Redis is away
    ):
        assert counter.cached("d", lambda: next(builds), 60) == "first"
        assert counter.cached("d", lambda: next(builds), 60) == "second"
