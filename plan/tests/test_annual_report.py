"""The annual report: PDF text and layout, XLSX appendix, versions, command."""

import datetime
import subprocess
from io import BytesIO, StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from plan.models import AnnualReport, YearlyTarget
from plan.services import annual_report_render
from plan.tests.factories import headcount_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(home_page):
    world = headcount_world(home_page)
    plan = world["plan"]
    plan.is_current = True
    plan.place = "Hậu Giang"
    plan.governing_body = "UBND TỈNH HẬU GIANG"
    plan.reporting_body = "SỞ KHOA HỌC VÀ CÔNG NGHỆ"
    plan.report_symbol = "BC-SKHCN"
    plan.report_recipients = "UBND tỉnh\nLưu: VT, QLCN"
    plan.report_signer_authority = "KT. GIÁM ĐỐC"
    plan.report_signer_title = "PHÓ GIÁM ĐỐC"
    plan.save()
    YearlyTarget.objects.create(
        plan=plan, year=2022, audience_group=world["g1"], target=8
    )
    return world


def pdf_text(data: bytes) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=data, capture_output=True, check=True
    ).stdout.decode()


def test_the_report_pdf_has_the_decree_30_blocks_and_the_right_numbers(
    world, artifacts_dir
):  # noqa: PLR0915
    report = AnnualReport.objects.create(
        plan=world["plan"],
        year=2022,
        number="15",
        document_date=datetime.date(2022, 12, 5),
        results="Kết quả <b>nổi bật</b> & đáng ghi nhận.",
        signing="KT.",
        signer_name="Nguyễn Văn An",
    )
    version = annual_report_render(report=report)
    data = version.pdf.read()
    text = pdf_text(data)
    for expected in [
        "UBND TỈNH HẬU GIANG",
        "SỞ KHOA HỌC VÀ CÔNG NGHỆ",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số: 15/BC-SKHCN",
        "Hậu Giang, ngày 05 tháng 12 năm 2022",
        "BÁO CÁO",
        "Kết quả thực hiện Kế hoạch số 1/KH-TEST năm 2022",
        "Nơi nhận:",
        "KT. GIÁM ĐỐC",
        "Nguyễn Văn An",
        "Kết quả <b>nổi bật</b> & đáng ghi nhận.",
        "Năm 2022, 4 người được đào tạo",
        "(4 lượt người",
        "đạt 50,0% chỉ tiêu (8 người)",
    ]:
        assert expected in " ".join(text.split()), expected
    assert "- Lưu: VT, QLCN." in text
    assert version.data_snapshot["headcount"]["total_persons"] == 4
    pdf_path = artifacts_dir / "plan-annual-report.pdf"
    pdf_path.write_bytes(data)
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "70",
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            str(pdf_path),
            str(artifacts_dir / "plan-annual-report-page1"),
        ],
        check=True,
    )
    assert (artifacts_dir / "plan-annual-report-page1.png").stat().st_size > 10_000


def test_the_midterm_review_is_cumulative_from_the_first_year(world):
    world["plan"].period_start = 2021
    world["plan"].save()
    report = AnnualReport.objects.create(plan=world["plan"], year=2022, kind="midterm")
    version = annual_report_render(report=report)
    snapshot = version.data_snapshot
    assert snapshot["first_year"] == 2021
    assert snapshot["headcount"]["total_persons"] == 5
    assert snapshot["headcount"]["total_person_courses"] == 7
    assert [r["persons"] for r in snapshot["by_year"]] == [3, 4]
    assert "Sơ kết thực hiện Kế hoạch số 1/KH-TEST" in pdf_text(version.pdf.read())


def test_the_xlsx_appendix_holds_the_same_figures(world):
    report = AnnualReport.objects.create(plan=world["plan"], year=2022)
    version = annual_report_render(report=report)
    book = load_workbook(BytesIO(version.xlsx.read()))
    sheet = book.worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    total = next(r for r in rows if r[1] == "Tổng cộng (người, không trùng lặp)")
    assert total[-2:] == (4, 4)


def test_each_generation_is_kept_with_who_and_when(
    world, client, plan_manager, django_capture_on_commit_callbacks
):
    report = AnnualReport.objects.create(plan=world["plan"], year=2022)
    client.force_login(plan_manager)
    url = reverse("plan_admin:report_generate", args=[report.pk])
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(url)
    status = client.get(response["Location"].replace("/jobs/", "/jobs/") + "status/")
    assert status.json()["status"] == "done"
    assert status.json()["download_url"]
    versions = list(report.versions.all())
    assert len(versions) == 2
    assert all(v.generated_by == plan_manager for v in versions)
    page = client.get(url)
    assert page.status_code == 200
    download = client.get(
        reverse("plan_admin:report_file", args=[versions[0].pk, "pdf"])
    )
    assert b"".join(download.streaming_content).startswith(b"%PDF")


def test_the_command_writes_the_pdf(world, tmp_path):
    world["plan"].period_start, world["plan"].period_end = 2021, 2030
    world["plan"].save()
    out = tmp_path / "bao-cao.pdf"
    call_command(
        "annual_report", "--year", "2022", "--output", str(out), stdout=StringIO()
    )
    assert out.read_bytes().startswith(b"%PDF")
    assert out.with_suffix(".xlsx").exists()
    assert "BÁO CÁO" in pdf_text(out.read_bytes())


def test_course_levels_print_in_vietnamese_whatever_the_active_language(world):
    """The labels are courses' ``Level`` choices, translated in courses' catalogue."""
    from django.utils import translation

    from courses.pages import Level
    from plan.report_data import annual_report_data

    with translation.override("vi"):
        vietnamese = {level.value: str(level.label) for level in Level}
    with translation.override("en"):
        english = {level.value: str(level.label) for level in Level}
    assert all(vietnamese[v] != english[v] for v in Level.values), (
        "courses/locale/vi lacks a translation of a level label"
    )
    report = AnnualReport.objects.create(plan=world["plan"], year=2022)
    with translation.override("en"):
        data = annual_report_data(report=report)
    levels = {c["title"]: c["level"] for c in data["courses"]["courses"]}
    assert levels == {
        "Khóa a": vietnamese["basic"],
        "Khóa b": vietnamese["intermediate"],
        "Khóa c": vietnamese["advanced"],
    }
