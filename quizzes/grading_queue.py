"""Reads for the essay grading queue in the admin (per quiz, per question)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q

from . import grading
from .models import AttemptAnswer, Quiz
from .qtypes import QuestionType


def _essays(quiz_id: int | None = None, question_id: int | None = None):
    answers = AttemptAnswer.objects.filter(
        slot__snapshot__qtype=QuestionType.ESSAY,
        slot__attempt__submitted_at__isnull=False,
    )
    if quiz_id is not None:
        answers = answers.filter(slot__attempt__quiz_id=quiz_id)
    if question_id is not None:
        answers = answers.filter(slot__question_id=question_id)
    return answers


def quizzes_with_essays() -> list[Quiz]:
    """Quizzes with submitted essays, each with ``pending`` and ``graded`` counts."""
    counts = {
        row["slot__attempt__quiz_id"]: row
        for row in _essays()
        .values("slot__attempt__quiz_id")
        .annotate(
            pending=Count("pk", filter=Q(state=grading.PENDING)),
            total=Count("pk"),
        )
    }
    quizzes = list(Quiz.objects.filter(pk__in=counts).order_by("title"))
    for quiz in quizzes:
        quiz.pending = counts[quiz.pk]["pending"]
        quiz.graded = counts[quiz.pk]["total"] - quiz.pending
    return quizzes


@dataclass
class QuestionRow:
    question_id: int
    title: str
    pending: int
    total: int


def quiz_essay_questions(*, quiz: Quiz) -> list[QuestionRow]:
    rows = (
        _essays(quiz.pk)
        .values("slot__question_id", "slot__question__title")
        .annotate(
            pending=Count("pk", filter=Q(state=grading.PENDING)), total=Count("pk")
        )
        .order_by("slot__question__title")
    )
    return [
        QuestionRow(
            r["slot__question_id"], r["slot__question__title"], r["pending"], r["total"]
        )
        for r in rows
    ]


def queue(*, quiz: Quiz, question_id: int | None = None, pending_only: bool = False):
    """The essays of a quiz in grading order (oldest submission first)."""
    answers = _essays(quiz.pk, question_id)
    if pending_only:
        answers = answers.filter(state=grading.PENDING)
    return answers.select_related(
        "slot__attempt__user", "slot__question", "graded_by"
    ).order_by("slot__attempt__submitted_at", "slot__attempt_id", "slot__order")


def neighbours(*, answer: AttemptAnswer, quiz: Quiz, question_id: int | None):
    """(previous id, next id, next pending id) of ``answer`` in its queue."""
    ids = list(queue(quiz=quiz, question_id=question_id).values_list("pk", "state"))
    order = [pk for pk, _s in ids]
    index = order.index(answer.pk) if answer.pk in order else -1
    previous = order[index - 1] if index > 0 else None
    following = order[index + 1] if 0 <= index < len(order) - 1 else None
    after = ids[index + 1 :] + ids[: max(index, 0)]
    next_pending = next(
        (pk for pk, state in after if state == grading.PENDING and pk != answer.pk),
        None,
    )
    return previous, following, next_pending
