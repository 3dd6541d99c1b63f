"""Reads behind the annual report and the indicators (II.4/II.5).

``annual_report_data`` returns plain JSON-able data: it is stored as the
snapshot of every generated version and is all ``report_pdf``/``report_xlsx``
get. A fixed number of queries whatever the data size.
"""

from __future__ import annotations

import datetime

from django.utils import timezone, translation

from core.dates import vietnamese_date
from directory.models import AudienceGroup
from directory.selectors import issuer_on, successors_of

from .models import TaskGroup
from .models.reports import ReportKind, Signing
from .report_tables import (
    certificates_issued,
    courses_held,
    indicator_table,
    percent_of,
    target_sources,
)
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
                percent_of(d, t) for d, t in zip(total_cells, target_cells, strict=True)
            ],
            "total_persons": total["persons"],
            "total_person_courses": total["person_courses"],
            "target_total": target_total,
            "target_percent": percent_of(total["persons"], target_total),
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
                "percent": percent_of(year_done.get(y, 0), year_target.get(y, 0)),
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
