"""One figure everywhere: every view counts a messy dataset as the README defines.

The dataset (``messy_world``) is built through the services; the expected
figures are counted from the source tables in ``messy_world.expected``, not
with the selectors. Compared here: the report page's CSV and XLSX, the
dashboard (plan manager and focal point, the unit tree), the annual, mid-term
and final reports (data, PDF text, XLSX appendix, DOCX). Runs on SQLite and
PostgreSQL.
"""

from __future__ import annotations

import csv
import datetime
import io
import subprocess

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from accounts.services import units_set
from certificates.models import Certificate
from courses.models import Enrollment
from directory.models import AudienceGroup
from plan.models import AnnualReport
from plan.services import annual_report_render

from .messy_world import METRICS, YEARS, expected, local, messy_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(home_page):
    return messy_world(home_page)


# --- the views ---------------------------------------------------------------------


def report_csv(client, query: str) -> dict[str, tuple[int, int]]:
    url = reverse("plan_admin:headcount") + f"?export=csv&by=year{query}"
    response = client.get(url)
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body)))[1:]
    return {row[0]: (int(row[1]), int(row[2])) for row in rows}


def report_xlsx(client, query: str) -> dict[str, tuple[int, int]]:
    url = reverse("plan_admin:headcount") + f"?export=xlsx&by=year{query}"
    response = client.get(url)
    assert response.status_code == 200
    content = (
        b"".join(response.streaming_content) if response.streaming else response.content
    )
    sheet = load_workbook(io.BytesIO(content)).active
    out = {}
    for row in sheet.iter_rows(values_only=True):
        if row and str(row[0]).isdigit() and len(row) >= 3:
            out[str(row[0])] = (int(row[1]), int(row[2]))
    return out


def dashboard(client, year: int, unit: int | None = None) -> dict:
    query = f"?year={year}" + (f"&unit={unit}" if unit else "")
    response = client.get(reverse("plan_admin:dashboard") + query)
    assert response.status_code == 200
    return response.context["data"]


def test_the_report_page_counts_every_metric_as_the_readme_defines(
    client, world, plan_manager
):
    client.force_login(plan_manager)
    for metric in METRICS:
        for year in YEARS:
            want = expected(metric, first=year, last=year)
            query = f"&year={year}&metric={metric}"
            got = report_csv(client, query).get(str(year), (0, 0))
            assert got == want, (metric, year)
            assert report_xlsx(client, query).get(str(year), (0, 0)) == want


def test_a_unit_counts_all_its_descendants_for_manager_and_focal_point(
    client, world, plan_manager, focal_point
):
    root = world["root"]
    for year in YEARS:
        want = expected("trained", first=year, last=year, unit=root.pk)
        client.force_login(plan_manager)
        manager = report_csv(client, f"&year={year}&unit={root.pk}")
        assert manager.get(str(year), (0, 0)) == want
        assert dashboard(client, year, unit=root.pk)["trained"]["persons"] == want[0]
    units_set(user=focal_point, units=[root])
    client.force_login(focal_point)
    for year in YEARS:
        want = expected("trained", first=year, last=year, unit=root.pk)
        assert dashboard(client, year)["trained"]["persons"] == want[0]
        grandchild = world["grandchild"].pk
        by_grandchild = report_csv(client, f"&year={year}&unit={grandchild}")
        assert by_grandchild.get(str(year), (0, 0)) == expected(
            "trained", first=year, last=year, unit=grandchild
        )
    # The grandchild's people are really there (the fixture moved one of them).
    assert any(
        expected("enrolled", first=y, last=y, unit=world["grandchild"].pk)[0]
        for y in YEARS
    )


def test_the_dashboard_matches_for_every_metric_and_the_2025_milestone(
    client, world, plan_manager
):
    client.force_login(plan_manager)
    for year in YEARS:
        data = dashboard(client, year)
        assert (
            data["trained"]["persons"] == expected("trained", first=year, last=year)[0]
        )
        for metric in ("enrolled", "in_progress", "completed"):
            assert (
                data["totals"][metric]["persons"]
                == (expected(metric, first=year, last=year)[0])
            ), metric
    milestone = next(m for m in data["milestones"] if m["year"] == 2025)
    distinct = expected("trained", first=2021, last=2025)[0]
    yearly_sum = sum(expected("trained", first=y, last=y)[0] for y in (2024, 2025))
    assert milestone["done"] == distinct
    assert distinct < yearly_sum, "the dataset must have people trained twice"


