"""State changes of quizzes: start, autosave, submit (grade), close expired attempts.

Every function is keyword-only and runs in a transaction that locks what it
changes, so two browser tabs or a double click cannot break the rules: two
simultaneous starts cannot exceed the attempt limit (the learner's row is locked
and ``(user, quiz, number)`` is unique) and two submits grade once (the attempt
row is locked and a finished attempt is returned unchanged).
"""

from __future__ import annotations

import datetime
import logging
import random
from collections import defaultdict

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import grading
from ..models import (
    Attempt,
    AttemptAnswer,
    AttemptQuestion,
    AttemptState,
    Choice,
    Question,
    QuestionCategory,
    Quiz,
)
from ..qtypes import QuestionType
from ..responses import ResponseError, clean_response
from ..selectors import (
    grace_seconds,
    grade_question,
    quiz_access_error,
    slots_with_data,
)

logger = logging.getLogger(__name__)


class QuizError(Exception):
    """A refused quiz action: ``status`` is the HTTP status a view should answer."""

    def __init__(self, message: str, *, code: str = "invalid", status: int = 400):
        super().__init__(message)
        self.message, self.code, self.status = message, code, status


# --- start --------------------------------------------------------------------


def _category_tree() -> dict[int, list[int]]:
    children = defaultdict(list)
    for pk, parent in QuestionCategory.objects.values_list("pk", "parent_id"):
        children[parent].append(pk)
    return children


def _descendants(root: int, children: dict[int, list[int]]) -> list[int]:
    found, stack = [], [root]
    while stack:
        node = stack.pop()
        if node in found:
            continue
        found.append(node)
        stack.extend(children.get(node, []))
    return found


def quiz_draw(*, quiz: Quiz, rng: random.Random | None = None) -> list[int]:
    """Question ids for a new attempt: the fixed ones, then the random draws."""
    rng = rng or random.SystemRandom()
    chosen = list(
        quiz.quiz_questions.order_by("sort_order").values_list("question_id", flat=True)
    )
    draws = list(quiz.random_draws.order_by("sort_order"))
    if draws:
        tree = _category_tree()
        for draw in draws:
            categories = (
                _descendants(draw.category_id, tree)
                if draw.include_subcategories
                else [draw.category_id]
            )
            pool = [
                pk
                for pk in Question.objects.filter(category_id__in=categories)
                .order_by("pk")
                .values_list("pk", flat=True)
                if pk not in chosen
            ]
            if len(pool) < draw.count:
                logger.warning(
                    "quiz %s: category %s has %d questions, %d wanted",
                    quiz.slug,
                    draw.category_id,
                    len(pool),
                    draw.count,
                )
            chosen.extend(rng.sample(pool, min(draw.count, len(pool))))
    if quiz.shuffle_questions:
        rng.shuffle(chosen)
    return chosen


def _layout(question: Question, choices: list[Choice], shuffle: bool, rng) -> dict:
    ordered = sorted(choices, key=lambda c: (c.sort_order or 0, c.pk))
    if question.qtype == QuestionType.MATCHING:
        left = [c.pk for c in ordered if c.text]
        right = sorted({c.match_text for c in ordered})
        if shuffle:
            rng.shuffle(left)
            rng.shuffle(right)
        return {"left": left, "right": right}
    if question.qtype in (QuestionType.SHORT, QuestionType.NUMERICAL):
        return {}
    ids = [c.pk for c in ordered]
    if question.qtype == QuestionType.TRUEFALSE:
        ids = [c.pk for c in sorted(ordered, key=lambda c: c.text != "true")]
    elif shuffle:
        rng.shuffle(ids)
    return {"choices": ids}


def _deadline(quiz: Quiz, now: datetime.datetime) -> datetime.datetime | None:
    ends = []
    if quiz.time_limit_minutes:
        ends.append(now + datetime.timedelta(minutes=quiz.time_limit_minutes))
    if quiz.closes_at:
        ends.append(quiz.closes_at)
    return min(ends) if ends else None


def attempt_start(
    *, user, quiz: Quiz, lesson=None, now: datetime.datetime | None = None, rng=None
) -> Attempt:
    """Start (or resume) an attempt: checks access, dates and the attempt limit, then
    fixes the questions, their order and the order of their answers."""
    now = now or timezone.now()
    rng = rng or random.SystemRandom()
    reason = quiz_access_error(user=user, quiz=quiz, lesson=lesson)
    if reason:
        raise QuizError(reason, code="forbidden", status=403)
    if quiz.opens_at and now < quiz.opens_at:
        raise QuizError(_("This quiz is not open yet."), code="not_open", status=403)
    if quiz.closes_at and now >= quiz.closes_at:
        raise QuizError(_("This quiz is closed."), code="closed", status=403)
    expired = None
    with transaction.atomic():
        # One learner at a time: the lock serialises starts of the same person.
        get_user_model().objects.select_for_update().only("pk").get(pk=user.pk)
        attempts = list(Attempt.objects.filter(user=user, quiz=quiz).order_by("number"))
        running = [a for a in attempts if a.state == AttemptState.IN_PROGRESS]
        if running:
            if not _is_late(running[-1], now):
                return running[-1]
            expired = running[-1]
        else:
            if quiz.max_attempts and len(attempts) >= quiz.max_attempts:
                raise QuizError(
                    _("You have used all %(n)s attempts at this quiz.")
                    % {"n": quiz.max_attempts},
                    code="limit",
                    status=409,
                )
            question_ids = quiz_draw(quiz=quiz, rng=rng)
            if not question_ids:
                raise QuizError(
                    _("This quiz has no questions yet."), code="empty", status=409
                )
            try:
                with transaction.atomic():
                    attempt = _create_attempt(
                        user, quiz, lesson, attempts, question_ids, now, rng
                    )
            except IntegrityError:
                raise QuizError(
                    _(
                        "Another attempt was started at the same moment; "
                        "reload the page."
                    ),
                    code="conflict",
                    status=409,
                ) from None
    if expired is not None:
        attempt_finish(attempt=expired, state=AttemptState.ABANDONED, now=now)
        return attempt_start(user=user, quiz=quiz, lesson=lesson, now=now, rng=rng)
    return attempt


