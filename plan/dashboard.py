"""What the dashboard shows, in a fixed number of queries whatever the data size.

The figures are cached (:func:`dashboard_data_cached`) under the headcount
generation of :mod:`plan.headcount_cache`, which every change of an enrolment, its
attendance or certificate, a class, a course or a target bumps: a change shows
within a minute (at once when the dashboard was not looked at in the last
minute), and an unchanged dashboard costs no headcount query. The timeout
(``PLAN_DASHBOARD_CACHE_SECONDS``, 300 s) bounds what the generation cannot see:
renamed units or groups, edits made outside the services.
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from accounts.selectors import as_scope, scope_get, scope_ids

from . import charts
from .headcount_cache import headcount_cached, headcount_store
from .models import Plan
from .selectors import (
    ALL_UNITS,
    HeadcountFilter,
    Metric,
    headcount,
    headcount_total,
    labelled,
    persons_to,
    targets,
)


def current_plan() -> Plan | None:
    return Plan.objects.filter(is_current=True).first()


def plan_chosen(value: str | None) -> Plan | None:
    """The plan a dashboard or report shows: ``?plan=`` (id or number), else the
    current plan, else the most recent one."""
    value = (value or "").strip()
    if value:
        plans = Plan.objects.all()
        chosen = (
            plans.filter(pk=int(value)).first()
            if value.isdigit()
            else plans.filter(number=value).first()
        )
        if chosen is not None:
            return chosen
    return current_plan() or Plan.objects.first()


def _cache_name(*, scope, plan: Plan, year: int, unit, compact: bool) -> str:
    scope_key = "all" if scope is ALL_UNITS else as_scope(scope).key
    return (
        f"plan:dashboard:{get_language()}:{scope_key}:{plan.pk}:"
        f"{year}:{unit or ''}:{int(compact)}"
    )


def dashboard_data_cached(
    *, scope, plan: Plan, year: int, unit: int | None = None, compact: bool = False
) -> dict:
    """:func:`dashboard_data`, from the cache while nothing it counts changed,
    or while the last figures are younger than ``PLAN_DASHBOARD_FRESH_SECONDS``
    (60 s): then they are shown at once, with the time they were counted, and a
    background task counts again (``plan.tasks.dashboard_refresh``). During a
    campaign the figures change every few seconds and a recount takes ~0.2 s
    on 200,000 enrolments; nobody waits for it but the first reader."""
    from .tasks import dashboard_refresh

    args = {"scope": scope, "plan": plan, "year": year, "unit": unit}
    scope_id = scope_ids(scope)
    return headcount_cached(
        _cache_name(compact=compact, **args),
        lambda: dashboard_data(compact=compact, **args),
        refresh=dashboard_refresh,
        refresh_args=(scope_id, plan.pk, year, unit, compact),
    )


def dashboard_refresh(
    *, scope_id: list[int] | int | None, plan_id: int, year: int, unit, compact: bool
) -> None:
    """Count the dashboard again and keep it as the current figures."""
    plan = Plan.objects.get(pk=plan_id)
    args = {"scope": scope_get(scope_id), "plan": plan, "year": year, "unit": unit}
    headcount_store(
        _cache_name(compact=compact, **args),
        lambda: dashboard_data(compact=compact, **args),
    )


def dashboard_data(
    *, scope, plan: Plan, year: int, unit: int | None = None, compact: bool = False
) -> dict:
    """Totals for ``year``, charts, and progress towards the milestones."""
    first, last = plan.period_start, plan.period_end
    base = {"first_year": first, "unit": unit}
    year_flt = HeadcountFilter(year=year, **base)
    by_year = {
        r["year"]: r
        for r in headcount(
            scope=scope,
            by=["year"],
            flt=HeadcountFilter(year=last, cumulative=True, **base),
        )
    }
    target_by_year = {
        r["year"]: r["target"]
        for r in targets(plan=plan, scope=scope, by=["year"], unit=unit)
    }
    year_points = [
        {
            "label": y,
            "value": by_year.get(y, {}).get("persons", 0),
            "target": target_by_year.get(y, 0),
        }
        for y in plan.years
    ]
    milestones = []
    # Distinct people over each range (as the mid-term and final reviews count
    # them): someone trained in two years counts once.
    done_by = persons_to(
        scope=scope, years=plan.milestones, flt=HeadcountFilter(**base)
    )
    for milestone in plan.milestones:
        done = done_by[milestone]
        goal = sum(p["target"] for p in year_points if p["label"] <= milestone)
        milestones.append(
            {
                "year": milestone,
                "done": done,
                "target": goal,
                "percent": round(100 * done / goal) if goal else None,
            }
        )
    data = {
        "counted_at": timezone.now(),
        "year": year,
        "year_chart": charts.bars_vs_target(
            year_points, title=_("People trained per year against the target")
        ),
        "year_points": year_points,
        "milestones": milestones,
        "trained": by_year.get(year, {"persons": 0, "person_courses": 0}),
        "target": target_by_year.get(year, 0),
    }
    if compact:
        return data
    totals = {
        metric: headcount_total(scope=scope, metric=metric, flt=year_flt)
        for metric in (Metric.ENROLLED, Metric.IN_PROGRESS, Metric.COMPLETED)
    }
    audience = labelled(
        headcount(scope=scope, by=["audience_group"], flt=year_flt), ["audience_group"]
    )
    audience_targets = {
        r["audience_group"]: r["target"]
        for r in targets(
            plan=plan,
            scope=scope,
            by=["audience_group"],
            first_year=year,
            last_year=year,
            unit=unit,
        )
    }
    units = labelled(headcount(scope=scope, by=["unit"], flt=year_flt), ["unit"])
    units.sort(key=lambda r: -r["persons"])
    areas = labelled(headcount(scope=scope, by=["ip_area"], flt=year_flt), ["ip_area"])
    levels = labelled(headcount(scope=scope, by=["level"], flt=year_flt), ["level"])
    data.update(
        {
            "totals": totals,
            "audience_chart": charts.horizontal_bars(
                [
                    {
                        "label": r["audience_group_label"],
                        "value": r["persons"],
                        "target": audience_targets.get(r["audience_group"]),
                    }
                    for r in audience
                ],
                title=_("People trained by audience group"),
            ),
            "unit_chart": charts.horizontal_bars(
                [{"label": r["unit_label"], "value": r["persons"]} for r in units[:15]],
                title=_("People trained by unit"),
            ),
            "area_chart": charts.horizontal_bars(
                [{"label": r["ip_area_label"], "value": r["persons"]} for r in areas],
                title=_("People trained by IP area"),
            ),
            "level_chart": charts.horizontal_bars(
                [{"label": r["level_label"], "value": r["persons"]} for r in levels],
                title=_("People trained by level"),
            ),
            "scope_is_all": scope is ALL_UNITS,
        }
    )
    return data
