"""Reads: who may take a quiz, attempts and grades, final exams, when an
attempt's review may show the answers.

What the attempt page and its review show is built in ``quizzes.presentation``.
"""

from __future__ import annotations

import datetime
import statistics
from dataclasses import dataclass

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Avg, Count, Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail.models import Page, PageViewRestriction, ReferenceIndex

from courses.content_cache import content_cached
from courses.models import CoursePage, Enrollment, LessonPage
from courses.selectors import is_course_editor, lesson_can_read

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
from .snapshots import question_snapshot


def grace_seconds() -> int:
    return int(getattr(settings, "QUIZ_GRACE_SECONDS", 30))


def abandon_after() -> datetime.timedelta | None:
    """How long an attempt without a deadline may stay untouched before the
    sweep closes it (``QUIZ_ABANDON_AFTER_HOURS``; 0 or None: never)."""
    hours = getattr(settings, "QUIZ_ABANDON_AFTER_HOURS", 72)
    return datetime.timedelta(hours=float(hours)) if hours else None


def attempt_limit_message(allowed: int) -> str:
    """What a learner reads when every allowed attempt has been used."""
    return ngettext(
        "You have already used the one attempt allowed at this quiz; "
        "no new attempt can be started.",
        "You have already used all %(n)s attempts allowed at this quiz; "
        "no new attempt can be started.",
        allowed,
    ) % {"n": allowed}


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

    def build():
        page = quiz.final_exam_page
        if page.specific_class is CoursePage:
            return page.specific
        return CoursePage.objects.ancestor_of(page).first()

    if quiz.final_exam_page_id is None:
        return None
    # Kept until the page tree changes; the key names the page the quiz is on.
    return content_cached(f"quiz-course:{quiz.pk}:{quiz.final_exam_page_id}", build)


def place_visible(*, page, user, session=None) -> bool:
    """Whether ``page`` (where a quiz is started) is one ``user`` may see: live,
    not expired, every ancestor live, and its view restrictions (login, groups,
    password entered in this session) accept them."""
    from types import SimpleNamespace

    if not page.live or page.expired:
        return False

    def build():
        # One query for the page and its ancestors: are they live, and which
        # view restrictions do they carry (the restrictions are read only when
        # there are some).
        steps = range(page.steplen, len(page.path) + 1, page.steplen)
        rows = Page.objects.filter(
            path__in=[page.path[:end] for end in steps], depth__gt=1
        ).values_list("live", "view_restrictions")
        ids = {restriction for _live, restriction in rows if restriction}
        restrictions = (
            list(PageViewRestriction.objects.filter(pk__in=ids)) if ids else []
        )
        return all(live for live, _restriction in rows), restrictions

    # Kept until a page or a view restriction changes (the content generation):
    # the quiz pages' query counts stay as they were.
    ancestors_live, restrictions = content_cached(f"quiz-place:{page.pk}", build)
    if not ancestors_live:
        return False
    # ``accept_request`` only reads the user and the session of the request.
    visitor = SimpleNamespace(user=user, session=session if session is not None else {})
    return all(r.accept_request(visitor) for r in restrictions)


def quiz_access_error(
    *, user, quiz: Quiz, lesson=None, session=None, place_served: bool = False
) -> str | None:
    """None when ``user`` may attempt ``quiz`` (in ``lesson``), else the reason.

    A quiz is started from a live, visible place only: its lesson, or the course
    or module it is the final exam of. ``place_served`` says ``lesson`` is the
    page Wagtail is serving, which has passed those checks already.
    """
    if not user.is_authenticated:
        return _("Please sign in to take this quiz.")
    unavailable = _("This quiz is not available.")
    editor = is_course_editor(user)
    if lesson is not None:
        if not lesson_contains_quiz(lesson=lesson, quiz=quiz):
            return _("This quiz is not part of that lesson.")
        if not (
            editor
            or place_served
            or place_visible(page=lesson, user=user, session=session)
        ):
            return unavailable
        if not lesson_can_read(user=user, lesson=lesson):
            return _("Enrol in the course to take this quiz.")
        return None
    course = quiz_course(quiz=quiz)
    if course is None:
        if editor:
            return None
        lessons = [
            x
            for x in quiz_lessons(quiz=quiz)
            if place_visible(page=x, user=user, session=session)
        ]
        if not lessons:
            # Placed nowhere a learner can see (a draft or restricted lesson).
            return unavailable
        if not any(lesson_can_read(user=user, lesson=x) for x in lessons):
            return _("Enrol in the course to take this quiz.")
        return None
    if editor:
        return None
    if not place_visible(page=quiz.final_exam_page, user=user, session=session):
        return unavailable
    enrolled = Enrollment.objects.filter(
        user=user, course=course, status__in=("active", "completed")
    ).exists()
    return None if enrolled else _("Enrol in the course to take its final exam.")


# --- attempts and grades --------------------------------------------------------------


#: Attempts a quiz page lists (the latest ones); the earlier ones are counted.
ATTEMPTS_SHOWN = 10


@dataclass
class AttemptHistory:
    """What a quiz page says of the learner's attempts."""

    recent: list[Attempt]  # the latest ATTEMPTS_SHOWN, in the order made
    count: int
    grade: float | None
    running: Attempt | None  # the attempt in progress (always the latest)

    @property
    def earlier(self) -> int:
        return self.count - len(self.recent)


