"""The headcount's figures, kept in the cache (dashboard and report rows).

Everything here is read-through caching; the counting itself is
:mod:`plan.selectors` and :mod:`plan.dashboard`'s. One generation,
``HEADCOUNT``, covers every cached figure: a change of the plan's own data
bumps it (``plan.signal_handlers``), and it follows courses' ``ENROLLMENTS``,
which every change of an enrolment, its attendance or its certificate bumps. A
figure older than ``PLAN_DASHBOARD_FRESH_SECONDS`` is still served once the
generation moved, while a Celery task counts again (``refresh``); exports ask
for ``exact`` figures. Entries are kept ``PLAN_DASHBOARD_CACHE_SECONDS``, which
bounds what the generation cannot see (a renamed unit).
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict

from django.conf import settings
from django.db import transaction
from django.utils.translation import get_language

from accounts.selectors import ALL_UNITS, as_scope, scope_get, scope_ids
from core.cache import CacheGeneration
from core.outbox import task_enqueue
from courses.trained import ENROLLMENTS

from .selectors import HeadcountFilter, headcount, labelled

#: Moves with the plan's own data (plans, targets) and, through ``follows``,
#: with every change of an enrolment courses records (status, attendance,
#: certificate dates: ``courses.trained.ENROLLMENTS``).
HEADCOUNT = CacheGeneration("plan:headcount:generation", follows=(ENROLLMENTS,))


def headcount_cached(name: str, build, *, refresh, refresh_args, exact=False):
    """``build()`` under ``name`` in the headcount generation: a change is shown
    at once if the figures are older than ``PLAN_DASHBOARD_FRESH_SECONDS``, else
    the last figures are served while ``refresh`` (a Celery task) counts again
    with ``refresh_args`` and the language; ``exact``: never older figures."""
    language = get_language()
    return HEADCOUNT.cached_recent(
        name,
        build,
        timeout=_kept_seconds(),
        fresh_for=0 if exact else getattr(settings, "PLAN_DASHBOARD_FRESH_SECONDS", 60),
        refresh=lambda: transaction.on_commit(
            lambda: task_enqueue(refresh, *refresh_args, language)
        ),
    )


def headcount_store(name: str, build) -> None:
    """What a ``headcount_cached`` refresh task runs: count, keep as current."""
    HEADCOUNT.store(name, build, _kept_seconds())


def _kept_seconds() -> int:
    return getattr(settings, "PLAN_DASHBOARD_CACHE_SECONDS", 300)


def generation_bump() -> None:
    """Make cached figures stale (see ``core.cache.CacheGeneration.bump``)."""
    HEADCOUNT.bump()


# --- the report's rows ----------------------------------------------------------------


def _rows_name(*, scope, by: list[str], metric: str, flt: HeadcountFilter) -> str:
    scope_key = "all" if scope is ALL_UNITS else as_scope(scope).key
    wanted = repr((scope_key, by, metric, flt, get_language()))
    return "plan:headcount:" + hashlib.sha256(wanted.encode()).hexdigest()


def _rows(*, scope, by: list[str], metric: str, flt: HeadcountFilter) -> list[dict]:
    return labelled(
        headcount(scope=scope, by=by, metric=metric, flt=flt),
        [d for d in by if d != "year"],
    )


def headcount_labelled_cached(
    *, scope, by: list[str], metric: str, flt: HeadcountFilter, exact: bool = False
) -> list[dict]:
    """The rows of the headcount report (:func:`plan.selectors.headcount` with
    labels), cached as the dashboard's figures are (a task counts again:
    ``plan.tasks.headcount_rows_refresh``). ``exact``: never older figures."""
    from .tasks import headcount_rows_refresh

    args = {"scope": scope, "by": by, "metric": metric, "flt": flt}
    return headcount_cached(
        _rows_name(**args),
        lambda: _rows(**args),
        refresh=headcount_rows_refresh,
        refresh_args=(scope_ids(scope), by, metric, asdict(flt)),
        exact=exact,
    )


def headcount_rows_refresh(
    *, scope_id: list[int] | int | None, by: list[str], metric: str, flt: dict
) -> None:
    """Count the report's rows again and keep them as the current ones."""
    flt = HeadcountFilter(**flt)
    args = {"scope": scope_get(scope_id), "by": by, "metric": metric, "flt": flt}
    headcount_store(_rows_name(**args), lambda: _rows(**args))
