"""The learning path: a step that ends completes lessons and courses and
records the certificate, through direct calls of the apps' services."""

import datetime

import pytest
from django.utils import timezone

from certificates.models import Certificate
from courses import services as courses
from courses.models import Attendance, EnrollmentStatus, LessonProgress
from courses.tests.factories import class_held, class_make, course_make, lessons_of
from learning import services
from quizzes.models import AttemptState
from quizzes.services import attempt_save_answers
from quizzes.services import attempt_start as quizzes_attempt_start
from quizzes.tests.factories import QuestionFactory, quiz_with_questions, right_answers

pytestmark = pytest.mark.django_db
S = EnrollmentStatus


@pytest.fixture
def certified_course(course, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    course.awards_certificate = True
    course.save_revision().publish()
    return course


def test_the_last_lesson_completes_the_course_once_and_records_one_certificate(
    certified_course, learner
):
    course = certified_course
    enrollment = courses.enrollment_create(user=learner, course=course)
    lessons = lessons_of(course)
    for lesson in lessons[:-1]:
        services.lesson_complete(user=learner, lesson=lesson)
    enrollment.refresh_from_db()
    assert enrollment.status == S.ACTIVE
    assert not Certificate.objects.filter(enrollment=enrollment).exists()

    services.lesson_complete(user=learner, lesson=lessons[-1])
    enrollment.refresh_from_db()
    assert enrollment.status == S.COMPLETED
    completed_at = enrollment.completed_at
    # Again, and the check on its own: nothing changes, nothing is issued twice.
    services.lesson_complete(user=learner, lesson=lessons[-1])
    assert services.enrollment_progress_check(enrollment=enrollment) is True
    enrollment.refresh_from_db()
    assert enrollment.completed_at == completed_at
    assert Certificate.objects.filter(enrollment=enrollment).count() == 1


def test_the_lower_service_records_the_lesson_and_completes_nothing(course, learner):
    """courses.services.lesson_complete is only the record: the learning path
    is what follows a step up."""
    enrollment = courses.enrollment_create(user=learner, course=course)
    for lesson in lessons_of(course):
        courses.lesson_complete(user=learner, lesson=lesson)
    enrollment.refresh_from_db()
    assert LessonProgress.objects.filter(user=learner).count() == 4
    assert enrollment.status == S.ACTIVE
    assert services.enrollment_progress_check(enrollment=enrollment) is True


def test_a_pending_enrolment_never_completes(catalogue, learner):
    course = course_make(catalogue, enrolment_mode="approval", lessons=1)
    enrollment = courses.enrollment_create(user=learner, course=course)
    services.lesson_complete(user=learner, lesson=lessons_of(course)[0])
    assert services.enrollment_progress_check(enrollment=enrollment) is False
    enrollment.refresh_from_db()
    assert enrollment.status == S.PENDING


def test_a_course_with_no_applicable_rule_never_completes(catalogue, learner):
    course = course_make(catalogue, modules=0)
    enrollment = courses.enrollment_create(user=learner, course=course)
    rules = services.completion_rules(enrollment=enrollment)
    assert rules == {
        "required_lessons_done": None,
        "class_attendance": None,
        "final_exam_passed": None,
    }
    assert services.enrollment_progress_check(enrollment=enrollment) is False


def test_class_attendance_below_the_minimum_holds_completion(course, learner, editor):
    training_class = class_make(course, sessions=4, min_attendance_percent=75)
    enrollment = courses.enrollment_create(
        user=learner, course=course, training_class=training_class
    )
    class_held(training_class)
    for lesson in lessons_of(course):
        services.lesson_complete(user=learner, lesson=lesson)
    enrollment.refresh_from_db()
    assert enrollment.status == S.ACTIVE  # lessons done, attendance 0%
    sessions = list(training_class.sessions.all())
    for attended, expected in ((2, S.ACTIVE), (3, S.COMPLETED)):  # 50%, 75%
        services.attendance_record(
            training_class=training_class,
            present={(s.pk, learner.pk) for s in sessions[:attended]},
            users=[learner],
            by=editor,
        )
        enrollment.refresh_from_db()
        assert enrollment.status == expected
    assert Attendance.objects.filter(user=learner).count() == 4


def test_a_class_only_course_completes_on_attendance_alone(catalogue, learner, editor):
    course = course_make(catalogue, modules=0)
    training_class = class_make(course, sessions=2, min_attendance_percent=100)
    enrollment = courses.enrollment_create(
        user=learner, course=course, training_class=training_class
    )
    class_held(training_class)
    services.attendance_record(
        training_class=training_class,
        present={(s.pk, learner.pk) for s in training_class.sessions.all()},
        users=[learner],
        by=editor,
    )
    enrollment.refresh_from_db()
    assert enrollment.status == S.COMPLETED


@pytest.fixture
def exam(certified_course):
    return quiz_with_questions(
        [QuestionFactory() for _ in range(2)],
        final_exam_page=certified_course,
        pass_mark=50,
        shuffle_choices=False,
    )


def _answers(attempt, *, right: bool) -> dict:
    answers = right_answers(attempt)
    if not right:
        answers = {slot: (position + 1) % 3 for slot, position in answers.items()}
    return answers


def test_the_final_exam_holds_completion_until_a_submit_passes_it(
    certified_course, exam, learner
):
    enrollment = courses.enrollment_create(user=learner, course=certified_course)
    for lesson in lessons_of(certified_course):
        services.lesson_complete(user=learner, lesson=lesson)
    assert services.completion_rules(enrollment=enrollment) == {
        "required_lessons_done": True,
        "class_attendance": None,
        "final_exam_passed": False,
    }
    enrollment.refresh_from_db()
    assert enrollment.status == S.ACTIVE

    failed = services.attempt_start(user=learner, quiz=exam)
    services.attempt_submit(
        attempt=failed, user=learner, answers=_answers(failed, right=False)
    )
    enrollment.refresh_from_db()
    assert enrollment.status == S.ACTIVE

    passed = services.attempt_start(user=learner, quiz=exam)
    _attempt, graded_now = services.attempt_submit(
        attempt=passed, user=learner, answers=_answers(passed, right=True)
    )
    assert graded_now
    enrollment.refresh_from_db()
    assert enrollment.status == S.COMPLETED
    assert Certificate.objects.filter(enrollment=enrollment).count() == 1


@pytest.fixture
def left_open(certified_course, exam, learner):
    """Every lesson done; a timed final exam answered right (autosaved) an hour
    ago and never submitted. Returns (enrolment, attempt)."""
    exam.time_limit_minutes = 5
    exam.save()
    enrollment = courses.enrollment_create(user=learner, course=certified_course)
    for lesson in lessons_of(certified_course):
        services.lesson_complete(user=learner, lesson=lesson)
    started = timezone.now() - datetime.timedelta(hours=1)
    running = quizzes_attempt_start(user=learner, quiz=exam, now=started)
    attempt_save_answers(
        attempt=running,
        user=learner,
        answers=_answers(running, right=True),
        now=started,
    )
    return enrollment, running


def test_an_expired_attempt_graded_at_the_next_start_completes_the_course(
    left_open, exam, learner
):
    """Time ran out on a passing attempt: the next start grades it first, and
    the pass completes the course."""
    enrollment, running = left_open
    services.attempt_start(user=learner, quiz=exam)
    running.refresh_from_db()
    assert running.state == AttemptState.ABANDONED and running.passed
    enrollment.refresh_from_db()
    assert enrollment.status == S.COMPLETED


def test_the_sweep_grades_what_was_left_open_and_completes_the_course(left_open):
    enrollment, _running = left_open
    assert services.attempts_close_expired() == 1
    assert services.attempts_close_expired() == 0
    enrollment.refresh_from_db()
    assert enrollment.status == S.COMPLETED
    assert Certificate.objects.filter(enrollment=enrollment).count() == 1