def _create_attempt(user, quiz, lesson, attempts, question_ids, now, rng) -> Attempt:
    number = max((a.number for a in attempts), default=0) + 1
    attempt = Attempt.objects.create(
        user=user,
        quiz=quiz,
        lesson=lesson,
        number=number,
        started_at=now,
        deadline=_deadline(quiz, now),
    )
    questions = Question.objects.in_bulk(question_ids)
    choices = defaultdict(list)
    for choice in Choice.objects.filter(question_id__in=question_ids):
        choices[choice.question_id].append(choice)
    slots = [
        AttemptQuestion(
            attempt=attempt,
            question_id=pk,
            order=order,
            max_points=questions[pk].points,
            layout=_layout(questions[pk], choices[pk], quiz.shuffle_choices, rng),
        )
        for order, pk in enumerate(q for q in question_ids if q in questions)
    ]
    slots = AttemptQuestion.objects.bulk_create(slots)
    if any(slot.pk is None for slot in slots):  # databases without RETURNING
        slots = list(AttemptQuestion.objects.filter(attempt=attempt))
    AttemptAnswer.objects.bulk_create(
        [AttemptAnswer(slot=slot, saved_at=now) for slot in slots]
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
        raise QuizError(_("This attempt is not yours."), code="not_owner", status=403)
    return locked


def _store(attempt: Attempt, slots, answers: dict, now) -> int:
    """Validate every answer first, then write them all (nothing on error)."""
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
    AttemptAnswer.objects.bulk_update(rows, ["response", "saved_at"])
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
                _("This attempt has already been submitted."),
                code="finished",
                status=409,
            )
        if _is_late(attempt, now):
            raise QuizError(
                _("Time is up: answers sent after the time limit are not accepted."),
                code="late",
                status=409,
            )
        return _store(attempt, slots_with_data(attempt=attempt), answers, now)


# --- submit and grade ---------------------------------------------------------


def attempt_submit(
    *, attempt: Attempt, user, answers: dict[int, object] | None = None, now=None
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
        if answers and not late:
            _store(attempt, slots, answers, now)
        state = AttemptState.ABANDONED if late else AttemptState.SUBMITTED
        _grade(attempt, slots, state, now)
    _after_grading(attempt)
    return attempt, True


def _grade(attempt: Attempt, slots, state: str, now) -> None:
    score = maximum = 0.0
    rows = []
    for slot in slots:
        question = grade_question(
            slot.question, slot.choice_map.values(), slot.max_points
        )
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
    AttemptAnswer.objects.bulk_update(rows, ["points", "state", "feedback"])
    attempt.score = round(score, 4)
    attempt.max_score = round(maximum, 4)
    attempt.percent = round(100 * score / maximum, 2) if maximum else 0.0
    attempt.passed = attempt.percent >= float(attempt.quiz.pass_mark) - 1e-9
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


def attempt_finish(
    *, attempt: Attempt, state: str = AttemptState.ABANDONED, now=None
) -> bool:
    """Close and grade an attempt from its saved answers (scheduled sweep)."""
    now = now or timezone.now()
    with transaction.atomic():
        attempt = (
            Attempt.objects.select_for_update()
            .select_related("quiz")
            .get(pk=attempt.pk)
        )
        if attempt.is_finished:
            return False
        _grade(attempt, slots_with_data(attempt=attempt), state, now)
    _after_grading(attempt)
    return True


def attempts_close_expired(*, now=None) -> int:
    """Grade every attempt whose time limit (plus grace) has passed."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(seconds=grace_seconds())
    due = Attempt.objects.filter(state=AttemptState.IN_PROGRESS, deadline__lt=cutoff)
    closed = 0
    for attempt in due.order_by("deadline").iterator():
        closed += attempt_finish(attempt=attempt, state=AttemptState.ABANDONED, now=now)
    return closed


def _after_grading(attempt: Attempt) -> None:
    """Passing a lesson quiz completes the lesson; a final exam re-checks the course."""
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
    if quiz.is_final_exam:
        course = quiz_course(quiz=quiz)
        enrollment = (
            Enrollment.objects.filter(user=user, course=course, status="active").first()
            if course is not None
            else None
        )
        if enrollment is not None:
            enrollment_completion_check(enrollment=enrollment)
