"""Server-side grading of one question's response (pure: no database, no Django).

Responses are dictionaries keyed by choice ids, as stored in ``AttemptAnswer``:

- single choice, true/false: ``{"choice": id}``
- multiple choice: ``{"choices": [id, ...]}``
- short answer, numerical: ``{"text": "..."}``
- matching: ``{"matches": {"<left choice id>": "<right-hand text>"}}``

A grade never leaves 0..points: negative weights of a multiple-choice question
lower the score but not below zero.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field

from .qtypes import QuestionType

CORRECT = "correct"
PARTIAL = "partial"
INCORRECT = "incorrect"
UNANSWERED = "unanswered"
#: An essay waiting for a grader (``services.essays.essay_grade``).
PENDING = "pending"


@dataclass(frozen=True)
class GradeChoice:
    id: int
    fraction: float
    text: str = ""
    feedback: str = ""
    match_text: str = ""
    tolerance: float | None = None


@dataclass(frozen=True)
class GradeQuestion:
    qtype: str
    points: float
    choices: tuple[GradeChoice, ...]
    options: Mapping = field(default_factory=dict)
    general_feedback: str = ""


@dataclass
class Grade:
    points: float
    max_points: float
    state: str
    feedback: list[str] = field(default_factory=list)

    @property
    def fraction(self) -> float:
        return self.points / self.max_points if self.max_points else 0.0


def normalise(text: str, *, case_sensitive: bool = False) -> str:
    """Case (unless Moodle's ``usecase`` is set), spaces and Unicode form (NFC)
    do not matter."""
    text = unicodedata.normalize("NFC", text)
    return " ".join((text if case_sensitive else text.casefold()).split())


def strip_diacritics(text: str) -> str:
    """``Nhãn hiệu Đặc sản`` → ``Nhan hieu Dac san`` (Vietnamese đ included)."""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return unicodedata.normalize("NFC", bare)


def text_matches(
    response: str,
    accepted: str,
    *,
    without_diacritics: bool,
    case_sensitive: bool = False,
) -> bool:
    given = normalise(response, case_sensitive=case_sensitive)
    expected = normalise(accepted, case_sensitive=case_sensitive)
    if given == expected:
        return True
    if "*" in expected:
        # Moodle's short-answer wildcard: "*" stands for any run of characters.
        pattern = ".*".join(re.escape(part) for part in expected.split("*"))
        if re.fullmatch(pattern, given, flags=re.DOTALL):
            return True
        if without_diacritics and given == strip_diacritics(given):
            return bool(
                re.fullmatch(
                    ".*".join(
                        re.escape(p) for p in strip_diacritics(expected).split("*")
                    ),
                    given,
                    flags=re.DOTALL,
                )
            )
        return False
    # Typed without any diacritics (a keyboard without Vietnamese input): accept
    # when the letters agree. Wrong diacritics are still wrong.
    return (
        without_diacritics
        and given == strip_diacritics(given)
        and given == strip_diacritics(expected)
    )


def parse_number(text: str) -> float | None:
    """Accept "3.5", "3,5" and "1.234,5" / "1,234.5" (the last mark is the decimal)."""
    text = "".join(str(text).split())
    if not text or len(text) > 64:
        return None
    if "," in text and "." in text:
        decimal = "," if text.rfind(",") > text.rfind(".") else "."
        text = text.replace("." if decimal == "," else ",", "").replace(",", ".")
    else:
        text = text.replace(",", ".")
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _clamp(fraction: float) -> float:
    return min(1.0, max(0.0, fraction))


def _state(fraction: float) -> str:
    if fraction >= 1 - 1e-9:
        return CORRECT
    return PARTIAL if fraction > 1e-9 else INCORRECT


def is_answered(question: GradeQuestion, response: Mapping | None) -> bool:
    if not response:
        return False
    if question.qtype in (QuestionType.SINGLE, QuestionType.TRUEFALSE):
        return response.get("choice") is not None
    if question.qtype == QuestionType.MULTIPLE:
        return bool(response.get("choices"))
    if question.qtype == QuestionType.MATCHING:
        return any(response.get("matches", {}).values())
    return bool(str(response.get("text", "")).strip())


def _fraction_and_feedback(q: GradeQuestion, response: Mapping) -> tuple[float, list]:
    by_id = {c.id: c for c in q.choices}
    if q.qtype in (QuestionType.SINGLE, QuestionType.TRUEFALSE):
        chosen = by_id.get(response.get("choice"))
        if chosen is None:
            return 0.0, []
        return _clamp(chosen.fraction), [chosen.feedback]
    if q.qtype == QuestionType.MULTIPLE:
        chosen = [
            by_id[i] for i in dict.fromkeys(response.get("choices", [])) if i in by_id
        ]
        feedback = [c.feedback for c in chosen]
        if q.options.get("partial_credit", True):
            return _clamp(sum(c.fraction for c in chosen)), feedback
        right = {c.id for c in q.choices if c.fraction > 0}
        return (1.0 if {c.id for c in chosen} == right else 0.0), feedback
    if q.qtype == QuestionType.MATCHING:
        lefts = [c for c in q.choices if c.text]
        matches = response.get("matches", {})
        right = sum(
            1
            for c in lefts
            if unicodedata.normalize("NFC", str(matches.get(str(c.id), "")))
            == unicodedata.normalize("NFC", c.match_text)
        )
        return (right / len(lefts) if lefts else 0.0), []
    text = str(response.get("text", ""))
    if q.qtype == QuestionType.NUMERICAL:
        value = parse_number(text)
        hits = [] if value is None else [c for c in q.choices if _close(value, c)]
        if value is not None and not hits:
            # Moodle's catch-all answer "*": any other number, with its feedback.
            hits = [c for c in q.choices if c.text == "*"]
    else:
        loose = bool(q.options.get("accept_without_diacritics"))
        case = bool(q.options.get("case_sensitive"))
        hits = [
            c
            for c in q.choices
            if text_matches(text, c.text, without_diacritics=loose, case_sensitive=case)
        ]
    if not hits:
        return 0.0, []
    best = max(hits, key=lambda c: c.fraction)
    return _clamp(best.fraction), [best.feedback]


def _close(value: float, choice: GradeChoice) -> bool:
    try:
        expected = float(choice.text)
    except ValueError:
        return False
    tolerance = abs(choice.tolerance or 0.0)
    return abs(value - expected) <= tolerance + 1e-9 * max(1.0, abs(expected))


def grade(question: GradeQuestion, response: Mapping | None) -> Grade:
    """Points earned (0..points), a state and the feedback to show after grading."""
    points = float(question.points)
    general = [question.general_feedback] if question.general_feedback else []
    if question.qtype == QuestionType.DESCRIPTION:
        return Grade(0.0, 0.0, UNANSWERED, [])
    if question.qtype == QuestionType.ESSAY and is_answered(question, response):
        # Marked by hand: nothing earned until a grader sets the mark.
        return Grade(0.0, points, PENDING, general)
    if not is_answered(question, response):
        return Grade(0.0, points, UNANSWERED, general)
    fraction, feedback = _fraction_and_feedback(question, response)
    fraction = _clamp(fraction)
    earned = min(points, max(0.0, round(points * fraction, 7)))
    return Grade(earned, points, _state(fraction), [f for f in feedback if f] + general)


def manual_grade(points: float, max_points: float) -> Grade:
    """A grader's mark for an essay, kept within 0..max_points."""
    earned = min(max_points, max(0.0, round(float(points), 7)))
    return Grade(earned, max_points, _state(earned / max_points if max_points else 0))


def right_answers(question: GradeQuestion) -> list[str]:
    """The correct answer(s) in words, for the review page (never before grading)."""
    if question.qtype in (QuestionType.ESSAY, QuestionType.DESCRIPTION):
        return []
    if question.qtype == QuestionType.MATCHING:
        return [f"{c.text} → {c.match_text}" for c in question.choices if c.text]
    if question.qtype == QuestionType.NUMERICAL:
        best = max(c.fraction for c in question.choices)
        return [
            f"{c.text} ± {c.tolerance:g}" if c.tolerance else c.text
            for c in question.choices
            if c.fraction == best
        ]
    if question.qtype == QuestionType.MULTIPLE:
        return [c.text for c in question.choices if c.fraction > 0]
    best = max((c.fraction for c in question.choices), default=0)
    return [c.text for c in question.choices if c.fraction == best and best > 0]
