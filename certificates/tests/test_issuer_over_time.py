"""The issuer over time: a certificate prints the issuer of its issue date and
keeps it when the issuer periods change afterwards."""

import datetime

import pytest
from django.utils import timezone

from certificates import services
from certificates.rendering import certificate_pdf_bytes
from directory.models import IssuerPeriod

from . import factories
from .pdfcheck import pdftotext, squash

pytestmark = pytest.mark.django_db


@pytest.fixture
def training_class(course):
    """A class held in November 2024: its certificates may follow from then on."""
    return factories.training_class(
        course,
        start_date=datetime.date(2024, 11, 11),
        end_date=datetime.date(2024, 11, 15),
    )


@pytest.fixture
def periods():
    hau_giang = IssuerPeriod.objects.create(
        label="Hậu Giang",
        valid_from=datetime.date(2021, 1, 1),
        valid_to=datetime.date(2025, 6, 30),
        issuer_name="Sở Khoa học và Công nghệ tỉnh Hậu Giang",
        issuer_lines="UBND TỈNH HẬU GIANG\nSỞ KHOA HỌC VÀ CÔNG NGHỆ",
        place="Hậu Giang",
        signer_title="GIÁM ĐỐC",
        signer_name="Trần Văn Hậu",
    )
    can_tho = IssuerPeriod.objects.create(
        label="Cần Thơ",
        valid_from=datetime.date(2025, 7, 1),
        issuer_name="Sở Khoa học và Công nghệ thành phố Cần Thơ",
        issuer_lines="UBND THÀNH PHỐ CẦN THƠ\nSỞ KHOA HỌC VÀ CÔNG NGHỆ",
        place="Cần Thơ",
        signer_title="KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC",
        signer_name="Lê Thị Cần",
    )
    return hau_giang, can_tho


def _issue_on(monkeypatch, enrollment, day: datetime.date):
    moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(9)))
    # The certificate prints the day the course was completed.
    enrollment.completed_at = moment
    enrollment.save(update_fields=["completed_at"])
    monkeypatch.setattr(timezone, "now", lambda: moment)
    certificate = services.certificate_issue(enrollment=enrollment, enqueue=False)
    monkeypatch.undo()
    return certificate


def test_a_certificate_of_2024_and_one_of_2026_carry_their_own_issuer(
    monkeypatch, periods, learner, course, training_class, artifacts_dir
):
    from tests.factories import UserFactory

    learner.profile.full_name = "Nguyễn Thị Thu Hà"
    learner.profile.save()
    first = factories.enrollment(learner, course, training_class=training_class)
    other = UserFactory()
    other.profile.full_name = "Trần Minh Khoa"
    other.profile.save()
    second = factories.enrollment(other, course, training_class=training_class)

    old = _issue_on(monkeypatch, first, datetime.date(2024, 11, 20))
    new = _issue_on(monkeypatch, second, datetime.date(2026, 3, 5))
    old_pdf, new_pdf = certificate_pdf_bytes(old), certificate_pdf_bytes(new)
    (artifacts_dir / "certificate-issuer-2024.pdf").write_bytes(old_pdf)
    (artifacts_dir / "certificate-issuer-2026.pdf").write_bytes(new_pdf)
    old_text, new_text = squash(pdftotext(old_pdf)), squash(pdftotext(new_pdf))

    assert "UBND TỈNH HẬU GIANG" in old_text
    assert "Hậu Giang, ngày 20 tháng 11 năm 2024" in old_text
    assert "Trần Văn Hậu" in old_text
    assert "CẦN THƠ" not in old_text

    assert "UBND THÀNH PHỐ CẦN THƠ" in new_text
    assert "Cần Thơ, ngày 05 tháng 3 năm 2026" in new_text
    assert "PHÓ GIÁM ĐỐC" in new_text and "Lê Thị Cần" in new_text
    assert "HẬU GIANG" not in new_text


def test_an_issued_certificate_keeps_its_issuer_when_the_period_is_edited(
    monkeypatch, periods, completed
):
    certificate = _issue_on(monkeypatch, completed, datetime.date(2026, 3, 5))
    _hau_giang, can_tho = periods
    can_tho.issuer_lines = "UBND THÀNH PHỐ CẦN THƠ\nSỞ KHÁC"
    can_tho.place = "Nơi khác"
    can_tho.save()
    text = squash(pdftotext(certificate_pdf_bytes(certificate)))
    assert "SỞ KHOA HỌC VÀ CÔNG NGHỆ" in text and "SỞ KHÁC" not in text
    assert "Cần Thơ, ngày" in text


def test_without_a_period_for_the_date_the_certificate_settings_apply(
    monkeypatch, completed
):
    certificate = _issue_on(monkeypatch, completed, datetime.date(2026, 3, 5))
    assert certificate.data["issuer_lines"] == [
        "UBND TỈNH HẬU GIANG",
        "SỞ KHOA HỌC VÀ CÔNG NGHỆ",
    ]
