"""Item statistics of a quiz (reads only): per quiz attempts, mean, median and
pass rate; per question facility index, discrimination index and how often each
answer was chosen. Finished attempts only; three queries whatever the size (one
more when an answer chosen in an attempt has since been deleted from the bank:
its text is read from the attempt's snapshot)."""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from .models import (
    Attempt,
    AttemptAnswer,
    AttemptQuestion,
    AttemptState,
    Choice,
    Question,
    Quiz,
)

FINISHED = (AttemptState.SUBMITTED, AttemptState.ABANDONED)


@dataclass
class QuizStats:
    quiz: Quiz
    attempts: int = 0
    mean: float | None = None
    median: float | None = None
    pass_rate: float | None = None

    @property
    def title(self) -> str:
        return self.quiz.title


@dataclass
class QuestionStats:
    question_id: int
    title: str
    qtype: str
    attempts: int = 0
    facility: float | None = None
    discrimination: float | None = None
    frequencies: list[tuple[str, int]] = field(default_factory=list)

    @property
    def frequencies_text(self) -> str:
        return "; ".join(f"{text}: {count}" for text, count in self.frequencies)


def quizzes_stats() -> list[QuizStats]:
    rows = {q.pk: QuizStats(quiz=q) for q in Quiz.objects.order_by("title")}
    percents = defaultdict(list)
    passed = Counter()
    for quiz_id, percent, ok in Attempt.objects.filter(state__in=FINISHED).values_list(
        "quiz_id", "percent", "passed"
    ):
        percents[quiz_id].append(percent or 0.0)
        passed[quiz_id] += bool(ok)
    for quiz_id, values in percents.items():
        row = rows[quiz_id]
        row.attempts = len(values)
        row.mean = round(statistics.fmean(values), 2)
        row.median = round(statistics.median(values), 2)
        row.pass_rate = round(100 * passed[quiz_id] / len(values), 2)
    return list(rows.values())


def quiz_stats(*, quiz: Quiz) -> QuizStats:
    return next(s for s in quizzes_stats() if s.quiz.pk == quiz.pk)


def _pearson(xs: list[float], ys: list[float]) -> float | None:
    if len(xs) < 2:
        return None
    try:
        return round(statistics.correlation(xs, ys), 3)
    except statistics.StatisticsError:  # constant input
        return None


def _picked(response) -> list:
    response = response or {}
    picked = response.get("choices") or (
        [response["choice"]] if response.get("choice") else []
    )
    return [pk for pk in picked if isinstance(pk, int)]


def _add_deleted_choices(per_question, choices) -> None:
    """Answers chosen in attempts but deleted from the bank since: their text
    comes from the snapshot of one slot that holds them (one query, if any)."""
    slot_for: dict[int, int] = {}
    for question_id, items in per_question.items():
        live = {pk for pk, _text in choices[question_id]}
        for *_x, response, slot_id in items:
            for pk in _picked(response):
                if pk not in live:
                    slot_for.setdefault(pk, slot_id)
    if not slot_for:
        return
    texts = {}
    snapshots = AttemptQuestion.objects.filter(pk__in=set(slot_for.values()))
    for question_id, snapshot in snapshots.values_list("question_id", "snapshot"):
        for choice in (snapshot or {}).get("choices", []):
            if choice.get("id") in slot_for:
                texts[choice["id"]] = (question_id, choice.get("text", ""))
    for pk, (question_id, text) in sorted(texts.items()):
        choices[question_id].append((pk, text))


def question_stats(*, quiz: Quiz) -> list[QuestionStats]:
    rows = list(
        AttemptAnswer.objects.filter(
            slot__attempt__quiz=quiz, slot__attempt__state__in=FINISHED
        )
        # Descriptions are worth nothing: no item to measure. Essays count
        # once graded (their attempt is pending, so not FINISHED, until then).
        .exclude(slot__max_points=0)
        .values_list(
            "slot__attempt_id",
            "slot__question_id",
            "slot__max_points",
            "points",
            "response",
            "slot_id",
        )
    )
    totals: dict[int, float] = defaultdict(float)
    for attempt_id, _q, _m, points, _r, _s in rows:
        totals[attempt_id] += points or 0.0
    per_question = defaultdict(list)
    for attempt_id, question_id, max_points, points, response, slot_id in rows:
        per_question[question_id].append(
            (attempt_id, max_points or 1.0, points or 0.0, response, slot_id)
        )
    questions = Question.objects.in_bulk(list(per_question))
    choices = defaultdict(list)
    for choice in Choice.objects.filter(question_id__in=list(per_question)).order_by(
        "sort_order", "pk"
    ):
        choices[choice.question_id].append((choice.pk, choice.text))
    counts = {question_id: Counter() for question_id in per_question}
    for question_id, items in per_question.items():
        for *_x, response, _slot in items:
            counts[question_id].update(_picked(response))
    _add_deleted_choices(per_question, choices)
    result = []
    for question_id, items in per_question.items():
        question = questions[question_id]
        fractions = [points / max_points for _a, max_points, points, _r, _s in items]
        rest = [totals[a] - points for a, _m, points, _r, _s in items]
        result.append(
            QuestionStats(
                question_id=question_id,
                title=question.title,
                qtype=question.get_qtype_display(),
                attempts=len(items),
                facility=round(100 * statistics.fmean(fractions), 1),
                discrimination=_pearson(fractions, rest),
                frequencies=[
                    (text, counts[question_id].get(pk, 0))
                    for pk, text in choices[question_id]
                ]
                if question.qtype in ("single", "multiple", "truefalse")
                else [],
            )
        )
    return sorted(result, key=lambda r: r.title)
