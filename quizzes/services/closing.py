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
    return True


def attempts_close_idle(*, now=None) -> list[Attempt]:
    """Close attempts without a deadline left untouched for
    ``QUIZ_ABANDON_AFTER_HOURS`` (0 or None turns this off); returns them."""
    idle = abandon_after()
    if idle is None:
        return []
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
    return _finish_each(stale.order_by("started_at", "pk"), now=now, idle_since=since)


def _expired(attempts, now) -> list[Attempt]:
    cutoff = now - datetime.timedelta(seconds=grace_seconds())
    due = attempts.filter(state=AttemptState.IN_PROGRESS, deadline__lt=cutoff)
    return _finish_each(due.order_by("deadline"), now=now)


def _finish_each(attempts, *, now, idle_since=None) -> list[Attempt]:
    """Close and grade each attempt; the ones closed, as graded."""
    finished = []
    for attempt in attempts.iterator():
        if attempt_finish(
            attempt=attempt,
            state=AttemptState.ABANDONED,
            now=now,
            idle_since=idle_since,
        ):
            attempt.refresh_from_db()
            finished.append(attempt)
    return finished


def attempts_close_expired(*, now=None) -> list[Attempt]:
    """The scheduled sweep: grade every attempt whose time limit (plus grace)
    has passed, then every attempt without a deadline left untouched too long.
    Returns the attempts it graded (``learning.services`` follows them up)."""
    now = now or timezone.now()
    return _expired(Attempt.objects.all(), now) + attempts_close_idle(now=now)


def attempts_expired_finish(*, user, quiz, now=None) -> list[Attempt]:
    """Grade ``user``'s attempts at ``quiz`` whose time ran out (before a new
    start); returns them."""
    now = now or timezone.now()
    return _expired(Attempt.objects.filter(user=user, quiz=quiz), now)
