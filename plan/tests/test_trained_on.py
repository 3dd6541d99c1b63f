"""``Enrollment.trained_on`` stays right through every change of its inputs.

The headcount reads "trained" from that column (courses/trained.py, fed by
certificates/chains.py); these tests
change the inputs through the services (or the model saves the Wagtail admin
makes) and check the column and the headcount.
"""

import datetime
from unittest import mock

import pytest
from django.core.management import call_command
from django.utils import timezone

from accounts.selectors import ALL_UNITS
from certificates.services import (
    certificate_issue,
    certificate_reissue,
    certificate_render,
    certificate_revoke,
)
from courses.models import Enrollment
from courses.services import enrollment_cancel
from learning.services import attendance_record
from plan.selectors import HeadcountFilter, headcount, headcount_total
from plan.tests.factories import at, course, enrol, headcount_world, training_class
from tests.factories import (
    AudienceGroupFactory,
    CommuneFactory,
    UnitFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def place():
    return {
        "unit": UnitFactory(code="u-tr"),
        "group": AudienceGroupFactory(code="g-tr"),
        "commune": CommuneFactory(code="c-tr"),
    }


def trained_on(enrollment):
    enrollment.refresh_from_db(fields=["trained_on"])
    return enrollment.trained_on


def trained_in(year):
    return headcount_total(scope=ALL_UNITS, flt=HeadcountFilter(year=year))["persons"]


def issued(enrollment, when):
    """Issue and render the enrolment's certificate as if it were ``when``."""
    with mock.patch("django.utils.timezone.now", return_value=when):
        certificate = certificate_issue(enrollment=enrollment, enqueue=False)
        return certificate_render(certificate_id=certificate.pk, notify=False)


@pytest.fixture
def certified(home_page, place):
    user = UserFactory(profile={"unit": place["unit"]})
    enrollment = enrol(user, course(home_page, "cert"), year=2023, **place)
    return enrollment


def test_an_issued_certificate_counts_from_the_day_it_was_issued(certified):
    with mock.patch("django.utils.timezone.now", return_value=at(2023, 11, 20)):
        certificate = certificate_issue(enrollment=certified, enqueue=False)
    assert trained_on(certified) is None  # pending: not issued yet
    assert trained_in(2023) == 0
    issued_at = at(2023, 11, 21)
    with mock.patch("django.utils.timezone.now", return_value=issued_at):
        certificate_render(certificate_id=certificate.pk, notify=False)
    assert trained_on(certified) == timezone.localdate(issued_at)
    assert trained_in(2023) == 1


def test_a_revoked_certificate_no_longer_counts(certified, editor):
    certificate = issued(certified, at(2023, 11, 21))
    certificate_revoke(certificate=certificate, actor=editor, reason="Nhầm người")
    assert trained_on(certified) is None
    assert trained_in(2023) == 0


def test_a_reissued_certificate_keeps_the_year_of_the_first_issue(certified, editor):
    first = issued(certified, at(2023, 12, 30))
    with mock.patch("django.utils.timezone.now", return_value=at(2024, 2, 1)):
        new = certificate_reissue(certificate=first, actor=editor, reason="Sửa tên")
    # Pending while its PDF is rendered: still counted, still in 2023.
    assert trained_on(certified) == datetime.date(2023, 12, 30)
    with mock.patch("django.utils.timezone.now", return_value=at(2024, 2, 2)):
        certificate_render(certificate_id=new.pk, notify=False)
    assert trained_on(certified) == datetime.date(2023, 12, 30)
    assert (trained_in(2023), trained_in(2024)) == (1, 0)
    # Re-issued twice: still the first issue of the chain.
    with mock.patch("django.utils.timezone.now", return_value=at(2025, 3, 1)):
        newer = certificate_reissue(certificate=new, actor=editor, reason="Sửa ngày")
        certificate_render(certificate_id=newer.pk, notify=False)
    assert trained_on(certified) == datetime.date(2023, 12, 30)


def test_a_certificate_issued_again_after_a_revocation_counts_from_its_own_issue(
    certified, editor
):
    first = issued(certified, at(2023, 11, 21))
    certificate_revoke(certificate=first, actor=editor, reason="Chưa đủ điều kiện")
    issued(certified, at(2024, 5, 6))
    assert trained_on(certified) == datetime.date(2024, 5, 6)
    assert (trained_in(2023), trained_in(2024)) == (0, 1)


@pytest.fixture
def klass(home_page):
    no_certificate = course(home_page, "att-tr", certificate=False)
    return training_class(
        no_certificate, "k-tr", sessions=4, minimum=75, end=datetime.date(2022, 6, 30)
    )


@pytest.fixture
def attendee(klass, place):
    user = UserFactory(profile={"unit": place["unit"]})
    enrollment = enrol(
        user, klass.course, year=2022, status="active", klass=klass, **place
    )
    return enrollment


def record(klass, enrollment, present_count, *, by=None):
    sessions = list(klass.sessions.order_by("starts_at"))
    present = {(s.pk, enrollment.user_id) for s in sessions[:present_count]}
    attendance_record(
        training_class=klass, present=present, users=[enrollment.user], by=by
    )


def test_attendance_reaching_the_minimum_counts_in_the_year_the_class_ends(
    klass, attendee
):
    record(klass, attendee, 2)
    assert trained_on(attendee) is None
    record(klass, attendee, 3)
    assert trained_on(attendee) == datetime.date(2022, 6, 30)
    record(klass, attendee, 1)  # corrected: absent after all
    assert trained_on(attendee) is None


def test_moving_the_class_end_date_moves_the_year(klass, attendee):
    record(klass, attendee, 4)
    klass.end_date = datetime.date(2023, 1, 10)
    klass.save()  # what the Wagtail snippet form does
    assert trained_on(attendee) == datetime.date(2023, 1, 10)
    assert (trained_in(2022), trained_in(2023)) == (0, 1)


def test_raising_the_minimum_or_removing_a_session_is_taken_into_account(
    klass, attendee
):
    record(klass, attendee, 3)  # 3 of 4 = 75 %
    klass.min_attendance_percent = 80
    klass.save()
    assert trained_on(attendee) is None
    absent = klass.sessions.order_by("starts_at").last()
    absent.delete()  # 3 of 3 sessions
    assert trained_on(attendee) == datetime.date(2022, 6, 30)


def test_a_cancelled_enrolment_no_longer_counts(klass, attendee):
    klass.min_attendance_percent = 0  # counted without attendance
    klass.save()
    assert trained_on(attendee) == datetime.date(2022, 6, 30)
    enrollment_cancel(enrollment=attendee)
    assert trained_on(attendee) is None


def test_unticking_awards_a_certificate_switches_the_course_to_attendance(
    klass, attendee
):
    record(klass, attendee, 4)
    page = klass.course
    page.awards_certificate = True
    page.save_revision().publish()
    assert trained_on(attendee) is None  # no certificate issued
    page.awards_certificate = False
    page.save_revision().publish()
    assert trained_on(attendee) == datetime.date(2022, 6, 30)


def test_headcount_refresh_repairs_the_column_and_says_how_many_were_wrong(
    home_page, capsys
):
    world = headcount_world(home_page)
    before = headcount(scope=ALL_UNITS, by=["year"])
    Enrollment.objects.update(trained_on=None)
    Enrollment.objects.filter(user=world["p"][4]).update(
        trained_on=datetime.date(2021, 1, 1)
    )
    call_command("headcount_refresh")
    # The 8 trained enrolments of the world, and p4's 2 that are not.
    assert capsys.readouterr().out.strip() == "trained_on corrected on 10 enrolments"
    assert headcount(scope=ALL_UNITS, by=["year"]) == before
