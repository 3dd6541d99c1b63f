"""The tables of the annual report: indicators, courses held, certificates
issued, targets and their sources (each a read with a fixed number of queries).

``plan.report_data`` assembles them into the report's data.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from decimal import Decimal

from django.db.models import Count, Q
from django.utils import timezone, translation

from certificates.models import Certificate
from courses.models import TrainingClass
from courses.pages import CoursePage, Level

from .models import IndicatorValue, Objective, YearlyTarget
from .selectors import (
    ALL_UNITS,
    HeadcountFilter,
    Metric,
    headcount,
)


def percent_of(part, whole) -> float | None:
    if not whole:
        return None
    return round(100.0 * part / whole, 1)


def indicator_table(*, plan, first_year: int, last_year: int) -> list[dict]:
    """Per measured objective: yearly totals, growth vs the previous year, the
    average yearly growth since the year before ``first_year`` and the target."""
    objectives = list(
        Objective.objects.filter(plan=plan, kinds__isnull=False)
        .distinct()
        .prefetch_related("kinds")
    )
    values = (
        IndicatorValue.objects.filter(
            kind__objective__plan=plan,
            year__gte=first_year - 1,
            year__lte=last_year,
        )
        .values("kind__objective", "kind", "year", "count", "is_demo")
        .order_by()
    )
    by_objective: dict = defaultdict(lambda: defaultdict(dict))
    demo = False
    for row in values:
        by_objective[row["kind__objective"]][row["year"]][row["kind"]] = row["count"]
        demo = demo or row["is_demo"]
    out = []
    for objective in objectives:
        years = by_objective.get(objective.pk, {})
        kinds = list(objective.kinds.all())
        rows = []
        previous = None
        for year in range(first_year - 1, last_year + 1):
            counts = years.get(year)
            total = sum(counts.values()) if counts else None
            growth = None
            if total is not None and previous:
                growth = round(100.0 * (total - previous) / previous, 1)
            rows.append(
                {
                    "year": year,
                    "by_kind": [counts.get(k.pk) if counts else None for k in kinds],
                    "total": total,
                    "growth": growth,
                }
            )
            previous = total
        base = rows[0]["total"]
        last = next((r for r in reversed(rows) if r["total"] is not None), None)
        average = None
        if base and last and last["year"] > first_year - 1:
            span = last["year"] - (first_year - 1)
            average = round(100.0 * ((last["total"] / base) ** (1 / span) - 1), 1)
        low = float_or_none(objective.growth_min_percent)
        high = float_or_none(objective.growth_max_percent)
        out.append(
            {
                "code": objective.code,
                "indicator": objective.indicator_label or objective.text,
                "kinds": [k.name for k in kinds],
                "rows": rows,
                "average_growth": average,
                "target_min": low,
                "target_max": high,
                "met": None if average is None or low is None else average >= low,
                "demo": demo,
            }
        )
    return out


def float_or_none(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def target_sources(*, plan, first_year: int, last_year: int) -> list[str]:
    """The decisions that set the official targets of the period."""
    rows = (
        YearlyTarget.objects.filter(
            plan=plan,
            is_demo=False,
            unit__isnull=True,
            year__gte=first_year,
            year__lte=last_year,
        )
        .exclude(decision_number="")
        .order_by("decision_date", "decision_number")
    )
    out: list[str] = []
    for target in rows:
        if target.source and target.source not in out:
            out.append(target.source)
    return out


def courses_held(*, first_year: int, last_year: int, as_of=None) -> dict:
    """Classes held in the period (started by ``as_of``) and every course with
    people enrolled, completed or trained in it, each metric counted by its
    own year (the headcount's definitions: completions in the year of
    completion, trainings in the year of first issue)."""
    classes = TrainingClass.objects.filter(
        end_date__year__gte=first_year, start_date__year__lte=last_year
    )
    if as_of is not None:
        classes = classes.filter(start_date__lte=as_of)
    classes = (
        classes.select_related("course")
        .annotate(
            enrolled=Count(
                "enrollments",
                filter=Q(enrollments__status__in=("active", "completed")),
            )
        )
        .order_by("start_date", "title")
    )
    flt = HeadcountFilter(
        year=last_year, first_year=first_year, cumulative=True, as_of=as_of
    )
    counts: dict = defaultdict(dict)
    for metric in (Metric.ENROLLED, Metric.COMPLETED, Metric.TRAINED):
        for row in headcount(scope=ALL_UNITS, by=["course"], metric=metric, flt=flt):
            counts[row["course"]][metric] = row["persons"]
    pages = CoursePage.objects.filter(pk__in=counts).values_list("pk", "title", "level")
    course_rows = sorted(pages, key=lambda p: (p[1], p[0]))
    return {
        "classes": [
            {
                "title": c.title,
                "course": c.course.title,
                "start": c.start_date.strftime("%d/%m/%Y"),
                "end": c.end_date.strftime("%d/%m/%Y"),
                "place": c.place or ("Trực tuyến" if c.online_url else ""),
                "enrolled": c.enrolled,
            }
            for c in classes
        ],
        "courses": [
            {
                "title": title,
                "level": level_label(level),
                "enrolled": counts[pk].get(Metric.ENROLLED, 0),
                "completed": counts[pk].get(Metric.COMPLETED, 0),
                "trained": counts[pk].get(Metric.TRAINED, 0),
            }
            for pk, title, level in course_rows
        ],
    }


def level_label(value: str) -> str:
    """A course level's label in Vietnamese (courses' ``Level`` choices; their
    translations live in the courses catalogue)."""
    if value not in Level.values:
        return value
    with translation.override("vi"):
        return str(Level(value).label)


def certificates_issued(*, first_year: int, last_year: int, as_of=None) -> dict:
    """Certificates issued in the period and still valid on ``as_of``, by
    course; certificates revoked in the period (outright: a version replaced
    by a corrected re-issue is counted as re-issued, not revoked)."""
    end = _day_end(as_of) if as_of is not None else None
    issued = Certificate.objects.filter(
        issued_at__year__gte=first_year, issued_at__year__lte=last_year
    ).exclude(status="pending")
    revoked = Certificate.objects.filter(
        status="revoked",
        revoked_at__year__gte=first_year,
        revoked_at__year__lte=last_year,
    )
    if end is not None:
        issued = issued.filter(issued_at__lt=end)
        revoked = revoked.filter(revoked_at__lt=end)
        valid = Q(revoked_at__isnull=True) | Q(revoked_at__gte=end)
    else:
        valid = Q(status="issued")
    rows = (
        issued.filter(valid)
        .values("course__title")
        .annotate(n=Count("pk"))
        .order_by("course__title")
    )
    rows = [{"course": r["course__title"], "count": r["n"]} for r in rows]
    replaced = Q(replaced_by__isnull=False)
    totals = revoked.aggregate(
        revoked=Count("pk", filter=~replaced), reissued=Count("pk", filter=replaced)
    )
    return {
        "rows": rows,
        "total": sum(r["count"] for r in rows),
        "revoked": totals["revoked"],
        "reissued": totals["reissued"],
    }


def _day_end(day: datetime.date) -> datetime.datetime:
    """The start of the day after ``day``, local time (``< end`` is "by day")."""
    return timezone.make_aware(
        datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time())
    )
