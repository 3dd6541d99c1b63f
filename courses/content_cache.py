"""What is read from the page tree, kept in the cache until the tree changes.

One generation, ``CONTENT``, covers everything derived from pages, sites, view
restrictions, images, IP areas, audience groups and quizzes: any save, delete
or move of one of them bumps it (``courses.signal_handlers``,
``quizzes.signal_handlers``), and every entry kept under the older value is
unreachable at once (``core.cache.CacheGeneration``). Selectors read through
``content_cached``; nothing else here writes.
"""

from core.cache import CacheGeneration

CONTENT = CacheGeneration("courses:content:generation")
STRUCTURE_SECONDS = 3600


def content_cached(name: str, build):
    """``build()``, kept in the cache until the page tree changes."""
    return CONTENT.cached(f"courses:{name}", build, STRUCTURE_SECONDS)


def content_cached_many(names: dict, build_missing) -> dict:
    """:func:`content_cached` for many entries at once (id → name; ``build_missing``
    gets the ids not in the cache and returns their values by id)."""
    named = {id_: f"courses:{name}" for id_, name in names.items()}
    return CONTENT.cached_many(named, build_missing, STRUCTURE_SECONDS)
