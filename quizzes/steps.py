"""The quizzes' steps in a course outline (``courses.steps``): each lesson quiz
after its lesson, the final exams at the end, with this learner's state.

Registered in QuizzesConfig.ready(). For any number of courses: one cache read
for where the quizzes are (two queries when cold) and one query for the
learner's attempts.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Avg, Count, Max, Q
from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail.models import Page

from courses.content_cache import content_cached_many
from courses.models import SEAT_STATUSES, EnrollmentStatus, LessonPage
from courses.selectors import is_course_editor
from courses.steps import DONE, LOCKED, Step

from .models import Attempt, AttemptState, GradingMethod, Quiz
from .selectors import GRADED


def _placements_read(courses) -> dict[int, dict]:
    """For each course: its lesson quizzes as [(lesson id, quiz)] in lesson order
    and its final exams (the course's own, then its modules' in tree order)."""
    found = {course.pk: {"lesson": [], "final": []} for course in courses}
    by_path = {course.path: course.pk for course in courses}
    lengths = {len(path) for path in by_path}

    def owner(path: str):
        return next((by_path[path[:n]] for n in lengths if path[:n] in by_path), None)

    under = Q()
    for course in courses:
        under |= Q(path__startswith=course.path)
    placed = []
    for lesson in (
        LessonPage.objects.live().filter(under).only("pk", "path", "body")
    ).order_by("path"):
        for block in lesson.body.raw_data:
            value = str(block.get("value"))
            if block.get("type") == "quiz" and value.isdigit():
                placed.append((owner(lesson.path), lesson.pk, int(value)))
    exams = list(
        Quiz.objects.filter(
            final_exam_page__in=Page.objects.filter(under)
        ).select_related("final_exam_page")
    )
    quizzes = {quiz.pk: quiz for quiz in exams}
    missing = {quiz_id for _c, _l, quiz_id in placed} - set(quizzes)
    quizzes.update(Quiz.objects.in_bulk(missing))
    for course_id, lesson_id, quiz_id in placed:
        if course_id is not None and quiz_id in quizzes:
            found[course_id]["lesson"].append((lesson_id, quizzes[quiz_id]))
    for quiz in sorted(exams, key=lambda q: (q.final_exam_page.path, q.pk)):
        course_id = owner(quiz.final_exam_page.path)
        if course_id is not None:
            found[course_id]["final"].append(quiz)
    return found


def quiz_placements(*, courses) -> dict[int, dict]:
    """:func:`_placements_read`, cached with the page tree (a saved quiz bumps
    it too: ``quizzes.signal_handlers``)."""
    by_id = {course.pk: course for course in courses}
    return content_cached_many(
        {pk: f"quiz-placements:{pk}" for pk in by_id},
        lambda missing: _placements_read([by_id[pk] for pk in missing]),
    )


@dataclass
class QuizRecord:
    """A learner's attempts at one quiz, summed up."""

    count: int = 0
    grade: float | None = None
    running: int | None = None  # the attempt in progress


def quiz_records(*, user, quizzes: list[Quiz]) -> dict[int, QuizRecord]:
    """The learner's attempts at each quiz, summed up by the database: one query
    (two when a quiz is graded by the last attempt), however many attempts."""
    if not user.is_authenticated or not quizzes:
        return {}
    by_id = {quiz.pk: quiz for quiz in quizzes}
    # Only the marks some quiz here is graded by (each one costs the query a
    # filtered aggregate).
    methods = {quiz.grading_method for quiz in quizzes}
    marks = {
        name: aggregate
        for method, name, aggregate in (
            (GradingMethod.HIGHEST, "highest", Max("percent", filter=GRADED)),
            (GradingMethod.AVERAGE, "average", Avg("percent", filter=GRADED)),
            (GradingMethod.LAST, "last_number", Max("number", filter=GRADED)),
        )
        if method in methods
    }
    rows = (
        Attempt.objects.filter(user=user, quiz_id__in=by_id)
        .order_by()
        .values("quiz_id")
        .annotate(
            count=Count("pk"),
            running=Max("pk", filter=Q(state=AttemptState.IN_PROGRESS)),
            **marks,
        )
    )
    records, last = {}, Q(pk__in=[])
    for row in rows:
        quiz = by_id[row["quiz_id"]]
        records[quiz.pk] = QuizRecord(
            count=row["count"],
            grade={
                GradingMethod.AVERAGE: row.get("average"),
                GradingMethod.HIGHEST: row.get("highest"),
            }.get(quiz.grading_method),
            running=row["running"],
        )
        if quiz.grading_method == GradingMethod.LAST and row.get("last_number"):
            last |= Q(quiz_id=quiz.pk, number=row["last_number"])
    if last.children:
        for quiz_id, grade in Attempt.objects.filter(last, user=user).values_list(
            "quiz_id", "percent"
        ):
            records[quiz_id].grade = grade
    return records


