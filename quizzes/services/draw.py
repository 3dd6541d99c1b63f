"""What a new attempt holds: the questions drawn, their order, the order of their
answers, and each question frozen as it is at the start (``AttemptQuestion``)."""

from __future__ import annotations

import datetime
import logging
import random
from collections import defaultdict

from ..models import (
    Attempt,
    AttemptAnswer,
    AttemptQuestion,
    Choice,
    Question,
    QuestionCategory,
    Quiz,
)
from ..qtypes import QuestionType
from ..snapshots import FrozenQuestion, question_snapshot

logger = logging.getLogger(__name__)


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


def slot_layout(question: FrozenQuestion, shuffle: bool, rng) -> dict:
    """The order the answers are shown in (choice ids; texts for matching targets)."""
    ordered = question.choices  # authored order
    if question.qtype == QuestionType.MATCHING:
        left = [c.id for c in ordered if c.text]
        right = sorted({c.match_text for c in ordered})
        if shuffle:
            rng.shuffle(left)
            rng.shuffle(right)
        return {"left": left, "right": right}
    if question.qtype in (
        QuestionType.SHORT,
        QuestionType.NUMERICAL,
        QuestionType.ESSAY,
        QuestionType.DESCRIPTION,
    ):
        return {}
    ids = [c.id for c in ordered]
    if question.qtype == QuestionType.TRUEFALSE:
        ids = [c.id for c in sorted(ordered, key=lambda c: c.text != "true")]
    elif shuffle:
        rng.shuffle(ids)
    return {"choices": ids}


def deadline_for(quiz: Quiz, now: datetime.datetime) -> datetime.datetime | None:
    ends = []
    if quiz.time_limit_minutes:
        ends.append(now + datetime.timedelta(minutes=quiz.time_limit_minutes))
    if quiz.closes_at:
        ends.append(quiz.closes_at)
    return min(ends) if ends else None


def attempt_slots_create(
    *, attempt: Attempt, question_ids: list[int], shuffle: bool, rng, now
) -> list[AttemptQuestion]:
    """One slot per question (in ``question_ids`` order) with its layout and
    snapshot, and an empty answer row per slot. Three queries plus two inserts."""
    questions = Question.objects.in_bulk(question_ids)
    choices = defaultdict(list)
    for choice in Choice.objects.filter(question_id__in=question_ids):
        choices[choice.question_id].append(choice)
    slots = []
    for order, pk in enumerate(q for q in question_ids if q in questions):
        snapshot = question_snapshot(questions[pk], choices[pk])
        frozen = FrozenQuestion.from_snapshot(snapshot)
        slots.append(
            AttemptQuestion(
                attempt=attempt,
                question_id=pk,
                order=order,
                max_points=frozen.points,
                layout=slot_layout(frozen, shuffle, rng),
                snapshot=snapshot,
            )
        )
    slots = AttemptQuestion.objects.bulk_create(slots)
    if any(slot.pk is None for slot in slots):  # databases without RETURNING
        slots = list(AttemptQuestion.objects.filter(attempt=attempt))
    AttemptAnswer.objects.bulk_create(
        [AttemptAnswer(slot=slot, saved_at=now) for slot in slots]
    )
    return slots
