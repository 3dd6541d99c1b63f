"""The demo learner completes one course, so the demo has a certificate to show.

Everything goes through the services a real learner's clicks call: the editor
enrols them, they pass each lesson's quiz, mark every lesson done and pass the
final exam (``learning.services``); the last step completes the enrolment and
records the certificate (rendered at once when Celery runs eagerly, as in the
demo; ``certificates.demo`` renders it otherwise).

Listed in ``settings.DEMO_LOADERS`` after the quizzes (the exams must exist) and
before the certificates. Idempotent: once the learner has an enrolment in the
course, nothing is done.
"""

from __future__ import annotations

import random

from accounts.models import User
from courses import services as courses
from courses.demo.loader import DEMO_LEARNER
from courses.models import CoursePage, Enrollment, EnrollmentStatus, LessonPage
from quizzes.models import Quiz
from quizzes.qtypes import QuestionType
from quizzes.selectors import final_exams, slots_with_data

from . import services

# The business IP course fits the demo learner (a company's IP officer).
DEMO_COMPLETED_COURSE = "quan-tri-dinh-gia-tai-san-tri-tue-doanh-nghiep"
# A course in progress, online (no class: no attendance to wait for), that the
# demo learner can finish by clicking: the rest of its lessons, the final exam.
DEMO_IN_PROGRESS_COURSE = "chien-luoc-so-huu-tri-tue-khoi-nghiep"
DEMO_EDITOR = "bientap@demo.shtt.vn"


def right_answers(attempt) -> dict[int, object]:
    """Slot id → the right answer, as the attempt page's form would send it."""
    answers: dict[int, object] = {}
    for slot in slots_with_data(attempt=attempt):
        question, layout = slot.frozen, slot.layout or {}
        best = max((c.fraction for c in question.choices), default=0)
        if question.qtype == QuestionType.MATCHING:
            right = layout.get("right", [])
            texts = {c.id: c.match_text for c in question.choices}
            answers[slot.pk] = {
                str(row): right.index(texts[choice_id])
                for row, choice_id in enumerate(layout.get("left", []))
            }
        elif question.qtype in (QuestionType.SHORT, QuestionType.NUMERICAL):
            answers[slot.pk] = next(
                c.text for c in question.choices if c.fraction == best
            )
        else:
            shown = [question.choice(i) for i in layout.get("choices", [])]
            if question.qtype == QuestionType.MULTIPLE:
                answers[slot.pk] = [
                    n for n, choice in enumerate(shown) if choice.fraction > 0
                ]
            else:
                answers[slot.pk] = next(
                    n for n, choice in enumerate(shown) if choice.fraction == best
                )
    return answers


def quiz_pass(*, user, quiz, lesson=None, rng=None):
    """Start an attempt, answer every question right and submit it."""
    attempt = services.attempt_start(user=user, quiz=quiz, lesson=lesson, rng=rng)
    attempt, _graded = services.attempt_submit(
        attempt=attempt, user=user, answers=right_answers(attempt)
    )
    return attempt


def _lesson_quizzes(lesson: LessonPage) -> list:
    ids = [block.value.pk for block in lesson.body if block.block_type == "quiz"]
    return list(Quiz.objects.filter(pk__in=ids))


def course_complete(*, user, course: CoursePage, invited_by=None) -> Enrollment:
    """Take ``course`` from enrolment to completion as a diligent learner would."""
    enrollment = courses.enrollment_create(
        user=user, course=course, invited_by=invited_by, staff=True
    )
    rng = random.Random(course.pk)  # the same questions on every fresh demo
    for lesson in LessonPage.objects.live().descendant_of(course).order_by("path"):
        for quiz in _lesson_quizzes(lesson):
            quiz_pass(user=user, quiz=quiz, lesson=lesson, rng=rng)
        services.lesson_complete(user=user, lesson=lesson)
    for quiz in final_exams(course=course):
        quiz_pass(user=user, quiz=quiz, rng=rng)
    enrollment.refresh_from_db()
    return enrollment


def course_start(*, user, course: CoursePage, lessons_done: int = 1) -> Enrollment:
    """Enrol ``user`` online in ``course`` and mark its first lessons done."""
    enrollment = courses.enrollment_create(user=user, course=course, staff=True)
    lessons = LessonPage.objects.live().descendant_of(course).order_by("path")
    for lesson in lessons[:lessons_done]:
        services.lesson_complete(user=user, lesson=lesson)
    return enrollment


def _in_progress_ensure(user) -> list[str]:
    course = CoursePage.objects.live().filter(slug=DEMO_IN_PROGRESS_COURSE).first()
    if course is None or Enrollment.objects.filter(user=user, course=course).exists():
        return []
    course_start(user=user, course=course)
    return [f"demo learner is studying (finish it by clicking): {course.title}"]


def load() -> list[str]:
    user = User.objects.filter(email=DEMO_LEARNER).first()
    if user is None:
        return []
    return _completed_ensure(user) + _in_progress_ensure(user)


def _completed_ensure(user) -> list[str]:
    course = CoursePage.objects.live().filter(slug=DEMO_COMPLETED_COURSE).first()
    if course is None:
        return []
    if Enrollment.objects.filter(user=user, course=course).exists():
        return []
    editor = User.objects.filter(email=DEMO_EDITOR).first()
    enrollment = course_complete(user=user, course=course, invited_by=editor)
    if enrollment.status != EnrollmentStatus.COMPLETED:
        return [f"demo learner did not complete ({enrollment.status}): {course.title}"]
    return [f"demo learner completed: {course.title}"]