def _percent(value) -> str:
    return floatformat(value, "-1")


def quiz_step(
    *, quiz: Quiz, record: QuizRecord, may_take: str | None, lesson_id=None, now=None
) -> Step:
    """The step of ``quiz`` for a learner; ``may_take``: None when they may take
    it, else why not."""
    final = lesson_id is None
    url = reverse("quizzes:detail", args=[quiz.slug])
    if lesson_id is not None:
        url += f"?lesson={lesson_id}"
    step = Step(
        kind="exam" if final else "quiz",
        title=quiz.title,
        url=url,
        lesson_id=lesson_id,
        required=final,
        missing=_("the final exam") if final else "",
    )
    mark = _percent(quiz.pass_mark)
    passed = record.grade is not None and record.grade >= float(quiz.pass_mark) - 1e-9
    left = None if not quiz.max_attempts else max(0, quiz.max_attempts - record.count)
    if passed:
        step.state = DONE
        step.note = _("Passed with %(score)s%% (pass mark %(mark)s%%)") % {
            "score": _percent(record.grade),
            "mark": mark,
        }
        return step
    parts = []
    if record.grade is not None:
        parts.append(
            _("Your grade %(score)s%%, pass mark %(mark)s%%")
            % {"score": _percent(record.grade), "mark": mark}
        )
    else:
        parts.append(_("Pass mark %(mark)s%%") % {"mark": mark})
    if may_take is not None:
        step.state, step.note = LOCKED, may_take
        return step
    if record.running:
        step.action = _("Continue the attempt")
        step.url = reverse("quizzes:attempt", args=[record.running])
    elif not quiz.is_open(now):
        step.state = LOCKED
        parts.append(_("This quiz is not open now."))
    elif left == 0:
        step.state = LOCKED
        parts.append(_("No attempts left"))
    else:
        step.action = _("Take the final exam") if final else _("Take the quiz")
    if left and not record.running and step.state != LOCKED:
        parts.append(
            ngettext("%(n)s attempt left", "%(n)s attempts left", left) % {"n": left}
        )
    step.note = " · ".join(str(part) for part in parts)
    return step


def quiz_steps(*, user, courses, enrollments) -> dict[int, list[Step]]:
    """Provider for ``courses.steps``: lesson quizzes and final exams."""
    placements = quiz_placements(courses=courses)
    quizzes = [
        quiz
        for found in placements.values()
        for quiz in [q for _l, q in found["lesson"]] + found["final"]
    ]
    records = quiz_records(user=user, quizzes=quizzes)
    editor = is_course_editor(user)
    now = timezone.now()
    result = {}
    for course in courses:
        found = placements.get(course.pk) or {"lesson": [], "final": []}
        enrollment = enrollments.get(course.pk)
        status = enrollment.status if enrollment is not None else None
        seat = editor or status in SEAT_STATUSES
        takes_exam = editor or status in (
            EnrollmentStatus.ACTIVE,
            EnrollmentStatus.COMPLETED,
        )
        steps = []
        no_seat = _("Enrol in the course to take this quiz.")
        for lesson_id, quiz in found["lesson"]:
            steps.append(
                quiz_step(
                    quiz=quiz,
                    record=records.get(quiz.pk) or QuizRecord(),
                    may_take=None if seat else no_seat,
                    lesson_id=lesson_id,
                    now=now,
                )
            )
        for quiz in found["final"]:
            steps.append(
                quiz_step(
                    quiz=quiz,
                    record=records.get(quiz.pk) or QuizRecord(),
                    may_take=(
                        None
                        if takes_exam
                        else _("Enrol in the course to take its final exam.")
                    ),
                    now=now,
                )
            )
        result[course.pk] = steps
    return result
