"""Reads behind the annual report and the indicators (II.4/II.5).

``annual_report_data`` returns plain JSON-able data: it is stored as the
snapshot of every generated version and is all ``report_pdf``/``report_xlsx``
get. A fixed number of queries whatever the data size.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from decimal import Decimal

from django.apps import apps
from django.db.models import Count, Q, Sum
from django.utils import timezone, translation

from core.dates import vietnamese_date
from directory.models import AudienceGroup
from directory.selectors import issuer_on

from .models import IndicatorValue, Objective, TaskGroup
from .models.reports import ReportKind
from .selectors import (
    ALL_UNITS,
    COUNTING_RULE,
    METRIC_DEFINITIONS,
    UNITS_BASIS_NOTES,
    HeadcountFilter,
    Metric,
    UnitsBasis,
    headcount,
    headcount_total,
    targets,
)


def _pct(part, whole) -> float | None:
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
        low = _num(objective.growth_min_percent)
        high = _num(objective.growth_max_percent)
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


def _num(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def annual_report_data(*, report) -> dict:
    """Everything the annual report (or review) prints, as plain data.

    The report is a Vietnamese document: labels that come from other apps'
    choices (course levels) and the definitions are rendered in Vietnamese
    whatever language the caller is in.
    """
    with translation.override("vi"):
        return _annual_report_data(report)


def _annual_report_data(report) -> dict:
    plan = report.plan
    first, last = report.first_year, report.year
    as_of = report_as_of(report)
    basis = report.units_basis or UnitsBasis.RECORDED
    flt = HeadcountFilter(
        year=last,
        first_year=first,
        cumulative=first != last,
        as_of=as_of,
        units=basis,
    )
    # Retired groups too: people trained in them are in the total.
    groups = list(AudienceGroup.objects.all())
    task_groups = list(TaskGroup.objects.filter(plan=plan))
    scope = ALL_UNITS

    matrix = headcount(scope=scope, by=["task_group", "audience_group"], flt=flt)
    group_totals = headcount(scope=scope, by=["task_group"], flt=flt)
    audience_totals = headcount(scope=scope, by=["audience_group"], flt=flt)
    total = headcount_total(scope=scope, flt=flt)
    target_rows = targets(
        plan=plan, scope=scope, by=["audience_group"], first_year=first, last_year=last
    )
    by_year = headcount(
        scope=scope,
        by=["year"],
        flt=HeadcountFilter(year=last, first_year=first, cumulative=True, as_of=as_of),
    )
    year_targets = targets(
        plan=plan, scope=scope, by=["year"], first_year=first, last_year=last
    )

    cell = {(r["task_group"], r["audience_group"]): r["persons"] for r in matrix}
    per_group = {r["task_group"]: r for r in group_totals}
    per_audience = {r["audience_group"]: r for r in audience_totals}
    target_of = {r["audience_group"]: r["target"] for r in target_rows}
    used = [g for g in groups if g.pk in per_audience or target_of.get(g.pk)]
    audience_columns = [{"id": g.pk, "name": g.name} for g in used]
    task_rows = [
        {
            "code": tg.code,
            "title": tg.title,
            "cells": [cell.get((tg.pk, g.pk), 0) for g in used],
            "persons": per_group.get(tg.pk, {}).get("persons", 0),
            "person_courses": per_group.get(tg.pk, {}).get("person_courses", 0),
        }
        for tg in task_groups
    ]
    total_cells = [per_audience.get(g.pk, {}).get("persons", 0) for g in used]
    target_cells = [target_of.get(g.pk, 0) for g in used]
    target_total = sum(target_cells)
    year_target = {r["year"]: r["target"] for r in year_targets}
    year_done = {r["year"]: r["persons"] for r in by_year}

    return {
        "plan": {
            "number": plan.number,
            "title": plan.title,
            "issued_on": plan.issued_on.isoformat() if plan.issued_on else "",
            "issued_on_text": vietnamese_date(plan.issued_on) if plan.issued_on else "",
            "issuer_short": plan.issuer_short,
            "place": plan.place,
            "period_start": plan.period_start,
            "period_end": plan.period_end,
        },
        "document": _document(report),
        "year": last,
        "first_year": first,
        "as_of": as_of.isoformat(),
        "kind": report.kind,
        "definitions": {
            "trained": str(METRIC_DEFINITIONS[Metric.TRAINED]),
            "counting": str(COUNTING_RULE),
            "units_basis": basis,
            "units": str(UNITS_BASIS_NOTES[basis]),
        },
        "implementing_units_today": implementing_units_today(plan=plan),
        "headcount": {
            "audience_groups": audience_columns,
            "task_groups": task_rows,
            "total_cells": total_cells,
            "target_cells": target_cells,
            "percent_cells": [
                _pct(d, t) for d, t in zip(total_cells, target_cells, strict=True)
            ],
            "total_persons": total["persons"],
            "total_person_courses": total["person_courses"],
            "target_total": target_total,
            "target_percent": _pct(total["persons"], target_total),
            "target_set": bool(target_total),
            "target_sources": target_sources(
                plan=plan, first_year=first, last_year=last
            ),
        },
        "by_year": [
            {
                "year": y,
                "persons": year_done.get(y, 0),
                "target": year_target.get(y, 0),
                "percent": _pct(year_done.get(y, 0), year_target.get(y, 0)),
            }
            for y in range(first, last + 1)
        ],
        "courses": courses_held(first_year=first, last_year=last, as_of=as_of),
        "certificates": certificates_issued(
            first_year=first, last_year=last, as_of=as_of
        ),
        "indicators": indicator_table(plan=plan, first_year=first, last_year=last),
        "sections": {
            "results": report.results,
            "difficulties": report.difficulties,
            "proposals": report.proposals,
        },
    }


def implementing_units_today(*, plan) -> list[dict]:
    """Section V's bodies that no longer exist, with the units that succeeded
    them (directory history): "Sở Thông tin và Truyền thông → Sở Khoa học và
    Công nghệ"; an ended body without successor has an empty list."""
    from directory.selectors import successors_of

    today = timezone.localdate()
    rows = []
    for group in plan.unit_groups.prefetch_related("units").order_by("sort_order"):
        for unit in group.units.all():
            if unit.valid_to is None or unit.valid_to >= today:
                continue
            rows.append(
                {
                    "section": group.code,
                    "unit": unit.name,
                    "until": unit.valid_to.isoformat(),
                    "successors": [s.name for s in successors_of(unit, on=today)],
                }
            )
    return rows


