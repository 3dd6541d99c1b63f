"""Targets count only with the decision that set them; reports are signed as chosen."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from plan.models import AnnualReport, Plan, YearlyTarget
from plan.report_data import annual_report_data
from plan.selectors import ALL_UNITS, targets
from tests.factories import AudienceGroupFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan():
    return Plan.objects.create(
        number="66/KH-UBND",
        title="Kế hoạch",
        report_signer_authority="KT. GIÁM ĐỐC",
        report_signer_title="PHÓ GIÁM ĐỐC",
    )


def test_an_official_target_needs_its_decision_and_a_demo_one_does_not(plan):
    group = AudienceGroupFactory()
    target = YearlyTarget(plan=plan, year=2025, audience_group=group, target=10)
    with pytest.raises(ValidationError) as error:
        target.full_clean()
    assert set(error.value.message_dict) == {
        "decision_number",
        "decision_date",
        "decision_issuer",
    }
    target.is_demo = True
    target.full_clean()
    target.is_demo = False
    target.decision_number = "12/QĐ-UBND"
    target.decision_date = datetime.date(2025, 2, 1)
    target.decision_issuer = "UBND tỉnh"
    target.full_clean()
    assert target.source == "12/QĐ-UBND ngày 01/02/2025 của UBND tỉnh"


def test_demo_targets_are_never_read_as_targets(plan):
    group = AudienceGroupFactory()
    YearlyTarget.objects.create(
        plan=plan, year=2025, audience_group=group, target=99, is_demo=True
    )
    assert targets(plan=plan, scope=ALL_UNITS, by=["year"]) == []
    YearlyTarget.objects.create(
        plan=plan,
        year=2026,
        audience_group=group,
        target=7,
        decision_number="1/QĐ",
        decision_date=datetime.date(2026, 1, 5),
        decision_issuer="UBND tỉnh",
    )
    assert targets(plan=plan, scope=ALL_UNITS, by=["year"]) == [
        {"year": 2026, "target": 7}
    ]


def test_the_report_names_the_decision_behind_its_targets(plan):
    group = AudienceGroupFactory()
    YearlyTarget.objects.create(
        plan=plan,
        year=2026,
        audience_group=group,
        target=7,
        decision_number="1/QĐ-UBND",
        decision_date=datetime.date(2026, 1, 5),
        decision_issuer="UBND tỉnh",
    )
    report = AnnualReport.objects.create(plan=plan, year=2026)
    data = annual_report_data(report=report)
    assert data["headcount"]["target_sources"] == [
        "1/QĐ-UBND ngày 05/01/2026 của UBND tỉnh"
    ]
    assert data["headcount"]["target_set"]


@pytest.mark.parametrize(
    ("signing", "authority", "printed"),
    [
        ("direct", "", ""),
        ("direct", "GIÁM ĐỐC", ""),
        ("KT.", "", "KT. GIÁM ĐỐC"),
        ("KT.", "GIÁM ĐỐC SỞ", "KT. GIÁM ĐỐC SỞ"),
        ("TL.", "GIÁM ĐỐC", "TL. GIÁM ĐỐC"),
    ],
)
def test_the_authority_line_is_printed_only_when_chosen(
    plan, signing, authority, printed
):
    report = AnnualReport.objects.create(
        plan=plan, year=2026, signing=signing, signer_authority=authority
    )
    assert annual_report_data(report=report)["document"]["signer_authority"] == (
        printed
    )


def test_a_report_needs_someone_to_sign_it(plan):
    report = AnnualReport(plan=plan, year=2026, signing="KT.")
    with pytest.raises(ValidationError) as error:
        report.full_clean()
    assert "signer_name" in error.value.message_dict
    report.signer_name = "Nguyễn Văn An"
    report.full_clean()


def test_the_number_and_symbol_of_the_report_can_be_its_own(plan):
    plan.report_symbol = "BC-SKHCN"
    plan.save()
    report = AnnualReport.objects.create(
        plan=plan, year=2026, number="15", symbol="BC-QLCN"
    )
    assert annual_report_data(report=report)["document"]["number_symbol"] == (
        "15/BC-QLCN"
    )
