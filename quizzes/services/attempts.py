"""State changes of attempts: start, autosave, submit (grading and the scheduled
sweep live in ``closing``; what a new attempt holds in ``draw``).

Every function is keyword-only and runs in a transaction that locks what it
changes, so two browser tabs or a double click cannot break the rules: two
simultaneous starts cannot exceed the attempt limit (the learner's row is locked
and ``(user, quiz, number)`` is unique) and two submits grade once (the attempt
row is locked and a finished attempt is returned unchanged).
"""

from __future__ import annotations

import datetime
import random

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Count, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from core.db import rows_update

from ..models import Attempt, AttemptAnswer, AttemptState, Quiz
from ..responses import ResponseError, clean_response
from ..selectors import (
    attempt_limit_message,
    grace_seconds,
    quiz_access_error,
    slots_with_data,
)
from .closing import attempt_finish, attempt_grade
from .draw import attempt_slots_create, deadline_for, quiz_draw


class QuizError(Exception):
    """A refused quiz action: ``message`` says why (translated), ``code`` what
    kind of refusal it is (``quizzes.views.QUIZ_ERROR_STATUS`` answers it)."""

    def __init__(self, message: str, *, code: str = "invalid"):
        super().__init__(message)
        self.message, self.code = message, code


# --- start --------------------------------------------------------------------


def attempt_start(
    *,
    user,
    quiz: Quiz,
    lesson=None,
    session=None,
    now: datetime.datetime | None = None,
    rng=None,
) -> Attempt:
    """Start (or resume) an attempt: checks access, dates and the attempt limit, then
    fixes the questions, their order and the order of their answers."""
    now = now or timezone.now()
    rng = rng or random.SystemRandom()
    # ``session``: the visitor's, for the password a restricted page asked for.
    reason = quiz_access_error(user=user, quiz=quiz, lesson=lesson, session=session)
    if reason:
        raise QuizError(reason, code="forbidden")
    if quiz.opens_at and now < quiz.opens_at:
        raise QuizError(_("This quiz is not open yet."), code="not_open")
    if quiz.closes_at and now >= quiz.closes_at:
        raise QuizError(_("This quiz is closed."), code="closed")
    expired = None
    with transaction.atomic():
        # One learner at a time: the lock serialises starts of the same person.
        get_user_model().objects.select_for_update().only("pk").get(pk=user.pk)
        # Counted, not loaded: a practice quiz may have hundreds of attempts.
        attempts = Attempt.objects.filter(user=user, quiz=quiz)
        running = (
            attempts.filter(state=AttemptState.IN_PROGRESS).order_by("-number").first()
        )
        if running is not None:
            if not _is_late(running, now):
                return running
            expired = running
        else:
            made = attempts.aggregate(count=Count("pk"), last=Max("number"))
            if quiz.max_attempts and made["count"] >= quiz.max_attempts:
                raise QuizError(attempt_limit_message(quiz.max_attempts), code="limit")
            question_ids = quiz_draw(quiz=quiz, rng=rng)
            if not question_ids:
                raise QuizError(_("This quiz has no questions yet."), code="empty")
            try:
                with transaction.atomic():
                    number = (made["last"] or 0) + 1
                    attempt = _create_attempt(
                        user, quiz, lesson, number, question_ids, now, rng
                    )
            except IntegrityError:
                raise QuizError(
                    _(
                        "Another attempt was started at the same moment; "
                        "reload the page."
                    ),
                    code="conflict",
                ) from None
    if expired is not None:
        attempt_finish(attempt=expired, state=AttemptState.ABANDONED, now=now)
        return attempt_start(user=user, quiz=quiz, lesson=lesson, now=now, rng=rng)
    return attempt


def _create_attempt(user, quiz, lesson, number, question_ids, now, rng) -> Attempt:
    attempt = Attempt.objects.create(
        user=user,
        quiz=quiz,
        lesson=lesson,
        number=number,
        started_at=now,
        deadline=deadline_for(quiz, now),
    )
    attempt_slots_create(
        attempt=attempt,
        question_ids=question_ids,
        shuffle=quiz.shuffle_choices,
        rng=rng,
        now=now,
    )
    return attempt


# --- save ---------------------------------------------------------------------


def _is_late(attempt: Attempt, now: datetime.datetime) -> bool:
    if attempt.deadline is None:
        return False
    return now > attempt.deadline + datetime.timedelta(seconds=grace_seconds())


def _locked(attempt: Attempt, user) -> Attempt:
    locked = (
        Attempt.objects.select_for_update().select_related("quiz").get(pk=attempt.pk)
    )
    if locked.user_id != user.pk:
        raise QuizError(_("This attempt is not yours."), code="not_owner")
    locked.user = user  # the same person; what follows reads it without a query
    return locked


def _apply(slots, answers: dict, now) -> list[AttemptAnswer]:
    """Validate every answer, then set them on their slots' answers (unsaved);
    nothing is set if one is invalid."""
    by_id = {slot.pk: slot for slot in slots}
    cleaned = {}
    for slot_id, raw in answers.items():
        slot = by_id.get(slot_id)
        if slot is None:
            raise QuizError(
                _("An answer was sent for a question that is not in this attempt."),
                code="foreign",
            )
        try:
            cleaned[slot_id] = clean_response(slot, raw)
        except ResponseError as exc:
            raise QuizError(str(exc), code="bad_answer") from None
    rows = []
    for slot_id, response in cleaned.items():
        answer = by_id[slot_id].answer
        answer.response, answer.saved_at = response, now
        rows.append(answer)
    return rows


def _store(attempt: Attempt, slots, answers: dict, now) -> int:
    """Validate every answer first, then write them all (nothing on error)."""
    rows = _apply(slots, answers, now)
    rows_update(rows, ["response", "saved_at"])
    return len(rows)


def attempt_save_answers(
    *, attempt: Attempt, user, answers: dict[int, object], now=None
) -> int:
    """Autosave (all or some answers, browser form). Refused once the attempt is
    finished or the time limit plus the grace period has passed."""
    now = now or timezone.now()
    with transaction.atomic():
        attempt = _locked(attempt, user)
        if attempt.is_finished:
            raise QuizError(
                _("This attempt has already been submitted."), code="finished"
            )
        if _is_late(attempt, now):
            raise QuizError(
                _("Time is up: answers sent after the time limit are not accepted."),
                code="late",
            )
        return _store(attempt, slots_with_data(attempt=attempt), answers, now)


# --- submit and grade ---------------------------------------------------------


def attempt_submit(
    *,
    attempt: Attempt,
    user,
    answers: dict[int, object] | None = None,
    now=None,
) -> tuple[Attempt, bool]:
    """Save the final answers and grade. Idempotent: returns (attempt, graded_now);
    a second submit returns the graded attempt untouched. Past the time limit
    and grace, the posted answers are ignored and the saved ones are graded."""
    now = now or timezone.now()
    with transaction.atomic():
        attempt = _locked(attempt, user)
        if attempt.is_finished:
            return attempt, False
        slots = slots_with_data(attempt=attempt)
        late = _is_late(attempt, now)
        stored = []
        if answers and not late:
            # Set on the slots' answers and written by the grading's one update.
            _apply(slots, answers, now)
            stored = ["response", "saved_at"]
        state = AttemptState.ABANDONED if late else AttemptState.SUBMITTED
        attempt_grade(
            attempt=attempt, slots=slots, state=state, now=now, also_saved=stored
        )
    return attempt, True
