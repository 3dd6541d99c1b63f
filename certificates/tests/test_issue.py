"""Issuing: eligibility, idempotency, serials, frozen data, revoke, re-issue, sweep."""

import datetime

import pytest
from django.core.files.storage import default_storage

from certificates import keys, services, signing, sweep
from certificates.models import (
    Certificate,
    CertificateEvent,
    CertificateSettings,
    SigningKey,
)
from courses.models import EnrollmentStatus, LessonPage, ModulePage
from learning.services import lesson_complete
from tests.factories import UserFactory

from . import factories
from .pdfcheck import pdftotext, squash


@pytest.fixture
def issue(django_capture_on_commit_callbacks):
    """Issue and run the on-commit rendering (Celery is eager in tests)."""

    def run(enrollment, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            certificate = services.certificate_issue(enrollment=enrollment, **kwargs)
        certificate.refresh_from_db()
        return certificate

    return run


def test_completing_the_last_lesson_issues_the_certificate(
    learner, course, django_capture_on_commit_callbacks, mailoutbox
):
    module = course.add_child(instance=ModulePage(title="Học phần 1", slug="hp-1"))
    lesson = module.add_child(instance=LessonPage(title="Bài 1", slug="bai-1"))
    factories.enrollment(learner, course, status=EnrollmentStatus.ACTIVE)
    with django_capture_on_commit_callbacks(execute=True):
        lesson_complete(user=learner, lesson=lesson)
    certificate = Certificate.objects.get(user=learner)
    assert certificate.status == "issued"
    assert certificate.pdf and default_storage.exists(certificate.pdf.name)
    assert len(mailoutbox) == 1
    assert certificate.verification_code in mailoutbox[0].body


def test_an_unfinished_course_gives_no_certificate(learner, course):
    module = course.add_child(instance=ModulePage(title="Học phần 1", slug="hp-1"))
    first = module.add_child(instance=LessonPage(title="Bài 1", slug="bai-1"))
    module.add_child(instance=LessonPage(title="Bài 2", slug="bai-2"))
    enrollment = factories.enrollment(learner, course, status=EnrollmentStatus.ACTIVE)
    lesson_complete(user=learner, lesson=first)
    assert not Certificate.objects.exists()
    with pytest.raises(services.CertificateError, match="chưa hoàn thành"):
        services.certificate_issue(enrollment=enrollment)


def test_a_course_without_certificate_issues_none(learner, home_page):
    course = factories.course_page(home_page, awards_certificate=False)
    module = course.add_child(instance=ModulePage(title="Học phần", slug="hp"))
    lesson = module.add_child(instance=LessonPage(title="Bài", slug="bai"))
    enrollment = factories.enrollment(learner, course, status=EnrollmentStatus.ACTIVE)
    lesson_complete(user=learner, lesson=lesson)
    enrollment.refresh_from_db()
    assert enrollment.status == EnrollmentStatus.COMPLETED
    assert not Certificate.objects.exists()
    with pytest.raises(services.CertificateError, match="không cấp giấy chứng nhận"):
        services.certificate_issue(enrollment=enrollment)


def test_issuing_twice_gives_one_certificate_and_one_pdf(completed, issue):
    first = issue(completed)
    second = issue(completed)
    assert first.pk == second.pk
    assert Certificate.objects.count() == 1
    services.certificate_render(certificate_id=first.pk)  # a retried task
    first.refresh_from_db()
    assert first.pdf.name == second.pdf.name
    _dirs, files = default_storage.listdir(f"certificates/{first.serial_year}")
    assert len(files) == 1
    assert CertificateEvent.objects.filter(action="rendered").count() == 1


def test_serials_are_sequential_per_year(course, training_class, issue):
    enrollments = factories.completed_learners(course, 3, training_class=training_class)
    serials = [issue(e).serial for e in enrollments]
    year = datetime.date.today().year
    assert serials == [f"SHTT-{year}-00000{n}" for n in (1, 2, 3)]


def test_a_new_year_starts_again_at_one(db):
    from django.db import transaction

    with transaction.atomic():
        assert services.serial_next(year=2031) == (1, "SHTT-2031-000001")
        assert services.serial_next(year=2031)[0] == 2
        assert services.serial_next(year=2032)[0] == 1


def test_the_verification_code_has_at_least_96_random_bits(completed, issue):
    code = issue(completed).verification_code
    assert len(code) >= 16 and all(c.isalnum() or c in "-_" for c in code)
    assert len(code) * 6 >= 96


def test_the_pdf_prints_the_holder_course_class_and_serial(completed, issue):
    certificate = issue(completed)
    text = squash(pdftotext(certificate.pdf.read()))
    for expected in (
        "Nguyễn Thị Thu Hà",
        completed.course.title,
        certificate.serial,
        completed.training_class.title,
        "từ ngày 02/03/2026 đến ngày 06/03/2026",
        "Trình độ: Cơ bản",
        "Thời lượng: 8 giờ",
        "Sở hữu trí tuệ",
    ):
        assert expected in text


def test_the_signed_payload_names_the_holder_and_verifies(completed, issue):
    certificate = issue(completed)
    verified = signing.payload_verify(
        certificate.data["qr_text"], public_keys=keys.public_keys()
    )
    assert verified.claims.serial == certificate.serial
    assert verified.claims.name == "Nguyễn Thị Thu Hà"
    assert verified.claims.course == completed.course.title


def test_settings_changes_never_alter_an_issued_certificate(
    completed, issue, home_page
):
    certificate = issue(completed)
    before_pdf = certificate.pdf.read()
    before_data = dict(certificate.data)
    site_settings = services.certificate_settings()
    site_settings.issuer_lines = "UBND TỈNH MỚI\nSỞ MỚI"
    site_settings.signer_name = "Người Ký Mới"
    site_settings.save()
    completed.user.profile.full_name = "Tên Đã Đổi"
    completed.user.profile.save()
    certificate.refresh_from_db()
    assert certificate.data == before_data
    assert certificate.pdf.read() == before_pdf
    rerendered = squash(pdftotext(services.certificate_pdf_bytes(certificate)))
    assert "SỞ MỚI" not in rerendered and "Nguyễn Thị Thu Hà" in rerendered
    assert isinstance(
        CertificateSettings.for_site(home_page.get_site()), CertificateSettings
    )


def test_revoking_needs_a_reason_and_is_audited(completed, issue, editor):
    certificate = issue(completed)
    with pytest.raises(services.CertificateError):
        services.certificate_revoke(certificate=certificate, actor=editor, reason=" ")
    services.certificate_revoke(
        certificate=certificate, actor=editor, reason="Cấp nhầm lớp"
    )
    certificate.refresh_from_db()
    assert certificate.status == "revoked"
    assert certificate.revoked_by == editor
    event = certificate.events.get(action="revoked")
    assert (event.actor, event.reason) == (editor, "Cấp nhầm lớp")
    with pytest.raises(services.CertificateError, match="đã bị thu hồi"):
        services.certificate_revoke(certificate=certificate, actor=editor, reason="x")


def test_a_revoked_certificate_is_not_reissued_automatically(completed, issue, editor):
    certificate = issue(completed)
    services.certificate_revoke(certificate=certificate, actor=editor, reason="Sai")
    new = issue(completed)  # e.g. the signal fires again: a new valid one
    assert new.pk != certificate.pk and new.status == "issued"
    assert Certificate.objects.exclude(status="revoked").count() == 1


def test_reissue_creates_a_new_version_and_revokes_the_old(
    completed, issue, editor, django_capture_on_commit_callbacks
):
    old = issue(completed)
    completed.user.profile.full_name = "Nguyễn Thị Thu Hằng"
    completed.user.profile.save()
    with django_capture_on_commit_callbacks(execute=True):
        new = services.certificate_reissue(
            certificate=old, actor=editor, reason="Sửa tên theo CCCD"
        )
    old.refresh_from_db()
    new.refresh_from_db()
    assert old.status == "revoked" and "Sửa tên theo CCCD" in old.revocation_reason
    assert new.status == "issued" and new.version == 2 and new.replaces == old
    assert new.serial != old.serial
    assert "Nguyễn Thị Thu Hằng" in squash(pdftotext(new.pdf.read()))
    actions = list(old.events.values_list("action", flat=True))
    assert actions == ["recorded", "rendered", "emailed", "revoked", "reissued"]
    with pytest.raises(services.CertificateError):
        services.certificate_reissue(certificate=old, actor=editor, reason="again")


def test_the_sweep_renders_pending_certificates_and_sends_their_e_mail(
    completed, mailoutbox
):
    certificate = services.certificate_issue(enrollment=completed)  # no on_commit
    assert certificate.status == "pending"
    result = sweep.certificates_sweep(grace_seconds=0)
    certificate.refresh_from_db()
    assert certificate.status == "issued"
    assert result == {"rendered": 1, "failed": 0, "emailed": 1}
    assert len(mailoutbox) == 1
    assert sweep.certificates_sweep(grace_seconds=0) == {
        "rendered": 0,
        "failed": 0,
        "emailed": 0,
    }


def test_the_e_mail_is_in_vietnamese_and_links_to_the_certificates(
    completed, issue, mailoutbox
):
    issue(completed)
    (mail,) = mailoutbox
    assert "Chứng chỉ" in mail.subject or "Giấy chứng nhận" in mail.subject
    assert "http://testserver/my-certificates/" in mail.body
    assert "http://testserver/verify/" in mail.body


def test_rotating_the_key_keeps_old_certificates_verifiable(
    completed, issue, settings, course, training_class
):
    old = issue(completed)
    new_key = signing.private_key_generate()
    settings.CERTIFICATE_SIGNING_KEY = signing.private_key_to_pem(new_key)
    settings.CERTIFICATE_SIGNING_KEY_ID = "2027-01"
    other = factories.enrollment(UserFactory(), course, training_class=training_class)
    new = issue(other)
    assert new.key_id == "2027-01" and old.key_id != "2027-01"
    published = keys.published_keys()
    statuses = {k["kid"]: k["status"] for k in published["keys"]}
    assert statuses == {"2027-01": "active", old.key_id: "retired"}
    public = signing.public_keys_from_jwks(published)
    for certificate in (old, new):
        assert signing.payload_verify(certificate.payload, public_keys=public)
    assert SigningKey.objects.get(key_id="2027-01").private_key_pem == ""


def test_the_issue_date_is_the_recording_date(completed, issue):
    certificate = issue(completed)
    local = certificate.created_at.astimezone(
        datetime.timezone(datetime.timedelta(hours=7))
    )
    assert certificate.data["issue_date"] == local.date().isoformat()
    assert certificate.data["issue_date_text"].startswith("ngày ")


def test_the_sweep_catches_a_completion_whose_certificate_was_never_recorded(
    completed, mailoutbox
):
    # e.g. the certificate was refused at completion: the enrolment has none
    result = sweep.certificates_sweep(grace_seconds=0)
    certificate = Certificate.objects.get(enrollment=completed)
    assert certificate.status == "issued"
    assert result["rendered"] == 1 and len(mailoutbox) == 1


def test_without_a_key_a_deployment_that_may_not_generate_one_stores_no_key(
    completed, settings
):
    """Production (CERTIFICATE_SIGNING_KEY_GENERATE off) never writes a private
    key to the database; issuing says why it cannot sign and records nothing."""
    settings.CERTIFICATE_SIGNING_KEY = ""
    settings.CERTIFICATE_SIGNING_KEY_GENERATE = False
    with pytest.raises(keys.SigningKeyMissing, match="CERTIFICATE_SIGNING_KEY"):
        services.certificate_issue(enrollment=completed)
    assert not SigningKey.objects.exists()
    assert not Certificate.objects.filter(enrollment=completed).exists()
