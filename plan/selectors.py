"""Headcount reads: counts broken down by any dimensions, targets and labels.

Who counts, and the filters, are defined in :mod:`plan.counting` (re-exported
here, so ``plan.selectors`` is the one place views, reports and other apps read
from). A person counts once per course per year: ``persons`` counts distinct
people, ``person_courses`` counts distinct (person, course, year) — "lượt
người". Within one year this is distinct (person, course); over a range of
years (cumulative 2021 → year) ``persons`` stays distinct while
``person_courses`` adds the years. A row of a many-valued breakdown (IP area,
plan task) counts a person in every area/task of their course, so those rows do
not add up to the total.

Every function runs one GROUP BY query (plus at most one small lookup) whatever
the number of enrolments.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from django.db.models import CharField, Count, Func, Q, QuerySet, Sum
from django.db.models.functions import Coalesce

from accounts.selectors import (  # noqa: F401 (report_scope re-exported)
    ALL_UNITS,
    as_scope,
    report_scope,
    scope_ids,
)
from courses.models import TrainingClass
from courses.pages import CoursePage, IPArea, Level
from directory.models import AudienceGroup, Commune, Unit

from .counting import (  # noqa: F401 (re-exported)
    ALL_DIMENSIONS,
    COUNTING_RULE,
    DIMENSION_LABELS,
    DIMENSIONS,
    METRIC_DEFINITIONS,
    TASK_DIMENSIONS,
    TODAY_DIMENSIONS,
    UNITS_BASIS_NOTES,
    HeadcountFilter,
    Metric,
    UnitsBasis,
    apply_filter,
    facts,
    scope_filter,
    today_expression,
)
from .models import PlanTask, TaskGroup, YearlyTarget


class _PersonCourse(Func):
    """(person, course, year) as one text value for ``COUNT(DISTINCT …)``:
    ``user || '-' || course || '-' || year`` (NULL as ""). PostgreSQL compares
    such strings faster than row values, and faster still in the "C" collation
    (bytes, not the locale's rules: only equality matters here)."""

    output_field = CharField()

    def as_sql(self, compiler, connection, **extra_context):
        parts, params = [], []
        for expression in self.get_source_expressions():
            sql, part_params = compiler.compile(expression)
            parts.append(f"COALESCE(CAST({sql} AS TEXT), '')")
            params.extend(part_params)
        return "(" + " || '-' || ".join(parts) + ")", params

    def as_postgresql(self, compiler, connection, **extra_context):
        sql, params = self.as_sql(compiler, connection, **extra_context)
        return f'({sql} COLLATE "C")', params


def _counts(prefix: str = "", condition: Q | None = None) -> dict:
    return {
        f"{prefix}persons": Count("user_id", distinct=True, filter=condition),
        f"{prefix}person_courses": Count(
            _PersonCourse("user_id", "course_id", "year"),
            distinct=True,
            filter=condition,
        ),
    }


def headcount(
    *,
    scope,
    by: Iterable[str] = (),
    metric: str = Metric.TRAINED,
    flt: HeadcountFilter | None = None,
) -> list[dict]:
    """Rows ``{<dimension>: id/value, …, "persons": n, "person_courses": n}``.

    ``by`` lists breakdowns from :data:`ALL_DIMENSIONS`; with none, one total row.
    """
    by = list(by)
    unknown = set(by) - set(ALL_DIMENSIONS)
    if unknown:
        raise ValueError(f"unknown breakdown: {', '.join(sorted(unknown))}")
    task_dims = [d for d in by if d in TASK_DIMENSIONS]
    if len(task_dims) > 1:
        raise ValueError("break down by plan task or by task group, not both")
    flt = flt or HeadcountFilter()
    qs = apply_filter(facts(metric), flt, scope, metric)
    paths = {DIMENSIONS[d]: d for d in by if d not in TASK_DIMENSIONS}
    if flt.units == UnitsBasis.TODAY:
        # Group by today's unit/commune instead of the one recorded.
        for dimension in TODAY_DIMENSIONS:
            if dimension in by:
                alias = f"{dimension}_today"
                qs = qs.annotate(**{alias: today_expression(dimension)})
                paths = {
                    (alias if path == DIMENSIONS[dimension] else path): name
                    for path, name in paths.items()
                }
    if task_dims:
        return _pivot(qs, paths, task_dims[0], flt)
    if not paths:
        return [qs.aggregate(**_counts())]
    rows = qs.values(*paths).annotate(**_counts()).order_by(*paths)
    return [_rename(row, paths) for row in rows]


def trained_headcount(*, scope, by: Iterable[str] = (), flt=None) -> list[dict]:
    """People trained (see :data:`METRIC_DEFINITIONS`), broken down by ``by``."""
    return headcount(scope=scope, by=by, metric=Metric.TRAINED, flt=flt)


def _rename(row: dict, paths: dict[str, str]) -> dict:
    return {paths.get(key, key): value for key, value in row.items()}


def _task_buckets(dimension: str, flt: HeadcountFilter) -> dict[int, list[int]]:
    """Task (or task group) id → ids of the tasks it stands for; only linked ones."""
    plan_task = PlanTask
    tasks = plan_task.objects.filter(
        Q(courses__isnull=False) | Q(training_classes__isnull=False)
    )
    if flt.task_group:
        tasks = tasks.filter(group=flt.task_group)
    buckets: dict[int, list[int]] = {}
    for task_id, group_id in tasks.values_list("pk", "group_id").distinct():
        key = task_id if dimension == "plan_task" else group_id
        buckets.setdefault(key, []).append(task_id)
    return buckets


def _pivot(qs, paths: dict[str, str], dimension, flt) -> list[dict]:
    """One column pair per task (or group) in the same GROUP BY, then unpivoted."""
    buckets = _task_buckets(dimension, flt)
    if not buckets:
        return []
    aggregates = {}
    for key, ids in buckets.items():
        condition = Q(course__plan_tasks__in=ids) | Q(
            training_class__plan_tasks__in=ids
        )
        aggregates.update(_counts(f"_t{key}_", condition))
    if paths:
        rows = qs.values(*paths).annotate(**aggregates).order_by(*paths)
    else:
        rows = [qs.aggregate(**aggregates)]
    out = []
    for row in rows:
        base = {paths[p]: row[p] for p in paths}
        for key in buckets:
            persons = row[f"_t{key}_persons"]
            if persons:
                out.append(
                    {
                        **base,
                        dimension: key,
                        "persons": persons,
                        "person_courses": row[f"_t{key}_person_courses"],
                    }
                )
    return out


def persons_to(
    *, scope, years: Iterable[int], metric=Metric.TRAINED, flt=None
) -> dict[int, int]:
    """Distinct people from ``flt.first_year`` to each of ``years`` (the
    milestones: 2021 → 2025, 2021 → 2030), in one query: someone counted in
    two years counts once, as the mid-term and final reviews count."""
    years = sorted(set(years))
    if not years:
        return {}
    flt = replace(flt or HeadcountFilter(), year=years[-1], cumulative=True)
    qs = apply_filter(facts(metric), flt, scope, metric)
    row = qs.aggregate(
        **{
            f"to_{year}": Count("user_id", distinct=True, filter=Q(year__lte=year))
            for year in years
        }
    )
    return {year: row[f"to_{year}"] or 0 for year in years}


def headcount_total(*, scope, metric=Metric.TRAINED, flt=None) -> dict:
    return headcount(scope=scope, metric=metric, flt=flt)[0]


def targets(
    *,
    plan,
    scope,
    by: Iterable[str] = ("year",),
    first_year=None,
    last_year=None,
    unit: int | None = None,
) -> list[dict]:
    """Summed yearly targets grouped by ``year`` and/or ``audience_group``.

    Plan managers see province-wide targets (or a unit's when ``unit`` is given);
    focal points their unit's. Only official targets (set by a decision), never
    the demo's invented ones: no row means "chưa đặt chỉ tiêu".
    """
    yearly_target = YearlyTarget
    qs = yearly_target.objects.filter(plan=plan, is_demo=False)
    if scope is not ALL_UNITS:
        qs = qs.filter(unit__in=as_scope(scope).root_ids)
    elif unit:
        qs = qs.filter(unit=unit)
    else:
        qs = qs.filter(unit__isnull=True)
    if first_year:
        qs = qs.filter(year__gte=first_year)
    if last_year:
        qs = qs.filter(year__lte=last_year)
    by = list(by)
    if not by:
        return [qs.aggregate(target=Coalesce(Sum("target"), 0))]
    return list(qs.values(*by).annotate(target=Sum("target")).order_by(*by))


def label_map(dimension: str, keys: Iterable) -> dict:
    """Display names for the ids of a breakdown (one query per call)."""
    keys = [k for k in set(keys) if k is not None]
    model_for = {
        "audience_group": AudienceGroup,
        "unit": Unit,
        "commune": Commune,
        "ip_area": IPArea,
        "course": CoursePage,
        "training_class": TrainingClass,
        "plan_task": PlanTask,
        "task_group": TaskGroup,
    }
    if dimension == "level":
        return {k: str(Level(k).label) for k in keys if k in Level.values}
    if dimension not in model_for or not keys:
        return {k: str(k) for k in keys}
    model = model_for[dimension]
    objects = model.objects.filter(pk__in=keys)
    if dimension == "plan_task":
        return {o.pk: f"{o.code} {o.text[:70]}…" for o in objects}
    if dimension == "task_group":
        return {o.pk: f"{o.code}. {o.title}" for o in objects}
    if dimension in ("course",):
        return {o.pk: o.title for o in objects}
    return {o.pk: getattr(o, "display_name", str(o)) for o in objects}


def labelled(rows: list[dict], by: Iterable[str]) -> list[dict]:
    """Add ``<dimension>_label`` to each row (one lookup per breakdown)."""
    rows = list(rows)
    for dimension in by:
        names = label_map(dimension, (row.get(dimension) for row in rows))
        for row in rows:
            value = row.get(dimension)
            row[f"{dimension}_label"] = names.get(
                value, "—" if value is None else value
            )
    return rows


def facts_filtered(*, scope, metric: str = Metric.TRAINED, flt=None) -> QuerySet:
    """:func:`facts` limited to ``scope`` and ``flt`` (the rows of an export)."""
    return apply_filter(facts(metric), flt or HeadcountFilter(), scope, metric)
