"""Training classes in time (issue 13, item 10): no attendance for a session that
has not started, no class certificate before its last session ends, and the
certificate prints the date the course was completed."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from certificates import services as certificate_services
from courses import services
from courses.models import Attendance, ClassSession, EnrollmentStatus
from learning import services as learning

from .factories import class_make, course_make

pytestmark = pytest.mark.django_db
S = EnrollmentStatus


def class_around_now(course, *, min_attendance_percent=100):
    """A class whose first session was yesterday and whose second is tomorrow."""
    training_class = class_make(
        course,
        sessions=0,
        start_date=timezone.localdate() - datetime.timedelta(days=1),
        min_attendance_percent=min_attendance_percent,
    )
    training_class.end_date = timezone.localdate() + datetime.timedelta(days=1)
    training_class.save(update_fields=["end_date"])
    now = timezone.now()
    past = ClassSession.objects.create(
        training_class=training_class,
        starts_at=now - datetime.timedelta(days=1),
        ends_at=now - datetime.timedelta(days=1) + datetime.timedelta(hours=3),
    )
    future = ClassSession.objects.create(
        training_class=training_class,
        starts_at=now + datetime.timedelta(days=1),
        ends_at=now + datetime.timedelta(days=1, hours=3),
    )
    return training_class, past, future


def test_attendance_for_a_session_that_has_not_started_is_refused(
    catalogue, learner, editor
):
    course = course_make(catalogue, modules=0)
    training_class, past, future = class_around_now(course)
    services.enrollment_create(
        user=learner, course=course, training_class=training_class
    )
    with pytest.raises(services.AttendanceError) as refused:
        learning.attendance_record(
            training_class=training_class,
            present={(past.pk, learner.pk), (future.pk, learner.pk)},
            users=[learner],
            by=editor,
        )
    assert "chưa bắt đầu" in str(refused.value)
    assert not Attendance.objects.exists()  # nothing half-saved


def test_attendance_of_started_sessions_is_saved_and_later_ones_left_open(
    catalogue, learner, editor
):
    course = course_make(catalogue, modules=0)
    training_class, past, future = class_around_now(course)
    services.enrollment_create(
        user=learner, course=course, training_class=training_class
    )
    learning.attendance_record(
        training_class=training_class,
        present={(past.pk, learner.pk)},
        users=[learner],
        by=editor,
    )
    assert list(Attendance.objects.values_list("session_id", "present")) == [
        (past.pk, True)
    ]


def test_the_roster_says_why_a_future_session_cannot_be_ticked(
    client, catalogue, learner, editor
):
    course = course_make(catalogue, modules=0)
    training_class, _past, future = class_around_now(course)
    services.enrollment_create(
        user=learner, course=course, training_class=training_class
    )
    client.force_login(editor)
    url = reverse("courses:attendance", args=[training_class.pk])
    response = client.post(url, {"present": f"{future.pk}:{learner.pk}"}, follow=True)
    assert response.status_code == 200
    assert "chưa bắt đầu" in response.content.decode()
    assert not Attendance.objects.exists()


def test_a_class_does_not_complete_before_its_last_session_ends(
    catalogue, learner, editor
):
    course = course_make(catalogue, modules=0)
    training_class, past, _future = class_around_now(course, min_attendance_percent=50)
    enrollment = services.enrollment_create(
        user=learner, course=course, training_class=training_class
    )
    learning.attendance_record(
        training_class=training_class,
        present={(past.pk, learner.pk)},
        users=[learner],
        by=editor,
    )
    enrollment.refresh_from_db()
    assert enrollment.status == S.ACTIVE  # 50% attended, but the class goes on
    error = certificate_services.certificate_eligibility_error(
        enrollment=type(enrollment)(
            user=learner,
            course=course,
            training_class=training_class,
            status=S.COMPLETED,
        )
    )
    assert error and "chưa kết thúc" in error


def test_the_certificate_prints_the_date_of_completion(
    catalogue, learner, django_capture_on_commit_callbacks, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    course = course_make(catalogue, modules=0, awards_certificate=True)
    completed_on = timezone.now() - datetime.timedelta(days=40)
    enrollment = services.enrollment_create(user=learner, course=course)
    type(enrollment).objects.filter(pk=enrollment.pk).update(
        status=S.COMPLETED, completed_at=completed_on
    )
    enrollment.refresh_from_db()
    certificate = certificate_services.certificate_issue(
        enrollment=enrollment, enqueue=False
    )
    assert (
        certificate.data["issue_date"] == timezone.localdate(completed_on).isoformat()
    )