def pdf_text(data: bytes) -> str:
    text = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=data, capture_output=True, check=True
    ).stdout.decode()
    return " ".join(text.split())


def docx_text(data: bytes) -> str:
    from docx import Document

    document = Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts += [cell.text for cell in row.cells]
    return " ".join(" ".join(parts).split())


def _check_report(report, *, first, last, as_of):
    version = annual_report_render(report=report)
    data = version.data_snapshot
    persons, person_courses = expected("trained", first=first, last=last, as_of=as_of)
    hc = data["headcount"]
    assert (hc["total_persons"], hc["total_person_courses"]) == (
        persons,
        person_courses,
    )
    sentence = f"{persons} người được đào tạo, bồi dưỡng ({person_courses} lượt người"
    assert sentence in pdf_text(version.pdf.read())
    assert sentence in docx_text(version.docx.read())
    sheet = load_workbook(io.BytesIO(version.xlsx.read())).worksheets[0]
    total = next(
        r
        for r in sheet.iter_rows(values_only=True)
        if r[1] == "Tổng cộng (người, không trùng lặp)"
    )
    assert total[-2:] == (persons, person_courses)
    # Audience groups: the retired one is listed, and the cells are per group.
    names = [g["name"] for g in hc["audience_groups"]]
    for group in AudienceGroup.objects.all():
        want = expected("trained", first=first, last=last, group=group.pk, as_of=as_of)
        if want[0]:
            assert group.name in names
            assert hc["total_cells"][names.index(group.name)] == want[0]
    # Courses: enrolled, completed and trained, each by its own year.
    rows = {c["title"]: c for c in data["courses"]["courses"]}
    for course in Enrollment.objects.values_list("course", flat=True).distinct():
        title = Enrollment.objects.filter(course=course).first().course.title
        counts = {
            key: expected(metric, first=first, last=last, course=course, as_of=as_of)[0]
            for key, metric in (
                ("enrolled", "enrolled"),
                ("completed", "completed"),
                ("trained", "trained"),
            )
        }
        if not any(counts.values()):
            assert title not in rows
            continue
        assert {k: rows[title][k] for k in counts} == counts, title
    return data


def test_the_annual_midterm_and_final_reports_print_the_same_figures(world):
    """Also: a report's date leaves out later classes and facts; revocations
    count in the year they happened."""
    plan = world["plan"]
    for year in YEARS:
        as_of = datetime.date(year + 1, 1, 10)
        report = AnnualReport.objects.create(
            plan=plan, year=year, document_date=as_of, number=str(year)
        )
        _check_report(report, first=year, last=year, as_of=as_of)
    midterm = AnnualReport.objects.create(
        plan=plan, year=2025, kind="midterm", document_date=datetime.date(2026, 1, 10)
    )
    data = _check_report(
        midterm, first=2021, last=2025, as_of=datetime.date(2026, 1, 10)
    )
    by_year = {r["year"]: r["persons"] for r in data["by_year"]}
    assert by_year == {
        y: expected("trained", first=y, last=y)[0] for y in range(2021, 2026)
    }
    final = AnnualReport.objects.create(
        plan=plan, year=2026, kind="final", document_date=datetime.date(2026, 12, 31)
    )
    _check_report(final, first=2021, last=2026, as_of=datetime.date(2026, 12, 31))
    # An annual report dated before the year's end counts up to its date.
    as_of = datetime.date(2026, 12, 10)
    report = AnnualReport.objects.get(plan=plan, year=2026, kind="annual")
    report.document_date = as_of
    report.save()
    data = _check_report(report, first=2026, last=2026, as_of=as_of)
    titles = [c["title"] for c in data["courses"]["classes"]]
    assert world["class_b"].title not in titles  # starts on 20/12/2026
    for year in YEARS:
        end = datetime.date(year, 12, 31)
        report = AnnualReport.objects.get_or_create(
            plan=world["plan"], year=year, kind="annual"
        )[0]
        report.document_date = end
        report.save()
        certs = annual_report_render(report=report).data_snapshot["certificates"]
        revoked = [
            c
            for c in Certificate.objects.filter(status="revoked")
            if local(c.revoked_at).year == year
            and not Certificate.objects.filter(replaces=c).exists()
        ]
        assert certs["revoked"] == len(revoked), year
        valid = [
            c
            for c in Certificate.objects.exclude(status="pending")
            if c.issued_at
            and local(c.issued_at).year == year
            and (c.revoked_at is None or local(c.revoked_at).date() > end)
        ]
        assert certs["total"] == len(valid), year
    assert Certificate.objects.filter(status="revoked").count() >= 10
