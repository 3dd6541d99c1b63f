"""A question frozen into an attempt when the attempt starts (pure: no database).

Moodle grades and reviews an attempt against the *version* of each question it
was started with, so editing the bank later changes no old grade. We do the same
in spirit: ``attempt_start`` stores ``question_snapshot(question, choices)`` in
``AttemptQuestion.snapshot`` and grading, the attempt page and the review read
``FrozenQuestion.from_snapshot`` instead of the live ``Question``/``Choice`` rows.

The snapshot holds answer keys (fractions, feedback): it stays on the server and
is never serialised to the browser; views only see ``SlotView`` objects built
from it (see ``quizzes.selectors``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from .grading import GradeChoice, GradeQuestion

VERSION = 1


def question_snapshot(question, choices: Iterable) -> dict:
    """Everything needed to show, grade and review ``question`` as it is now.

    ``question`` and ``choices`` are model instances (or anything with the same
    attributes, such as historical models in a migration)."""
    ordered = sorted(choices, key=lambda c: (c.sort_order or 0, c.pk))
    return {
        "version": VERSION,
        "question_id": question.pk,
        "qtype": question.qtype,
        "title": question.title,
        "text": question.text,
        "text_format": question.text_format,
        "points": float(question.points),
        "options": dict(question.options or {}),
        "general_feedback": question.general_feedback,
        "grader_info": getattr(question, "grader_info", ""),
        "choices": [
            {
                "id": c.pk,
                "text": c.text,
                "fraction": float(c.fraction),
                "feedback": c.feedback,
                "match_text": c.match_text,
                "tolerance": c.tolerance,
            }
            for c in ordered
        ],
    }


@dataclass(frozen=True)
class FrozenQuestion:
    """A question as it was when the attempt started; choices in authored order."""

    qtype: str
    title: str
    text: str
    text_format: str
    points: float
    choices: tuple[GradeChoice, ...]
    options: Mapping = field(default_factory=dict)
    general_feedback: str = ""
    grader_info: str = ""

    @classmethod
    def from_snapshot(cls, data: Mapping) -> FrozenQuestion:
        return cls(
            qtype=data["qtype"],
            title=data.get("title", ""),
            text=data.get("text", ""),
            text_format=data.get("text_format", "plain"),
            points=float(data.get("points", 1.0)),
            choices=tuple(
                GradeChoice(
                    id=c["id"],
                    fraction=float(c.get("fraction", 0.0)),
                    text=c.get("text", ""),
                    feedback=c.get("feedback", ""),
                    match_text=c.get("match_text", ""),
                    tolerance=c.get("tolerance"),
                )
                for c in data.get("choices", [])
            ),
            options=dict(data.get("options") or {}),
            general_feedback=data.get("general_feedback", ""),
            grader_info=data.get("grader_info", ""),
        )

    def choice(self, choice_id) -> GradeChoice | None:
        return next((c for c in self.choices if c.id == choice_id), None)

    def grade_question(self, points: float | None = None) -> GradeQuestion:
        """The grading view of this question, worth ``points`` (the slot's)."""
        return GradeQuestion(
            qtype=self.qtype,
            points=self.points if points is None else points,
            choices=self.choices,
            options=self.options,
            general_feedback=self.general_feedback,
        )
