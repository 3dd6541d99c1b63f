"""Grading an attempt and closing the ones left open (the scheduled sweep).

Grading reads each slot's snapshot (the question as it was when the attempt
started, see ``quizzes.snapshots``), never the live bank, so editing or deleting
a question's answers later changes no grade.

The sweep closes two kinds of in-progress attempts, grading the answers saved:

- those whose deadline (time limit or the quiz's close date) plus the grace
  period (``QUIZ_GRACE_SECONDS``) has passed;
- those with no deadline at all that nobody touched (no answer saved, not
  started) for ``QUIZ_ABANDON_AFTER_HOURS`` hours.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone

from core.db import rows_update

from .. import grading
from ..models import Attempt, AttemptAnswer, AttemptState
from ..selectors import abandon_after, grace_seconds, slots_with_data


def attempt_grade(
    *, attempt: Attempt, slots, state: str, now, also_saved: Iterable[str] = ()
) -> None:
    """Grade every slot from its snapshot and close the attempt (caller locks).

    ``also_saved`` names answer fields the caller set on the slots' answers
    (the responses submitted with the grading), written in the same update.
    """
    score = maximum = 0.0
    rows = []
    pending = False
    for slot in slots:
        question = slot.frozen.grade_question(slot.max_points)
        answer = slot.answer
        result = grading.grade(question, answer.response)
        answer.points, answer.state, answer.feedback = (
            result.points,
            result.state,
            result.feedback,
        )
        rows.append(answer)
        score += result.points
        maximum += result.max_points
        pending = pending or result.state == grading.PENDING
    rows_update(rows, ["points", "state", "feedback", *also_saved])
    attempt.score = round(score, 4)
    attempt.max_score = round(maximum, 4)
    attempt_totals(attempt)
    if pending:
        # An essay waits for a grader: no percent, no pass, nothing completed
        # until ``essays.essay_grade`` sets the last mark.
        state = AttemptState.PENDING
        attempt.percent = attempt.passed = None
    attempt.state = state
    attempt.submitted_at = now
    attempt.save(
        update_fields=[
            "score",
            "max_score",
            "percent",
            "passed",
            "state",
            "submitted_at",
        ]
    )


def attempt_totals(attempt: Attempt) -> None:
    """Percent and pass from ``score``/``max_score`` and the quiz's pass mark."""
    maximum = attempt.max_score or 0.0
    attempt.percent = round(100 * attempt.score / maximum, 2) if maximum else 0.0
    attempt.passed = attempt.percent >= float(attempt.quiz.pass_mark) - 1e-9


def attempt_finish(
    *,
    attempt: Attempt,
    state: str = AttemptState.ABANDONED,
    now=None,
    idle_since: datetime.datetime | None = None,
) -> bool:
    """Close and grade an attempt from its saved answers (scheduled sweep).

    With ``idle_since``, the attempt is left open if an answer was saved since
    then (checked under the lock autosave also takes, so a learner who comes
    back at the last moment keeps the attempt)."""
    now = now or timezone.now()
    with transaction.atomic():
        attempt = (
            Attempt.objects.select_for_update()
            .select_related("quiz")
            .get(pk=attempt.pk)
        )
        if attempt.is_finished:
            return False
        if idle_since is not None and (
            attempt.started_at >= idle_since
            or AttemptAnswer.objects.filter(
                slot__attempt=attempt, saved_at__gte=idle_since
            ).exists()
        ):
            return False
        attempt_grade(
            attempt=attempt,
            slots=slots_with_data(attempt=attempt),
            state=state,
            now=now,
        )
    after_grading(attempt)
    return True


def attempts_close_idle(*, now=None) -> int:
    """Close attempts without a deadline left untouched for
    ``QUIZ_ABANDON_AFTER_HOURS`` (0 or None turns this off)."""
    idle = abandon_after()
    if idle is None:
        return 0
    now = now or timezone.now()
    since = now - idle
    stale = (
        Attempt.objects.filter(
            state=AttemptState.IN_PROGRESS,
            deadline__isnull=True,
            started_at__lt=since,
        )
        .annotate(last_saved=Max("slots__answer__saved_at"))
        .filter(Q(last_saved__lt=since) | Q(last_saved__isnull=True))
    )
    closed = 0
    for attempt in stale.order_by("started_at", "pk").iterator():
        closed += attempt_finish(
            attempt=attempt, state=AttemptState.ABANDONED, now=now, idle_since=since
        )
    return closed


def attempts_close_expired(*, now=None) -> int:
    """The scheduled sweep: grade every attempt whose time limit (plus grace)
    has passed, then every attempt without a deadline left untouched too long."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(seconds=grace_seconds())
    due = Attempt.objects.filter(state=AttemptState.IN_PROGRESS, deadline__lt=cutoff)
    closed = 0
    for attempt in due.order_by("deadline").iterator():
        closed += attempt_finish(attempt=attempt, state=AttemptState.ABANDONED, now=now)
    return closed + attempts_close_idle(now=now)


def after_grading(attempt: Attempt) -> None:
    """Passing a lesson quiz completes the lesson; passing a final exam re-checks
    the course. An attempt that did not pass cannot complete anything: with
    the highest or the average grade, a mark below the pass mark cannot lift
    the grade over it, and with the last one it fails the exam; the other
    completion rules (lessons, attendance) do not change on a submit."""
    from courses.models import Enrollment, LessonPage
    from courses.services import enrollment_completion_check, lesson_complete

    from ..selectors import quiz_course, quiz_lessons

    quiz, user = attempt.quiz, attempt.user
    if attempt.passed:
        lessons = []
        if attempt.lesson_id:
            lessons = list(LessonPage.objects.filter(pk=attempt.lesson_id))
        elif not quiz.is_final_exam:
            lessons = quiz_lessons(quiz=quiz)
        for lesson in lessons:
            lesson_complete(user=user, lesson=lesson)
    if quiz.is_final_exam and attempt.passed:
        course = quiz_course(quiz=quiz)
        enrollment = (
            Enrollment.objects.filter(user=user, course=course, status="active")
            .select_related("training_class")
            .first()
            if course is not None
            else None
        )
        if enrollment is not None:
            enrollment.user, enrollment.course = user, course
            enrollment_completion_check(enrollment=enrollment)
