"""Simultaneous enrolments on PostgreSQL (threads, real transactions)."""

import threading

import pytest
from django.db import connection

from accounts.roles import Role
from courses import services
from courses.models import Enrollment, EnrollmentStatus, LessonProgress
from learning import services as learning
from tests.factories import UserFactory

from .factories import catalogue_make, class_make, course_make, lessons_of

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def run_together(target, arguments):
    """Start one thread per argument at the same instant; return results/errors."""
    barrier = threading.Barrier(len(arguments))
    results, errors = [], []

    def worker(argument):
        try:
            barrier.wait()
            results.append(target(argument))
        except Exception as error:  # noqa: BLE001 - reported to the test
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(a,)) for a in arguments]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return results, errors


def test_a_double_click_gives_one_enrolment(postgres_only, home_page):
    course = course_make(catalogue_make(home_page))
    learner = UserFactory(role=Role.LEARNER)
    results, errors = run_together(
        lambda _: services.enrollment_create(user=learner, course=course).pk, range(8)
    )
    assert errors == []
    assert len(set(results)) == 1
    assert Enrollment.objects.filter(user=learner).count() == 1


def test_the_last_free_seat_is_given_once(postgres_only, home_page):
    course = course_make(catalogue_make(home_page), capacity=3)
    learners = [UserFactory(role=Role.LEARNER) for _ in range(10)]
    results, errors = run_together(
        lambda user: services.enrollment_create(user=user, course=course).status,
        learners,
    )
    assert errors == []
    assert sorted(results).count(EnrollmentStatus.ACTIVE) == 3
    assert Enrollment.objects.filter(status=EnrollmentStatus.ACTIVE).count() == 3
    assert Enrollment.objects.filter(status=EnrollmentStatus.WAITLISTED).count() == 7


def test_the_last_seat_of_a_class_is_given_once(postgres_only, home_page):
    course = course_make(catalogue_make(home_page))
    training_class = class_make(course, capacity=1)
    learners = [UserFactory(role=Role.LEARNER) for _ in range(6)]
    results, errors = run_together(
        lambda user: (
            services.enrollment_create(
                user=user, course=course, training_class=training_class
            ).status
        ),
        learners,
    )
    assert errors == []
    assert results.count(EnrollmentStatus.ACTIVE) == 1


def test_two_cancellations_at_once_promote_exactly_two(postgres_only, home_page):
    course = course_make(catalogue_make(home_page), capacity=2)
    learners = [UserFactory(role=Role.LEARNER) for _ in range(5)]
    enrollments = [services.enrollment_create(user=u, course=course) for u in learners]
    _results, errors = run_together(
        lambda e: services.enrollment_cancel(enrollment=e), enrollments[:2]
    )
    assert errors == []
    assert Enrollment.objects.filter(status=EnrollmentStatus.ACTIVE).count() == 2
    assert Enrollment.objects.filter(status=EnrollmentStatus.WAITLISTED).count() == 1


def test_marking_a_lesson_done_twice_at_once_records_it_once(postgres_only, home_page):
    course = course_make(catalogue_make(home_page), lessons=1)
    learner = UserFactory(role=Role.LEARNER)
    services.enrollment_create(user=learner, course=course)
    lesson = lessons_of(course)[0]
    _results, errors = run_together(
        lambda _: learning.lesson_complete(user=learner, lesson=lesson), range(6)
    )
    assert errors == []
    assert LessonProgress.objects.filter(user=learner).count() == 1
    assert Enrollment.objects.get(user=learner).status == EnrollmentStatus.COMPLETED
