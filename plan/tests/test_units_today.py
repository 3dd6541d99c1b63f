"""Counting across the reform: "as recorded" (the unit at the time of training)
or "today's units" (through the directory's successor links)."""

import datetime
import subprocess

import pytest
from django.urls import reverse

from directory.models import Reorganisation, UnitSuccession
from plan.models import AnnualReport, ImplementingUnitGroup, Plan
from plan.report_data import annual_report_data
from plan.selectors import ALL_UNITS, HeadcountFilter, headcount
from plan.services import annual_report_render
from plan.tests.factories import certify, course, enrol
from tests.factories import AudienceGroupFactory, UnitFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def reform():
    district = UnitFactory(
        code="ubnd-h-x",
        name="UBND huyện X",
        valid_to=datetime.date(2025, 6, 30),
    )
    commune = UnitFactory(
        code="ubnd-xa-y", name="UBND xã Y", valid_from=datetime.date(2025, 7, 1)
    )
    reorganisation = Reorganisation.objects.create(
        code="sap-xep-2025", name="Sắp xếp 2025", effective_on=datetime.date(2025, 7, 1)
    )
    UnitSuccession.objects.create(
        reorganisation=reorganisation,
        predecessor=district,
        successor=commune,
        kind="transfer",
        source="test",
    )
    return district, commune


@pytest.fixture
def enrolment_2024(reform, home_page):
    district, _commune = reform
    enrolment = enrol(
        UserFactory(),
        course(home_page, "k"),
        unit=district,
        group=AudienceGroupFactory(),
        commune=None,
        year=2024,
    )
    certify(enrolment, year=2024)
    return enrolment


def _by_unit(units):
    flt = HeadcountFilter(year=2024, units=units)
    return {
        row["unit"]: row["persons"]
        for row in headcount(scope=ALL_UNITS, by=["unit"], flt=flt)
    }


def test_an_enrolment_of_2024_counts_under_its_district_as_recorded_and_its_successor_today(  # noqa: E501
    reform, enrolment_2024
):
    district, commune = reform
    assert _by_unit("recorded") == {district.pk: 1}
    assert _by_unit("today") == {commune.pk: 1}


def test_filtering_on_todays_unit_includes_the_units_that_became_it(
    reform, enrolment_2024
):
    _district, commune = reform

    def persons(units):
        flt = HeadcountFilter(year=2024, unit=commune.pk, units=units)
        return headcount(scope=ALL_UNITS, flt=flt)[0]["persons"]

    assert persons("recorded") == 0
    assert persons("today") == 1


def test_the_headcount_report_offers_both_bases(
    reform, enrolment_2024, client, plan_manager
):
    district, commune = reform
    client.force_login(plan_manager)
    url = reverse("plan_admin:headcount_results") + "?by=unit&year=2024"
    recorded = client.get(url).content.decode()
    today = client.get(url + "&units=today").content.decode()
    assert "UBND huyện X" in recorded and "UBND xã Y" not in recorded
    assert "UBND xã Y" in today and "UBND huyện X" not in today


def test_the_annual_report_says_which_units_it_counts_and_maps_section_v(
    reform, enrolment_2024, home_page
):
    district, commune = reform
    plan = Plan.objects.create(number="66/KH-UBND", title="Kế hoạch", is_current=True)
    group = ImplementingUnitGroup.objects.create(
        plan=plan, code="V.9", name="UBND huyện, thị xã, thành phố"
    )
    group.units.set([district])
    group.save()
    recorded = AnnualReport.objects.create(plan=plan, year=2024)
    today = AnnualReport.objects.create(plan=plan, year=2025, units_basis="today")
    assert (
        "thời điểm đào tạo"
        in annual_report_data(report=recorded)["definitions"]["units"]
    )
    data = annual_report_data(report=today)
    assert "đơn vị kế thừa" in data["definitions"]["units"]
    assert data["implementing_units_today"] == [
        {
            "section": "V.9",
            "unit": "UBND huyện X",
            "until": "2025-06-30",
            "successors": ["UBND xã Y"],
        }
    ]
    pdf = annual_report_render(report=today).pdf.read()
    text = " ".join(
        subprocess.run(
            ["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True
        )
        .stdout.decode()
        .split()
    )
    assert "Đơn vị tại Mục V sau sắp xếp: UBND huyện X (nay: UBND xã Y)" in text
