"""courses.trained: the date an enrolment counts as trained, kept by courses.

The whole chain through certificates and attendance is tested in
plan/tests/test_trained_on.py; these tests hold the courses side alone."""

import datetime

import pytest

from courses.models import Enrollment
from courses.services import enrollment_create
from courses.trained import (
    ENROLLMENTS,
    enrollment_certified_set,
    enrollment_trained_refresh,
)

from .factories import course_make

pytestmark = pytest.mark.django_db

DAY = datetime.date(2024, 5, 6)


def trained_on(enrollment):
    enrollment.refresh_from_db(fields=["certified_on", "trained_on"])
    return enrollment.trained_on


def test_a_certificate_date_handed_down_makes_the_enrolment_trained(catalogue, learner):
    enrollment = enrollment_create(user=learner, course=course_make(catalogue))
    assert trained_on(enrollment) is None
    assert enrollment_certified_set(certified_on={enrollment.pk: DAY}) == 1
    assert trained_on(enrollment) == DAY == enrollment.certified_on
    enrollment_certified_set(certified_on={enrollment.pk: None})  # revoked
    assert trained_on(enrollment) is None


def test_a_course_without_certificate_keeps_the_date_but_counts_attendance(
    catalogue, learner
):
    course = course_make(catalogue, awards_certificate=False)
    enrollment = enrollment_create(user=learner, course=course)
    assert enrollment_certified_set(certified_on={enrollment.pk: DAY}) == 0
    assert trained_on(enrollment) is None  # no class attended
    assert enrollment.certified_on == DAY


def test_every_refresh_moves_the_generation_the_headcount_follows(catalogue, learner):
    enrollment = enrollment_create(user=learner, course=course_make(catalogue))
    before = ENROLLMENTS.get()
    enrollment_trained_refresh(enrollment_ids=[enrollment.pk])
    assert ENROLLMENTS.get() != before


def test_a_refresh_names_what_it_refreshes():
    with pytest.raises(ValueError):
        enrollment_trained_refresh()
    assert enrollment_trained_refresh(enrollment_ids=[]) == 0
    assert not Enrollment.objects.exists()
