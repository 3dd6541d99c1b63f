"""What a learner's step changes further on, as one readable chain of calls.

Each function here does the step with the service of the app that owns it,
then, right after it in the same request, follows its consequences down the
apps (a completion and its certificate record commit together)::

    attempt_submit          quizzes.services.attempt_submit     (grade)
      → attempt_graded      courses.services.lesson_complete    (lesson quiz)
      → enrollment_progress_check
          completion_rules  courses.completion + quizzes.selectors
          → courses.services.enrollment_complete                 (completed)
          → certificates.services.certificate_issue              (on commit:
                                                                  the PDF task)

``lesson_complete``, ``attendance_record``, ``essay_grade``, ``attempt_start``
and ``attempts_close_expired`` do the same for the other ways a step ends. The
views, admin views and tasks that end a step call these functions, never the
lower service alone (which would record the step and complete nothing).
Every function is idempotent, as the services it calls are.

The headcount follows by function calls too: ``courses.services`` keeps
``Enrollment.trained_on`` on every change of status or attendance, and the
certificates services hand the certificate's date down to it when a PDF is
rendered, revoked or re-issued (``courses.trained``, ``certificates.chains``).
"""

from __future__ import annotations

import logging

from django.db import transaction
from django.utils import timezone

from certificates.services import CertificateError, certificate_issue
from courses import services as courses
from courses.completion import (
    attendance_rule,
    class_enrollments_active,
    enrollment_active,
    lessons_rule,
    rules_pass,
)
from courses.models import CoursePage, Enrollment, EnrollmentStatus, LessonPage
from quizzes import services as quizzes
from quizzes.models import Attempt, AttemptAnswer, Quiz
from quizzes.selectors import final_exam_passed, quiz_course, quiz_lessons

logger = logging.getLogger(__name__)


# --- completion -------------------------------------------------------------------


def completion_rules(*, enrollment: Enrollment) -> dict[str, bool | None]:
    """Each rule's verdict: True met, False not yet, None not part of this course.

    An enrolment is complete when at least one rule applies and every rule
    that applies is met (``courses.completion.rules_pass``)."""
    return {
        "required_lessons_done": lessons_rule(enrollment=enrollment),
        "class_attendance": attendance_rule(enrollment=enrollment),
        "final_exam_passed": final_exam_passed(
            user=enrollment.user, course=enrollment.course
        ),
    }


@transaction.atomic
def enrollment_progress_check(*, enrollment: Enrollment) -> bool:
    """Complete the enrolment when its rules are met, then record its certificate.

    Returns whether the enrolment is completed. The certificate is recorded in
    the same transaction (its PDF is rendered after the commit); a course that
    cannot award one now (see ``certificate_eligibility_error``) keeps its
    completion, and ``certificates_sweep`` records the certificate later."""
    locked = courses.enrollment_lock(enrollment=enrollment)
    if locked.status == EnrollmentStatus.COMPLETED:
        return True
    if locked.status != EnrollmentStatus.ACTIVE:
        return False
    if not rules_pass(completion_rules(enrollment=locked)):
        return False
    completed = courses.enrollment_complete(enrollment=locked)
    if completed.course.awards_certificate:
        try:
            with transaction.atomic():  # a refusal must not undo the completion
                certificate_issue(enrollment=completed)
        except CertificateError as exc:
            logger.warning("certificate of enrolment %s not yet: %s", completed.pk, exc)
    return True


def _check_course(*, user, course: CoursePage | None) -> None:
    if course is None:
        return
    enrollment = enrollment_active(user=user, course=course)
    if enrollment is not None:
        enrollment_progress_check(enrollment=enrollment)


# --- lessons and attendance ------------------------------------------------------


def lesson_complete(*, user, lesson: LessonPage):
    """Record the lesson as done; the course completes after its last step."""
    progress = courses.lesson_complete(user=user, lesson=lesson)
    _check_course(user=user, course=lesson.course)
    return progress


@transaction.atomic
def attendance_record(*, training_class, present, users: list, by=None, now=None):
    """Save the class roster; completes the enrolments whose attendance is met."""
    changed = courses.attendance_record(
        training_class=training_class, present=present, users=users, by=by, now=now
    )
    for enrollment in class_enrollments_active(
        training_class=training_class, users=users
    ):
        enrollment_progress_check(enrollment=enrollment)
    return changed


# --- quizzes ----------------------------------------------------------------------


def attempt_graded(*, attempt: Attempt) -> None:
    """What a graded attempt changes: a passed quiz completes the lesson it was
    taken in (a lesson quiz taken elsewhere: every lesson placing it); a passed
    final exam re-checks the course. An attempt that did not pass changes nothing:
    no grading method lifts a grade below the pass mark over it."""
    if not attempt.passed:
        return
    quiz, user = attempt.quiz, attempt.user
    lessons = []
    if attempt.lesson_id:
        lessons = list(LessonPage.objects.filter(pk=attempt.lesson_id))
    elif not quiz.is_final_exam:
        lessons = quiz_lessons(quiz=quiz)
    for lesson in lessons:
        lesson_complete(user=user, lesson=lesson)
    if quiz.is_final_exam:
        _check_course(user=user, course=quiz_course(quiz=quiz))


def attempt_start(
    *, user, quiz: Quiz, lesson=None, session=None, now=None, rng=None
) -> Attempt:
    """Start or resume an attempt (``quizzes.services.attempt_start``); a running
    attempt whose time ran out is graded first, with what its grade changes."""
    now = now or timezone.now()
    for expired in quizzes.attempts_expired_finish(user=user, quiz=quiz, now=now):
        attempt_graded(attempt=expired)
    return quizzes.attempt_start(
        user=user, quiz=quiz, lesson=lesson, session=session, now=now, rng=rng
    )


def attempt_submit(
    *, attempt: Attempt, user, answers: dict[int, object] | None = None, now=None
) -> tuple[Attempt, bool]:
    """Submit and grade (``quizzes.services.attempt_submit``), then what the
    grade changes. Returns (attempt, graded now)."""
    attempt, graded_now = quizzes.attempt_submit(
        attempt=attempt, user=user, answers=answers, now=now
    )
    if graded_now:
        attempt_graded(attempt=attempt)
    return attempt, graded_now


def essay_grade(
    *, answer: AttemptAnswer, points: float, comment: str, grader, now=None
) -> AttemptAnswer:
    """A grader's mark (``quizzes.services.essay_grade``); once the last essay is
    graded, what the attempt's grade changes (a correction changes it again)."""
    answer = quizzes.essay_grade(
        answer=answer, points=points, comment=comment, grader=grader, now=now
    )
    attempt = Attempt.objects.select_related("quiz", "user").get(
        pk=answer.slot.attempt_id
    )
    if attempt.is_finished:
        attempt_graded(attempt=attempt)
    return answer


def attempts_close_expired(*, now=None) -> int:
    """The periodic sweep (``quizzes.services.attempts_close_expired``): grades
    the attempts left open, then what their grades change. Returns how many."""
    closed = quizzes.attempts_close_expired(now=now)
    for attempt in closed:
        attempt_graded(attempt=attempt)
    return len(closed)
