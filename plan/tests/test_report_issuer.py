"""Reports are headed by the issuer of their date (directory.IssuerPeriod)."""

import datetime

import pytest

from directory.models import IssuerPeriod
from plan.models import AnnualReport
from plan.report_data import annual_report_data
from plan.tests.factories import headcount_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(home_page):
    plan = headcount_world(home_page)["plan"]
    plan.place = "Hậu Giang"
    plan.governing_body = "UBND TỈNH HẬU GIANG"
    plan.reporting_body = "SỞ KHOA HỌC VÀ CÔNG NGHỆ"
    plan.report_addressee = "Chủ tịch Ủy ban nhân dân tỉnh"
    plan.save()
    return plan


def _document(plan, day):
    report = AnnualReport.objects.create(
        plan=plan, year=day.year, number="1", document_date=day
    )
    return annual_report_data(report=report)["document"]


def test_a_report_dated_after_the_merger_uses_the_city_once_an_editor_set_it(plan):
    before = _document(plan, datetime.date(2026, 12, 5))
    assert before["governing_body"] == "UBND TỈNH HẬU GIANG"  # nothing set yet

    IssuerPeriod.objects.create(
        label="Cần Thơ",
        valid_from=datetime.date(2025, 7, 1),
        issuer_name="Sở Khoa học và Công nghệ thành phố Cần Thơ",
        issuer_lines="UBND THÀNH PHỐ CẦN THƠ\nSỞ KHOA HỌC VÀ CÔNG NGHỆ",
        governing_body="UBND THÀNH PHỐ CẦN THƠ",
        place="Cần Thơ",
        report_addressee="Chủ tịch Ủy ban nhân dân thành phố",
    )
    old = _document(plan, datetime.date(2024, 12, 5))
    new = _document(plan, datetime.date(2027, 12, 5))
    assert old["governing_body"] == "UBND TỈNH HẬU GIANG"
    assert old["place_date"].startswith("Hậu Giang, ngày")
    assert new["governing_body"] == "UBND THÀNH PHỐ CẦN THƠ"
    assert new["place_date"].startswith("Cần Thơ, ngày")
    assert new["addressee"] == "Chủ tịch Ủy ban nhân dân thành phố"
    assert new["issuing_body"] == "SỞ KHOA HỌC VÀ CÔNG NGHỆ"
