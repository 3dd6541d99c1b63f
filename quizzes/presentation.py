"""What the attempt page and its review show: view-models built from a slot's
snapshot (``slot_view``), never from the bank.

Nothing here returns answer keys for an attempt in progress: the attempt page is
built from ``attempt_page`` whose objects carry no fractions or feedback; the
review adds marks, feedback and keys only as ``review_shows_answers`` allows.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.template.defaultfilters import floatformat
from django.utils.translation import gettext as _

from .grading import GradeChoice, right_answers
from .models import Attempt, AttemptQuestion, AttemptState
from .qtypes import QuestionType
from .rendering import render_text
from .responses import essay_limit
from .selectors import review_shows_answers, slots_with_data
from .snapshots import FrozenQuestion

# --- the attempt page -----------------------------------------------------------------


@dataclass
class OptionView:
    index: int
    html: str
    selected: bool = False


@dataclass
class MatchRow:
    index: int
    html: str
    selected: int | None = None


@dataclass
class SlotView:
    """What the learner sees of one question: no fractions, no feedback, no keys."""

    id: int
    number: int
    qtype: str
    title: str
    text_html: str
    points: float
    options: list[OptionView] = field(default_factory=list)
    rows: list[MatchRow] = field(default_factory=list)
    targets: list[OptionView] = field(default_factory=list)
    value: str = ""
    max_chars: int = 0

    @property
    def field_name(self) -> str:
        return f"q{self.id}"

    # The two labels are made here, not with {% blocktranslate %} in the
    # template: twenty of each were a fifth of the attempt page's rendering.
    @property
    def label(self) -> str:
        return _("Question %(n)s") % {"n": self.number}

    @property
    def points_label(self) -> str:
        return _("%(points)s pt") % {"points": floatformat(self.points, "-2")}

    @property
    def answered(self) -> bool:
        return bool(
            self.value
            or any(o.selected for o in self.options)
            or any(r.selected is not None for r in self.rows)
        )


TRUE_FALSE_LABELS = {"true": lambda: _("True"), "false": lambda: _("False")}


def _choice_html(question: FrozenQuestion, choice: GradeChoice) -> str:
    if question.qtype == QuestionType.TRUEFALSE:
        label = TRUE_FALSE_LABELS.get(choice.text)
        return str(label()) if label else choice.text
    return render_text(choice.text, question.text_format, inline=True)


def slot_view(slot: AttemptQuestion) -> SlotView:
    """The learner's view of one slot, built from its snapshot."""
    question = slot.frozen
    response = getattr(getattr(slot, "answer", None), "response", None) or {}
    view = SlotView(
        id=slot.pk,
        number=slot.order + 1,
        qtype=question.qtype,
        title=question.title,
        text_html=render_text(question.text, question.text_format),
        points=slot.max_points,
    )
    layout = slot.layout or {}
    if question.qtype == QuestionType.MATCHING:
        matches = response.get("matches", {})
        targets = layout.get("right", [])
        for index, text in enumerate(targets):
            view.targets.append(
                OptionView(index, render_text(text, "plain", inline=True))
            )
        for index, choice_id in enumerate(layout.get("left", [])):
            choice = question.choice(choice_id)
            if choice is None:
                continue
            chosen = matches.get(str(choice_id))
            selected = targets.index(chosen) if chosen in targets else None
            view.rows.append(MatchRow(index, _choice_html(question, choice), selected))
    elif question.qtype in (
        QuestionType.SHORT,
        QuestionType.NUMERICAL,
        QuestionType.ESSAY,
    ):
        view.value = str(response.get("text", ""))
        if question.qtype == QuestionType.ESSAY:
            view.max_chars = essay_limit(question.options)
    elif question.qtype == QuestionType.DESCRIPTION:
        pass
    else:
        chosen = set(response.get("choices", [])) | {response.get("choice")}
        for index, choice_id in enumerate(layout.get("choices", [])):
            choice = question.choice(choice_id)
            if choice is None:
                continue
            view.options.append(
                OptionView(index, _choice_html(question, choice), choice_id in chosen)
            )
    return view


def attempt_page(*, attempt: Attempt) -> list[SlotView]:
    return [slot_view(slot) for slot in slots_with_data(attempt=attempt)]


@dataclass
class ReviewItem:
    view: SlotView
    points: float | None = None
    state: str = ""
    feedback: list[str] = field(default_factory=list)
    right: list[str] = field(default_factory=list)
    manual: bool = False
    comment: str = ""


def attempt_review(*, attempt: Attempt, now=None) -> dict:
    """The learner's answers; marks, feedback and keys only if the policy allows."""
    if attempt.state == AttemptState.IN_PROGRESS:
        return {"show_answers": False, "items": []}
    show = review_shows_answers(attempt=attempt, now=now)
    items = []
    for slot in slots_with_data(attempt=attempt):
        item = ReviewItem(view=slot_view(slot))
        answer = getattr(slot, "answer", None)
        if slot.frozen.qtype == QuestionType.ESSAY and answer is not None:
            # A grader's mark and comment are the learner's result, not a key:
            # shown whatever the review policy.
            item.manual = True
            item.points, item.state = answer.points, answer.state
            item.comment = answer.comment
        if show:
            fmt = slot.frozen.text_format
            item.points = answer.points if answer else 0.0
            item.state = answer.state if answer else ""
            item.feedback = [
                render_text(text, fmt, inline=True)
                for text in (answer.feedback if answer else [])
            ]
            item.right = right_answers(slot.frozen.grade_question())
            if slot.frozen.qtype == QuestionType.TRUEFALSE:
                item.right = [
                    str(TRUE_FALSE_LABELS[r]())
                    for r in item.right
                    if r in TRUE_FALSE_LABELS
                ]
        items.append(item)
    return {"show_answers": show, "items": items}
