import pytest
from django.core.management import call_command

from accounts.models import User
from certificates.tests.pdfcheck import pdftotext, squash
from directory.models import AudienceGroup, Commune, Unit


def _counts():
    from django.apps import apps

    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if model._meta.app_label
        in {
            "core",
            "directory",
            "accounts",
            "courses",
            "quizzes",
            "certificates",
            "plan",
            "wagtailcore",
            "auth",
        }
        and not model._meta.proxy
    }


def _demo_certificates_shown(out: str) -> None:
    """The demo learner completed a course: a rendered certificate, and its
    first version revoked by a re-issue, with their verification paths printed."""
    from certificates.models import Certificate
    from courses.models import Enrollment
    from learning.demo import DEMO_COMPLETED_COURSE

    enrollment = Enrollment.objects.get(
        user__email="hocvien@demo.shtt.vn", course__slug=DEMO_COMPLETED_COURSE
    )
    assert enrollment.status == "completed"
    valid = Certificate.objects.get(enrollment=enrollment, status="issued")
    revoked = Certificate.objects.get(enrollment=enrollment, status="revoked")
    assert valid.pdf and valid.replaces == revoked and revoked.pdf
    for certificate in (valid, revoked):
        assert f"/verify/{certificate.verification_code}/" in out
    # Issued today, after 1 July 2025: headed by the merged city (the demo's
    # sample issuer period), not by the former province.
    with valid.pdf.open("rb") as pdf:
        text = squash(pdftotext(pdf.read()))
    assert "UBND THÀNH PHỐ CẦN THƠ SỞ KHOA HỌC VÀ CÔNG NGHỆ" in text
    assert "Cần Thơ, ngày" in text and "HẬU GIANG" not in text


@pytest.mark.django_db(transaction=True)
def test_load_demo_is_idempotent_and_prints_the_logins(capsys):
    call_command("load_demo")
    first = _counts()
    out = capsys.readouterr().out
    for email in (
        "admin@demo.shtt.vn",
        "bientap@demo.shtt.vn",
        "quanly@demo.shtt.vn",
        "daumoi@demo.shtt.vn",
        "hocvien@demo.shtt.vn",
    ):
        assert email in out
    _demo_certificates_shown(out)
    call_command("load_demo")
    assert _counts() == first
    assert AudienceGroup.objects.count() == 8
    assert Unit.objects.filter(code="so-khcn").exists()
    # The 75 communes of 2021 and the 28 formed on 1 July 2025 (the seeded
    # reorganisation, directory/seeds/reorganisations/).
    assert Commune.objects.count() == 75 + 28
    assert Commune.objects.filter(province="Cần Thơ").count() == 28
    assert User.objects.filter(is_superuser=True).count() == 1
