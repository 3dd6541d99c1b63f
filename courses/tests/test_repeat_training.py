"""Repeat training: a completed course taken again in a later class."""

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from courses import services
from courses.importing import learner_file_parse
from courses.models import Enrollment, EnrollmentStatus

from .factories import class_make

pytestmark = pytest.mark.django_db
S = EnrollmentStatus


def _complete(enrollment):
    Enrollment.objects.filter(pk=enrollment.pk).update(
        status=S.COMPLETED, completed_at=timezone.now()
    )
    enrollment.refresh_from_db()
    return enrollment


def test_a_later_class_of_a_completed_course_creates_a_new_enrolment(course, learner):
    first_class, later_class = class_make(course), class_make(course)
    first = _complete(
        services.enrollment_create(
            user=learner, course=course, training_class=first_class, staff=True
        )
    )
    again = services.enrollment_create(
        user=learner, course=course, training_class=later_class, staff=True
    )
    assert again.pk != first.pk
    assert again.status == S.ACTIVE
    assert again.training_class == later_class
    assert again.trained_before == first
    assert set(later_class.enrollments.values_list("user", flat=True)) == {learner.pk}


def test_resubmitting_the_later_class_returns_the_same_new_enrolment(course, learner):
    first_class, later_class = class_make(course), class_make(course)
    _complete(
        services.enrollment_create(
            user=learner, course=course, training_class=first_class, staff=True
        )
    )
    again = services.enrollment_create(
        user=learner, course=course, training_class=later_class, staff=True
    )
    resubmitted = services.enrollment_create(
        user=learner, course=course, training_class=later_class, staff=True
    )
    assert resubmitted.pk == again.pk
    _complete(again)
    after = services.enrollment_create(
        user=learner, course=course, training_class=later_class, staff=True
    )
    assert after.pk == again.pk
    assert Enrollment.objects.filter(user=learner, course=course).count() == 2


def test_enrolling_again_without_a_class_returns_the_completed_enrolment(
    course, learner
):
    first = _complete(services.enrollment_create(user=learner, course=course))
    again = services.enrollment_create(user=learner, course=course)
    assert again.pk == first.pk
    assert Enrollment.objects.filter(user=learner, course=course).count() == 1


def test_the_same_class_completed_is_not_enrolled_twice(course, learner):
    training_class = class_make(course)
    first = _complete(
        services.enrollment_create(
            user=learner, course=course, training_class=training_class, staff=True
        )
    )
    again = services.enrollment_create(
        user=learner, course=course, training_class=training_class, staff=True
    )
    assert again.pk == first.pk


def test_the_database_allows_completed_repeats_but_one_open_and_once_per_class(
    course, learner
):
    a, b = class_make(course), class_make(course)
    Enrollment.objects.create(
        user=learner, course=course, training_class=a, status=S.COMPLETED
    )
    Enrollment.objects.create(
        user=learner, course=course, training_class=b, status=S.ACTIVE
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Enrollment.objects.create(user=learner, course=course, status=S.PENDING)
    with pytest.raises(IntegrityError), transaction.atomic():
        Enrollment.objects.create(
            user=learner, course=course, training_class=a, status=S.COMPLETED
        )


def test_the_import_preview_tells_the_editor_who_trained_before(course, learner):
    _complete(services.enrollment_create(user=learner, course=course))
    profile = learner.profile
    raw = (
        "Họ và tên,Email,Nhóm đối tượng,Đơn vị,Xã/phường,Chức vụ\n"
        f"{profile.full_name},{learner.email},{profile.audience_group.code},"
        f"{profile.unit.code},,Chuyên viên\n"
    ).encode()
    result = learner_file_parse(raw, filename="hoc-vien.csv", course=course)
    assert [row.errors for row in result.rows] == [[]]
    notes = " ".join(str(n) for row in result.rows for n in row.notes)
    assert "completed this course before" in notes or "đã hoàn thành" in notes
