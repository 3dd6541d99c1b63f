"""Reads: who may take a quiz, attempts and grades, final exams, what to show.

Nothing here returns answer keys for an attempt in progress: the attempt page is
built from ``attempt_page`` whose objects carry no fractions or feedback.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from .grading import GradeChoice, GradeQuestion, right_answers
from .models import (
    Attempt,
    AttemptQuestion,
    AttemptState,
    Choice,
    GradingMethod,
    Question,
    Quiz,
    ReviewPolicy,
)
from .qtypes import QuestionType
from .rendering import render_text


def grace_seconds() -> int:
    return int(getattr(settings, "QUIZ_GRACE_SECONDS", 30))


# --- where a quiz lives ------------------------------------------------------------


def lesson_contains_quiz(*, lesson, quiz: Quiz) -> bool:
    body = getattr(lesson, "body", None)
    if body is None:
        return False
    for block in body.raw_data:
        if block.get("type") == "quiz" and str(block.get("value")) == str(quiz.pk):
            return True
    return False


def quiz_lessons(*, quiz: Quiz) -> list:
    """Live lessons whose body places this quiz (via Wagtail's reference index)."""
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import ReferenceIndex

    from courses.models import LessonPage

    lesson_type = ContentType.objects.get_for_model(LessonPage)
    ids = (
        ReferenceIndex.get_references_to(quiz)
        .filter(content_type=lesson_type)
        .values_list("object_id", flat=True)
    )
    lessons = LessonPage.objects.live().filter(pk__in=[int(i) for i in ids])
    return [
        lesson for lesson in lessons if lesson_contains_quiz(lesson=lesson, quiz=quiz)
    ]


def quiz_course(*, quiz: Quiz):
    """The course whose final exam (or one of whose modules' final exam) this is."""
    from courses.models import CoursePage

    if quiz.final_exam_page_id is None:
        return None
    page = quiz.final_exam_page
    if page.specific_class is CoursePage:
        return page.specific
    return CoursePage.objects.ancestor_of(page).first()


def quiz_access_error(*, user, quiz: Quiz, lesson=None) -> str | None:
    """None when ``user`` may attempt ``quiz`` (in ``lesson``), else the reason."""
    from courses.models import Enrollment
    from courses.selectors import is_course_editor, lesson_can_read

    if not user.is_authenticated:
        return _("Please sign in to take this quiz.")
    if lesson is not None:
        if not lesson_contains_quiz(lesson=lesson, quiz=quiz):
            return _("This quiz is not part of that lesson.")
        if not lesson_can_read(user=user, lesson=lesson):
            return _("Enrol in the course to take this quiz.")
        return None
    course = quiz_course(quiz=quiz)
    if course is None:
        lessons = quiz_lessons(quiz=quiz)
        if lessons and not any(lesson_can_read(user=user, lesson=x) for x in lessons):
            return _("Enrol in the course to take this quiz.")
        return None
    if is_course_editor(user):
        return None
    enrolled = Enrollment.objects.filter(
        user=user, course=course, status__in=("active", "completed")
    ).exists()
    return None if enrolled else _("Enrol in the course to take its final exam.")


# --- attempts and grades --------------------------------------------------------------


def attempts_of(*, user, quiz: Quiz) -> list[Attempt]:
    if not user.is_authenticated:
        return []
    return list(Attempt.objects.filter(user=user, quiz=quiz).order_by("number"))


def quiz_grade(*, attempts: list[Attempt], method: str) -> float | None:
    """The learner's grade (percent) from their finished attempts."""
    done = [a for a in attempts if a.is_finished and a.percent is not None]
    if not done:
        return None
    if method == GradingMethod.LAST:
        return max(done, key=lambda a: a.number).percent
    if method == GradingMethod.AVERAGE:
        return statistics.fmean(a.percent for a in done)
    return max(a.percent for a in done)


def quiz_passed(*, user, quiz: Quiz) -> bool:
    grade = quiz_grade(
        attempts=attempts_of(user=user, quiz=quiz), method=quiz.grading_method
    )
    return grade is not None and grade >= float(quiz.pass_mark) - 1e-9


def final_exams(*, course) -> list[Quiz]:
    """Final exams of the course itself and of its modules."""
    from wagtail.models import Page

    pages = Page.objects.filter(path__startswith=course.path, depth__gte=course.depth)
    return list(Quiz.objects.filter(final_exam_page__in=pages))


def final_exam_passed(*, user, course) -> bool | None:
    """True when every final exam of the course is passed; None if it has none."""
    exams = final_exams(course=course)
    if not exams:
        return None
    return all(quiz_passed(user=user, quiz=quiz) for quiz in exams)


def final_exam_rule(enrollment) -> bool | None:
    """Completion rule "final exam passed" (registered in QuizzesConfig.ready)."""
    return final_exam_passed(user=enrollment.user, course=enrollment.course)


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

    @property
    def field_name(self) -> str:
        return f"q{self.id}"

    @property
    def answered(self) -> bool:
        return bool(
            self.value
            or any(o.selected for o in self.options)
            or any(r.selected is not None for r in self.rows)
        )


TRUE_FALSE_LABELS = {"true": lambda: _("True"), "false": lambda: _("False")}


def slots_with_data(*, attempt: Attempt) -> list[AttemptQuestion]:
    """Slots with their question, choices and answer: four queries, any size."""
    slots = list(
        AttemptQuestion.objects.filter(attempt=attempt)
        .select_related("question", "answer")
        .order_by("order")
    )
    choices: dict[int, dict[int, Choice]] = {}
    for choice in Choice.objects.filter(question_id__in=[s.question_id for s in slots]):
        choices.setdefault(choice.question_id, {})[choice.pk] = choice
    for slot in slots:
        slot.choice_map = choices.get(slot.question_id, {})
    return slots


def _choice_html(question: Question, choice: Choice) -> str:
    if question.qtype == QuestionType.TRUEFALSE:
        label = TRUE_FALSE_LABELS.get(choice.text)
        return str(label()) if label else choice.text
    return render_text(choice.text, question.text_format, inline=True)


def slot_view(slot: AttemptQuestion) -> SlotView:
    question = slot.question
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
            choice = slot.choice_map.get(choice_id)
            if choice is None:
                continue
            chosen = matches.get(str(choice_id))
            selected = targets.index(chosen) if chosen in targets else None
            view.rows.append(MatchRow(index, _choice_html(question, choice), selected))
    elif question.qtype in (QuestionType.SHORT, QuestionType.NUMERICAL):
        view.value = str(response.get("text", ""))
    else:
        chosen = set(response.get("choices", [])) | {response.get("choice")}
        for index, choice_id in enumerate(layout.get("choices", [])):
            choice = slot.choice_map.get(choice_id)
            if choice is None:
                continue
            view.options.append(
                OptionView(index, _choice_html(question, choice), choice_id in chosen)
            )
    return view


def attempt_page(*, attempt: Attempt) -> list[SlotView]:
    return [slot_view(slot) for slot in slots_with_data(attempt=attempt)]


def seconds_left(*, attempt: Attempt, now=None) -> int | None:
    if attempt.deadline is None:
        return None
    now = now or timezone.now()
    return max(0, int((attempt.deadline - now).total_seconds()))


# --- review ---------------------------------------------------------------------------


def review_shows_answers(*, attempt: Attempt, now=None) -> bool:
    if not attempt.is_finished:
        return False
    policy = attempt.quiz.review_policy
    if policy == ReviewPolicy.IMMEDIATELY:
        return True
    if policy == ReviewPolicy.AFTER_CLOSE:
        closes_at = attempt.quiz.closes_at
        return closes_at is not None and (now or timezone.now()) >= closes_at
    return False


def grade_question(
    question: Question, choices, points: float | None = None
) -> GradeQuestion:
    return GradeQuestion(
        qtype=question.qtype,
        points=question.points if points is None else points,
        choices=tuple(
            GradeChoice(
                id=c.pk,
                fraction=c.fraction,
                text=c.text,
                feedback=c.feedback,
                match_text=c.match_text,
                tolerance=c.tolerance,
            )
            for c in choices
        ),
        options=question.options or {},
        general_feedback=question.general_feedback,
    )


@dataclass
class ReviewItem:
    view: SlotView
    points: float | None = None
    state: str = ""
    feedback: list[str] = field(default_factory=list)
    right: list[str] = field(default_factory=list)


def attempt_review(*, attempt: Attempt, now=None) -> dict:
    """The learner's answers; marks, feedback and keys only if the policy allows."""
    if attempt.state == AttemptState.IN_PROGRESS:
        return {"show_answers": False, "items": []}
    show = review_shows_answers(attempt=attempt, now=now)
    items = []
    for slot in slots_with_data(attempt=attempt):
        item = ReviewItem(view=slot_view(slot))
        if show:
            answer = getattr(slot, "answer", None)
            item.points = answer.points if answer else 0.0
            item.state = answer.state if answer else ""
            item.feedback = list(answer.feedback) if answer else []
            ordered = sorted(
                slot.choice_map.values(), key=lambda c: (c.sort_order or 0, c.pk)
            )
            item.right = right_answers(grade_question(slot.question, ordered))
            if slot.question.qtype == QuestionType.TRUEFALSE:
                item.right = [
                    str(TRUE_FALSE_LABELS[r]())
                    for r in item.right
                    if r in TRUE_FALSE_LABELS
                ]
        items.append(item)
    return {"show_answers": show, "items": items}
