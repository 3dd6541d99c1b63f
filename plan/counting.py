"""Who counts: the headcount definitions, the enrolments each metric counts, filters.

Definitions (also in docs/plan.md and shown on the reports):

* **enrolled** — an enrolment that was accepted (status active or completed),
  counted in the year of ``enrolled_at``;
* **in progress** — an accepted enrolment not completed yet (status active),
  counted in the year of ``enrolled_at``;
* **completed** — status completed, counted in the year of ``completed_at``;
* **trained** — for a course that awards a certificate: a certificate issued
  (not pending, not revoked) for the enrolment, counted in the year it was first
  issued: a re-issued certificate (a corrected name) keeps the year of the
  certificate it replaces; for a course without certificate: an accepted
  enrolment in a training class whose attendance (sessions present ÷ sessions of
  the class) reaches the class's ``min_attendance_percent``, counted in the year
  the class ends.

People are counted by the audience group, unit and commune copied onto the
enrolment when they enrolled, so someone who later moved is counted where they
were. :func:`facts` returns the enrolments that count for a metric, each with
its ``year``; :func:`apply_filter` narrows them to a scope and a
:class:`HeadcountFilter`. Grouping and counting are in :mod:`plan.selectors`.

"Trained" is read from ``Enrollment.trained_on``, the date courses keeps from
the certificates and the attendance (:mod:`courses.trained`: one indexed column
instead of a join and a subquery per enrolment). The querysets are kept lean on
purpose (no annotation that is only filtered on, the base queryset built once):
on a small database, building and compiling the query is most of a headcount's
time.
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db.models import (
    Case,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import ExtractYear
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.selectors import ALL_UNITS, as_scope
from core.filters import OPTIONS_TIMEOUT
from courses.models import CoursePage, Enrollment, TrainingClass
from directory.models import Commune, Unit
from directory.selectors import successor_map, unit_descendant_ids

from .models import PlanTask
from .options_cache import FILTER_OPTIONS


class Metric:
    # The names carry the context "headcount metric": the same English words
    # are translated otherwise elsewhere ("Enrolled" as "Đang học" in courses),
    # and a manager choosing "Đang học" must get the in-progress count.
    ENROLLED = "enrolled"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    TRAINED = "trained"

    choices = [
        (ENROLLED, pgettext_lazy("headcount metric", "Enrolled")),
        (IN_PROGRESS, pgettext_lazy("headcount metric", "In progress")),
        (COMPLETED, pgettext_lazy("headcount metric", "Completed")),
        (TRAINED, pgettext_lazy("headcount metric", "Trained")),
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
        "Certificate issued (not revoked), in the year of its first issue (a "
        "re-issued certificate keeps that year); for courses without certificate, "
        "class attendance reaching the class's minimum, in the year the class ends."
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

#: Filters that compare one column of the enrolment (or its joins).
_SIMPLE_FILTERS = {
    "audience_group": "audience_group",
    "commune": "commune",
    "district": "commune__former_district",
    "level": "course__level",
    "course": "course",
    "training_class": "training_class",
}


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
    #: Count only what happened on or before this day (a report's date):
    #: enrolments, completions and trainings dated later are left out.
    as_of: datetime.date | None = None
    #: Units and communes "as recorded" (at the time of training) or "today"
    #: (through the successor links of the directory's reorganisations).
    units: str = "recorded"
    extra: dict = field(default_factory=dict)

    def year_range(self) -> tuple[int | None, int | None]:
        if self.year is None:
            return (self.first_year, None)
        if self.cumulative:
            return (self.first_year, self.year)
        return (self.year, self.year)


class UnitsBasis:
    RECORDED = "recorded"
    TODAY = "today"

    choices = [
        (RECORDED, _("Units as recorded (at the time of training)")),
        (TODAY, _("Today's units (after reorganisations)")),
    ]


#: What the annual report and the exports say about the basis they use.
UNITS_BASIS_NOTES = {
    UnitsBasis.RECORDED: _(
        "Units and communes as recorded at the time of training (before any "
        "later reorganisation)."
    ),
    UnitsBasis.TODAY: _(
        "Units and communes of today: figures of units and communes that were "
        "merged or renamed are counted under their successor."
    ),
}
#: Breakdowns that "today's units" maps through the successor links.
TODAY_DIMENSIONS = ("unit", "commune")


def successors(dimension: str) -> dict[int, int]:
    """{former id: today's id} for ``unit`` or ``commune`` (directory history)."""
    return successor_map({"unit": Unit, "commune": Commune}[dimension])


def today_expression(dimension: str):
    """The enrolment's unit (commune) of today, as an SQL CASE over the links."""
    mapping = successors(dimension)
    column = f"{dimension}_id"
    if not mapping:
        return F(column)
    return Case(
        *[When(**{column: old}, then=Value(new)) for old, new in mapping.items()],
        default=F(column),
        output_field=IntegerField(),
    )


def facts(metric: str = Metric.TRAINED) -> QuerySet:
    """Enrolments that count for ``metric``, each annotated with its ``year``.

    The queryset is built once per metric and process (it depends on nothing but
    the models) and cloned for every caller; building it was a third of the
    Python time of a headcount.
    """
    return _facts(metric).all()


@functools.cache
def _facts(metric: str) -> QuerySet:
    qs = Enrollment.objects.all()
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
    # The rule (certificate chain or class attendance) is evaluated when its
    # inputs change and kept on the enrolment: see courses.trained.
    return qs.filter(trained_on__isnull=False).annotate(year=ExtractYear("trained_on"))


#: The column that dates each metric (its ``year``), for ``HeadcountFilter.as_of``.
DATED_BY = {
    Metric.ENROLLED: "enrolled_at",
    Metric.IN_PROGRESS: "enrolled_at",
    Metric.COMPLETED: "completed_at",
    Metric.TRAINED: "trained_on",
}


def as_of_q(metric: str, as_of: datetime.date) -> Q:
    """Facts of ``metric`` dated on or before ``as_of`` (a local day)."""
    path = DATED_BY[metric]
    if path == "trained_on":
        return Q(trained_on__lte=as_of)
    next_day = datetime.datetime.combine(
        as_of + datetime.timedelta(days=1), datetime.time()
    )
    return Q(**{f"{path}__lt": timezone.make_aware(next_day)})


def unit_trees(unit_ids: list[int]) -> list[int]:
    """The units and all their descendants, from the cache while no unit changed
    (the filter options' generation, bumped by every saved or deleted unit)."""
    return FILTER_OPTIONS.cached(
        "unit-tree:" + "-".join(str(pk) for pk in sorted(unit_ids)),
        lambda: sorted(unit_descendant_ids(unit_ids=unit_ids)),
        OPTIONS_TIMEOUT,
    )


def scope_filter(scope) -> Q:
    """Enrolments a scope may see: everything, or the assigned units and every
    unit below them (accounts.selectors.UnitScope)."""
    if scope is ALL_UNITS:
        return Q()
    if scope is None:
        raise PermissionDenied
    return Q(unit__in=as_scope(scope).unit_ids)


def apply_filter(
    qs: QuerySet, flt: HeadcountFilter, scope, metric: str = Metric.TRAINED
) -> QuerySet:
    """``qs`` (from :func:`facts` of ``metric``) limited to ``scope`` and
    ``flt``, in one filter."""
    conditions: list = [] if scope is ALL_UNITS else [scope_filter(scope)]
    if flt.as_of is not None:
        conditions.append(as_of_q(metric, flt.as_of))
    first, last = flt.year_range()
    if first is not None:
        conditions.append(Q(year__gte=first))
    if last is not None:
        conditions.append(Q(year__lte=last))
    today = flt.units == UnitsBasis.TODAY
    if flt.unit not in (None, ""):
        unit = int(flt.unit)
        # A unit counts with every unit below it; "today" adds the units that
        # became it in a reorganisation (and theirs below them).
        roots = [unit]
        if today:
            roots += [old for old, new in successors("unit").items() if new == unit]
        conditions.append(Q(unit__in=unit_trees(roots)))
    for attr, path in _SIMPLE_FILTERS.items():
        value = getattr(flt, attr)
        if value in (None, ""):
            continue
        if today and attr in TODAY_DIMENSIONS:
            # Today's unit: the unit itself and every unit that became it.
            merged = [old for old, new in successors(attr).items() if new == value]
            conditions.append(Q(**{f"{path}__in": [value, *merged]}))
        else:
            conditions.append(Q(**{path: value}))
    if flt.ip_area:
        conditions.append(
            Exists(
                CoursePage.ip_areas.through.objects.filter(
                    coursepage_id=OuterRef("course_id"), iparea_id=flt.ip_area
                )
            )
        )
    if flt.plan_task:
        conditions.append(task_q([flt.plan_task]))
    if flt.task_group:
        ids = PlanTask.objects.filter(group=flt.task_group)
        conditions.append(task_q(ids.values_list("pk", flat=True)))
    return qs.filter(*conditions) if conditions else qs


def task_q(task_ids: Iterable[int]) -> Q:
    """Enrolments whose course or class serves one of ``task_ids``."""
    ids = list(task_ids)
    return Q(
        Exists(
            CoursePage.plan_tasks.through.objects.filter(
                coursepage_id=OuterRef("course_id"), plantask_id__in=ids
            )
        )
    ) | Q(
        Exists(
            TrainingClass.plan_tasks.through.objects.filter(
                trainingclass_id=OuterRef("training_class_id"), plantask_id__in=ids
            )
        )
    )
