"""Headcount: who was enrolled, in progress, completed and trained, and where.

Definitions (also in docs/plan.md and shown on the reports):

* **enrolled** — an enrolment that was accepted (status active or completed),
  counted in the year of ``enrolled_at``;
* **in progress** — an accepted enrolment not completed yet (status active),
  counted in the year of ``enrolled_at``;
* **completed** — status completed, counted in the year of ``completed_at``;
* **trained** — for a course that awards a certificate: a certificate with status
  *issued* (not pending, not revoked), counted in the year it was issued; for a
  course without certificate: an accepted enrolment in a training class whose
  attendance (sessions present ÷ sessions of the class) reaches the class's
  ``min_attendance_percent``, counted in the year the class ends.

A person counts once per course per year: ``persons`` counts distinct people,
``person_courses`` counts distinct (person, course, year) — "lượt người". Within
one year this is distinct (person, course); over a range of years (cumulative
2021 → year) ``persons`` stays distinct while ``person_courses`` adds the years.
People are counted by the audience group, unit and commune copied onto the
enrolment when they enrolled, so someone who later moved is counted where they
were. A row of a many-valued breakdown (IP area, plan task) counts a person in
every area/task of their course, so those rows do not add up to the total.

Every function runs one GROUP BY query (plus at most one small lookup) whatever
the number of enrolments.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    F,
    FilteredRelation,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, Concat, ExtractYear
from django.utils.translation import gettext_lazy as _

from accounts.selectors import ALL_UNITS, report_scope  # noqa: F401 (re-exported)


class Metric:
    ENROLLED = "enrolled"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    TRAINED = "trained"

    choices = [
        (ENROLLED, _("Enrolled")),
        (IN_PROGRESS, _("In progress")),
        (COMPLETED, _("Completed")),
        (TRAINED, _("Trained")),
    ]
    values = [c[0] for c in choices]


METRIC_DEFINITIONS = {
    Metric.ENROLLED: _(
        "Accepted enrolments (enrolled or completed), in the year of enrolment."
    ),
    Metric.IN_PROGRESS: _(
        "Accepted enrolments not completed yet, by year of enrolment."
    ),
    Metric.COMPLETED: _("Completed enrolments, in the year of completion."),
    Metric.TRAINED: _(
        "Certificate issued (not revoked) in the year; for courses without "
        "certificate, class attendance reaching the class's minimum, in the year "
        "the class ends."
    ),
}
COUNTING_RULE = _(
    "A person counts once per course per year. “People” are distinct persons; "
    "“person-courses” are distinct (person, course, year)."
)

#: Breakdown name → ORM path on the enrolment.
DIMENSIONS = {
    "year": "year",
    "audience_group": "audience_group",
    "unit": "unit",
    "commune": "commune",
    "district": "commune__former_district",
    "ip_area": "course__ip_areas",
    "level": "course__level",
    "course": "course",
    "training_class": "training_class",
}
#: Breakdowns through the plan tasks of the course or of the class (pivoted).
TASK_DIMENSIONS = ("plan_task", "task_group")
ALL_DIMENSIONS = (*DIMENSIONS, *TASK_DIMENSIONS)

DIMENSION_LABELS = {
    "year": _("Year"),
    "audience_group": _("Audience group"),
    "unit": _("Unit"),
    "commune": _("Commune"),
    "district": _("District"),
    "ip_area": _("IP area"),
    "level": _("Level"),
    "course": _("Course"),
    "training_class": _("Training class"),
    "plan_task": _("Plan task"),
    "task_group": _("Task group"),
}

ACCEPTED = ("active", "completed")


@dataclass
class HeadcountFilter:
    """What to count. ``year`` alone counts that year; ``cumulative`` counts
    ``first_year`` → ``year``; ``years`` (first, last) counts a range."""

    year: int | None = None
    first_year: int | None = None
    cumulative: bool = False
    audience_group: int | None = None
    unit: int | None = None
    commune: int | None = None
    district: str | None = None
    ip_area: int | None = None
    level: str | None = None
    course: int | None = None
    training_class: int | None = None
    plan_task: int | None = None
    task_group: int | None = None
    extra: dict = field(default_factory=dict)

    def year_range(self) -> tuple[int | None, int | None]:
        if self.year is None:
            return (self.first_year, None)
        if self.cumulative:
            return (self.first_year, self.year)
        return (self.year, self.year)


def _model(label: str):
    return apps.get_model(label)


def _certificate_relation() -> str | None:
    """The enrolment → certificate query name (None until certificates exist)."""
    try:
        certificate = _model("certificates.Certificate")
        return certificate._meta.get_field("enrollment").related_query_name()
    except (LookupError, Exception):  # noqa: BLE001 - optional app
        return None


def _attendance_annotations(applies: Q) -> dict:
    """``_present100``/``_needed100``: present sessions × 100 and the class's
    minimum × its sessions, computed only where ``applies`` (courses without
    certificate taken in a class)."""
    attendance = _model("courses.Attendance")
    session = _model("courses.ClassSession")
    present = (
        attendance.objects.filter(
            session__training_class=OuterRef("training_class"),
            user=OuterRef("user"),
            present=True,
        )
        .values("session__training_class")
        .annotate(c=Count("pk"))
        .values("c")
    )
    sessions = (
        session.objects.filter(training_class=OuterRef("training_class"))
        .values("training_class")
        .annotate(c=Count("pk"))
        .values("c")
    )
    return {
        "_sessions": Case(
            When(applies, then=Subquery(sessions)),
            default=0,
            output_field=IntegerField(),
        ),
        "_present100": Case(
            When(applies, then=Coalesce(Subquery(present), 0) * 100),
            default=0,
            output_field=IntegerField(),
        ),
    }


def facts(metric: str = Metric.TRAINED) -> QuerySet:
    """Enrolments that count for ``metric``, each annotated with its ``year``."""
    enrollment = _model("courses.Enrollment")
    qs = enrollment.objects.all()
    if metric == Metric.ENROLLED:
        return qs.filter(status__in=ACCEPTED).annotate(year=ExtractYear("enrolled_at"))
    if metric == Metric.IN_PROGRESS:
        return qs.filter(status="active").annotate(year=ExtractYear("enrolled_at"))
    if metric == Metric.COMPLETED:
        return qs.filter(status="completed", completed_at__isnull=False).annotate(
            year=ExtractYear("completed_at")
        )
    if metric != Metric.TRAINED:
        raise ValueError(f"unknown metric {metric!r}")
    by_class = Q(
        course__awards_certificate=False,
        training_class__isnull=False,
        status__in=ACCEPTED,
    )
    attended = by_class & Q(
        _sessions__gt=0,
        _present100__gte=F("training_class__min_attendance_percent") * F("_sessions"),
    )
    relation = _certificate_relation()
    qs = qs.annotate(**_attendance_annotations(by_class))
    if relation is None:
        return qs.filter(attended).annotate(
            year=ExtractYear("training_class__end_date")
        )
    qs = qs.annotate(
        issued_certificate=FilteredRelation(
            relation, condition=Q(**{f"{relation}__status": "issued"})
        ),
    )
    by_certificate = Q(
        course__awards_certificate=True, issued_certificate__isnull=False
    )
    return qs.filter(by_certificate | attended).annotate(
        year=Case(
            When(
                course__awards_certificate=True,
                then=ExtractYear("issued_certificate__issued_at"),
            ),
            default=ExtractYear("training_class__end_date"),
            output_field=IntegerField(),
        )
    )


def scope_filter(scope) -> Q:
    """Enrolments a scope may see: everything, or a unit and its sub-units."""
    if scope is ALL_UNITS:
        return Q()
    if scope is None:
        raise PermissionDenied
    return Q(unit=scope) | Q(unit__parent=scope)


def _apply(qs: QuerySet, flt: HeadcountFilter, scope) -> QuerySet:
    qs = qs.filter(scope_filter(scope))
    first, last = flt.year_range()
    if first is not None:
        qs = qs.filter(year__gte=first)
    if last is not None:
        qs = qs.filter(year__lte=last)
    simple = {
        "audience_group": "audience_group",
        "unit": "unit",
        "commune": "commune",
        "district": "commune__former_district",
        "level": "course__level",
        "course": "course",
        "training_class": "training_class",
    }
    for attr, path in simple.items():
        value = getattr(flt, attr)
        if value not in (None, ""):
            qs = qs.filter(**{path: value})
    if flt.ip_area:
        qs = qs.filter(
            Exists(
                _model("courses.CoursePage").ip_areas.through.objects.filter(
                    coursepage_id=OuterRef("course_id"), iparea_id=flt.ip_area
                )
            )
        )
    if flt.plan_task:
        qs = qs.filter(_task_q([flt.plan_task]))
    if flt.task_group:
        plan_task = _model("plan.PlanTask")
        ids = list(
            plan_task.objects.filter(group=flt.task_group).values_list("pk", flat=True)
        )
        qs = qs.filter(_task_q(ids))
    return qs


def _task_q(task_ids: Iterable[int]) -> Q:
    course_page = _model("courses.CoursePage")
    training_class = _model("courses.TrainingClass")
    ids = list(task_ids)
    return Q(
        Exists(
            course_page.plan_tasks.through.objects.filter(
                coursepage_id=OuterRef("course_id"), plantask_id__in=ids
            )
        )
    ) | Q(
        Exists(
            training_class.plan_tasks.through.objects.filter(
                trainingclass_id=OuterRef("training_class_id"), plantask_id__in=ids
            )
        )
    )


def _counts(prefix: str = "", condition: Q | None = None) -> dict:
    key = Concat(
        Cast("user_id", CharField()),
        Value("-"),
        Cast("course_id", CharField()),
        Value("-"),
        Cast("year", CharField()),
        output_field=CharField(),
    )
    return {
        f"{prefix}persons": Count("user_id", distinct=True, filter=condition),
        f"{prefix}person_courses": Count(key, distinct=True, filter=condition),
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
    flt = flt or HeadcountFilter()
    qs = _apply(facts(metric), flt, scope)
    task_dims = [d for d in by if d in TASK_DIMENSIONS]
    plain = [d for d in by if d not in TASK_DIMENSIONS]
    if len(task_dims) > 1:
        raise ValueError("break down by plan task or by task group, not both")
    values = {d: F(DIMENSIONS[d]) for d in plain if d != "year"}
    group = (["year"] if "year" in plain else []) + list(values)
    if values:
        qs = qs.annotate(**{f"_d_{d}": expr for d, expr in values.items()})
    group_fields = [d if d == "year" else f"_d_{d}" for d in plain]
    if not task_dims:
        if not group:
            return [qs.aggregate(**_counts())]
        rows = qs.values(*group_fields).annotate(**_counts()).order_by(*group_fields)
        return [_rename(row) for row in rows]
    return _pivot(qs, group_fields, task_dims[0], flt)


def _rename(row: dict) -> dict:
    return {(k[3:] if k.startswith("_d_") else k): v for k, v in row.items()}


def _task_buckets(dimension: str, flt: HeadcountFilter) -> dict[int, list[int]]:
    """Task (or task group) id → ids of the tasks it stands for; only linked ones."""
    plan_task = _model("plan.PlanTask")
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


def _pivot(qs, group_fields, dimension, flt) -> list[dict]:
    buckets = _task_buckets(dimension, flt)
    if not buckets:
        return []
    aggregates = {}
    for key, ids in buckets.items():
        condition = Q(course__plan_tasks__in=ids) | Q(
            training_class__plan_tasks__in=ids
        )
        aggregates.update(_counts(f"t{key}_", condition))
    if group_fields:
        rows = qs.values(*group_fields).annotate(**aggregates).order_by(*group_fields)
    else:
        rows = [qs.aggregate(**aggregates)]
    out = []
    for row in rows:
        base = _rename({k: v for k, v in row.items() if not k.startswith("t")})
        for key in buckets:
            persons = row[f"t{key}_persons"]
            if persons:
                out.append(
                    {
                        **base,
                        dimension: key,
                        "persons": persons,
                        "person_courses": row[f"t{key}_person_courses"],
                    }
                )
    return out


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
    focal points their unit's.
    """
    yearly_target = _model("plan.YearlyTarget")
    qs = yearly_target.objects.filter(plan=plan)
    if scope is not ALL_UNITS:
        qs = qs.filter(unit=scope)
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
        "audience_group": "directory.AudienceGroup",
        "unit": "directory.Unit",
        "commune": "directory.Commune",
        "ip_area": "courses.IPArea",
        "course": "courses.CoursePage",
        "training_class": "courses.TrainingClass",
        "plan_task": "plan.PlanTask",
        "task_group": "plan.TaskGroup",
    }
    if dimension == "level":
        from courses.pages import Level

        return {k: str(Level(k).label) for k in keys if k in Level.values}
    if dimension not in model_for or not keys:
        return {k: str(k) for k in keys}
    model = _model(model_for[dimension])
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
    return _apply(facts(metric), flt or HeadcountFilter(), scope)