def attempt_history(*, user, quiz: Quiz) -> AttemptHistory:
    """The learner's latest attempts, how many there are, their grade and the
    one in progress, in two queries however many attempts they have made."""
    if not user.is_authenticated:
        return AttemptHistory([], 0, None, None)
    attempts = Attempt.objects.filter(user=user, quiz=quiz)
    latest = list(attempts.order_by("-number")[:ATTEMPTS_SHOWN])
    totals = attempts.order_by().aggregate(
        count=Count("pk"), grade=_grade_aggregate(quiz)
    )
    grade = totals["grade"]
    if quiz.grading_method == GradingMethod.LAST:
        # The latest finished attempt is among the latest ones: at most one
        # attempt is in progress.
        grade = quiz_grade(attempts=latest, method=quiz.grading_method)
    return AttemptHistory(
        recent=latest[::-1],
        count=totals["count"],
        grade=grade,
        # attempt_start resumes a running attempt rather than begin another.
        running=next((a for a in latest if a.state == AttemptState.IN_PROGRESS), None),
    )


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


def quiz_grade_stored(*, user, quiz: Quiz) -> float | None:
    """``quiz_grade`` of the learner's attempts, computed by the database (one
    query, however many attempts a learner has made)."""
    if not user.is_authenticated:
        return None
    attempts = Attempt.objects.filter(user=user, quiz=quiz).order_by()
    if quiz.grading_method == GradingMethod.LAST:
        done = attempts.filter(GRADED).order_by("-number")
        return done.values_list("percent", flat=True).first()
    return attempts.aggregate(grade=_grade_aggregate(quiz))["grade"]


#: The attempts a grade counts: finished and scored.
GRADED = Q(percent__isnull=False) & ~Q(state=AttemptState.IN_PROGRESS)


def _grade_aggregate(quiz: Quiz):
    """``quiz_grade`` by the highest or the average mark, as the database
    computes it (the last mark needs the attempts' order: see the callers)."""
    function = Avg if quiz.grading_method == GradingMethod.AVERAGE else Max
    return function("percent", filter=GRADED)


def quiz_passed(*, user, quiz: Quiz) -> bool:
    grade = quiz_grade_stored(user=user, quiz=quiz)
    return grade is not None and grade >= float(quiz.pass_mark) - 1e-9


def final_exams(*, course) -> list[Quiz]:
    """Final exams of the course itself and of its modules (cached until a page
    or a quiz is saved: ``quizzes.signal_handlers``)."""

    def build():
        pages = Page.objects.filter(
            path__startswith=course.path, depth__gte=course.depth
        )
        return list(Quiz.objects.filter(final_exam_page__in=pages))

    return content_cached(f"final-exams:{course.pk}", build)


def final_exam_passed(*, user, course) -> bool | None:
    """True when every final exam of the course is passed; None if it has none."""
    exams = final_exams(course=course)
    if not exams:
        return None
    return all(quiz_passed(user=user, quiz=quiz) for quiz in exams)


# --- the attempt page and its review ---------------------------------------------


def slots_with_data(*, attempt: Attempt) -> list[AttemptQuestion]:
    """Slots with their answer, in order: one query whatever the bank's size.

    Each slot's question is read from its snapshot (``slot.frozen``). Rows
    written without one (raw bulk loads) are frozen from the bank here, in two
    more queries, only when there are such rows."""
    slots = list(
        AttemptQuestion.objects.filter(attempt=attempt)
        .select_related("answer")
        .order_by("order")
    )
    bare = [slot for slot in slots if not slot.snapshot]
    if bare:
        questions = Question.objects.in_bulk({slot.question_id for slot in bare})
        choices: dict[int, list[Choice]] = {}
        for choice in Choice.objects.filter(question_id__in=list(questions)):
            choices.setdefault(choice.question_id, []).append(choice)
        for slot in bare:
            slot.snapshot = question_snapshot(
                questions[slot.question_id], choices.get(slot.question_id, [])
            )
    return slots


def seconds_left(*, attempt: Attempt, now=None) -> int | None:
    if attempt.deadline is None:
        return None
    now = now or timezone.now()
    return max(0, int((attempt.deadline - now).total_seconds()))


def review_shows_answers(*, attempt: Attempt, now=None) -> bool:
    if not attempt.is_finished:
        return False
    quiz = attempt.quiz
    policy = quiz.review_policy
    if policy == ReviewPolicy.IMMEDIATELY:
        return True
    if policy == ReviewPolicy.AFTER_CLOSE:
        closes_at = quiz.closes_at
        return closes_at is not None and (now or timezone.now()) >= closes_at
    if policy == ReviewPolicy.AFTER_PASS:
        # The key once it can no longer help: the learner has passed, or has
        # no attempt left to use it in.
        # "Passed" is the quiz's grade (highest, last or average), not one
        # attempt's mark: with an average, a key after one good attempt would
        # still lift the grade.
        if quiz_passed(user=attempt.user, quiz=quiz):
            return True
        if not quiz.max_attempts:
            return False
        # Counted with the one in progress, which must not see the key.
        made = Attempt.objects.filter(user_id=attempt.user_id, quiz=quiz).aggregate(
            count=Count("pk"),
            running=Count("pk", filter=Q(state=AttemptState.IN_PROGRESS)),
        )
        return made["count"] >= quiz.max_attempts and not made["running"]
    return False