def _document(report) -> dict:
    plan = report.plan
    date = report.document_date or timezone.localdate()
    number = report.number or "…"
    symbol = report.symbol or plan.report_symbol or "BC"
    recipients = [
        line.strip() for line in (report.recipients or "").splitlines() if line.strip()
    ] or plan.recipient_list
    if report.kind == ReportKind.ANNUAL:
        summary = f"Kết quả thực hiện Kế hoạch số {plan.number} năm {report.year}"
    elif report.kind == ReportKind.MIDTERM:
        summary = (
            f"Sơ kết thực hiện Kế hoạch số {plan.number} "
            f"giai đoạn {plan.period_start} - {report.year}"
        )
    else:
        summary = (
            f"Tổng kết thực hiện Kế hoạch số {plan.number} "
            f"giai đoạn {plan.period_start} - {report.year}"
        )
    # The issuer of the document's date (directory.IssuerPeriod) when an editor
    # recorded one: a report dated after 1 July 2025 is headed by the merged
    # city, not by the former province the plan file names.
    issuer = issuer_on(date)
    governing_body = plan.governing_body
    issuing_body, place = plan.reporting_body, plan.place
    addressee, default_signer = plan.report_addressee, plan.report_signer_name
    if issuer is not None:
        header = issuer.issuer_line_list
        governing_body = issuer.governing_body or (header[0] if header else "")
        issuing_body = header[-1] if header else issuing_body
        place = issuer.place
        addressee = issuer.report_addressee or addressee
        default_signer = issuer.signer_name or default_signer
    return {
        "governing_body": governing_body,
        "issuing_body": issuing_body,
        "issuing_body_name": (
            issuer.issuer_name
            if issuer is not None
            else plan.reporting_unit.name
            if plan.reporting_unit
            else plan.reporting_body
        ),
        "number_symbol": f"{number}/{symbol}",
        "place_date": f"{place}, {vietnamese_date(date, administrative=True)}",
        "date": date.isoformat(),
        "type": "BÁO CÁO",
        "summary": summary,
        "addressee": addressee,
        "recipients": recipients,
        "signer_authority": signer_authority(report),
        "signer_title": report.signer_title or plan.report_signer_title,
        "signer_name": report.signer_name or default_signer,
    }


def signer_authority(report) -> str:
    """ "KT. GIÁM ĐỐC" only when the report chose to sign for the head: the
    prefix chosen, then the head's title (the report's, else the plan's
    default without whatever prefix it carries)."""
    from .models.reports import Signing

    if report.signing in ("", Signing.DIRECT):
        return ""
    head = report.signer_authority or report.plan.report_signer_authority
    for prefix in Signing.values:
        if head.upper().startswith(prefix.upper() + " "):
            head = head[len(prefix) :].strip()
    return f"{report.signing} {head}".strip()


def report_as_of(report) -> datetime.date:
    """The day the report counts up to: its date, or today while undated."""
    return report.document_date or timezone.localdate()


def target_sources(*, plan, first_year: int, last_year: int) -> list[str]:
    """The decisions that set the official targets of the period."""
    from .models import YearlyTarget

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
    training_class = apps.get_model("courses.TrainingClass")
    course_page = apps.get_model("courses.CoursePage")
    classes = training_class.objects.filter(
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
    pages = course_page.objects.filter(pk__in=counts).values_list(
        "pk", "title", "level"
    )
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
    from courses.pages import Level

    if value not in Level.values:
        return value
    with translation.override("vi"):
        return str(Level(value).label)


def certificates_issued(*, first_year: int, last_year: int, as_of=None) -> dict:
    """Certificates issued in the period and still valid on ``as_of``, by
    course; certificates revoked in the period (outright: a version replaced
    by a corrected re-issue is counted as re-issued, not revoked)."""
    try:
        certificate = apps.get_model("certificates.Certificate")
    except LookupError:
        return {"rows": [], "total": 0, "revoked": 0, "reissued": 0}
    end = _day_end(as_of) if as_of is not None else None
    issued = certificate.objects.filter(
        issued_at__year__gte=first_year, issued_at__year__lte=last_year
    ).exclude(status="pending")
    revoked = certificate.objects.filter(
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


def targets_total(*, plan, first_year, last_year) -> int:
    from .models import YearlyTarget

    return (
        YearlyTarget.objects.filter(
            plan=plan,
            is_demo=False,
            unit__isnull=True,
            year__gte=first_year,
            year__lte=last_year,
        ).aggregate(s=Sum("target"))["s"]
        or 0
    )
