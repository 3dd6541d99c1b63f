"""A course's outline for one learner: every step in order with its state, what
completion still waits for, and the single next action.

Built from the cached course structure (``selectors.course_outline``), the
learner's done lessons and enrolment (read once by the caller) and the steps
the later apps add (``courses.steps``): a fixed number of queries whatever the
number of modules, lessons or quizzes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .models import SEAT_STATUSES, EnrollmentStatus, LessonPage, ModulePage
from .selectors import lesson_urls, percent
from .steps import AVAILABLE, DONE, LOCKED, Step, steps_provided

S = EnrollmentStatus


@dataclass
class OutlineLesson:
    """A lesson of the outline and the steps placed right after it (its quizzes)."""

    lesson: LessonPage
    step: Step
    extras: list[Step] = field(default_factory=list)


@dataclass
class OutlineModule:
    module: ModulePage
    lessons: list[OutlineLesson]
    percent: int


@dataclass
class CourseOutline:
    modules: list[OutlineModule]
    #: Steps that close the course: final exams, the certificate.
    closing: list[Step]
    #: What completion still waits for, e.g. ["2 lessons", "the final exam"].
    missing: list[str]
    next_step: Step | None
    done_required: int = 0
    required_total: int = 0

    @property
    def lessons(self) -> list[OutlineLesson]:
        return [item for module in self.modules for item in module.lessons]

    @property
    def percent(self) -> int:
        return percent(self.done_required, self.required_total)

    def neighbours(self, lesson_id: int) -> tuple[Step | None, Step | None]:
        """The lesson before ``lesson_id`` and what comes after it: the next
        lesson, or after the last one the first closing step (the final exam)."""
        items = self.lessons
        index = next(
            (i for i, item in enumerate(items) if item.lesson.pk == lesson_id), None
        )
        if index is None:
            return None, None
        previous = items[index - 1].step if index > 0 else None
        if index + 1 < len(items):
            return previous, items[index + 1].step
        after = next((step for step in self.closing if step.kind == "exam"), None)
        return previous, after


def _lesson_step(lesson, *, url: str, done: bool, can_read: bool, enrollment) -> Step:
    if done:
        state, note = DONE, ""
    elif can_read or lesson.free_preview:
        state, note = AVAILABLE, ""
    elif enrollment is not None and enrollment.status in (S.PENDING, S.WAITLISTED):
        state, note = LOCKED, _("Opens when your enrolment is accepted")
    else:
        state, note = LOCKED, _("Enrol in the course to open this lesson")
    return Step(
        kind="lesson",
        title=lesson.title,
        url=url,
        state=state,
        note=note,
        required=not lesson.is_optional,
    )


def _next_step(
    *, enrollment, lessons: list[OutlineLesson], closing: list[Step], any_done: bool
) -> Step | None:
    if enrollment is None:
        return None
    if enrollment.status == S.COMPLETED:
        return next((step for step in closing if step.kind == "certificate"), None)
    if enrollment.status != S.ACTIVE:
        return None
    for item in lessons:
        if item.step.required and not item.step.is_done:
            item.step.action = (
                _("Continue studying") if any_done else _("Start the first lesson")
            )
            return item.step
    return next(
        (
            step
            for step in closing
            if step.required and step.state == AVAILABLE and step.action
        ),
        None,
    )


def _missing(lessons: list[OutlineLesson], closing: list[Step]) -> list[str]:
    left = sum(1 for item in lessons if item.step.required and not item.step.is_done)
    missing = []
    if left:
        missing.append(ngettext("%(n)s lesson", "%(n)s lessons", left) % {"n": left})
    missing += [step.missing for step in closing if step.required and not step.is_done]
    return missing


def outline_build(
    *,
    course,
    structure,
    done_ids: set,
    enrollment,
    can_read: bool,
    steps: list[Step],
) -> CourseOutline:
    """The outline of ``course`` (``structure``: ``selectors.course_outline``)
    with ``steps`` from the providers placed after their lesson or at the end."""
    after_lesson: dict[int, list[Step]] = {}
    closing = []
    for step in steps:
        if step.lesson_id is not None:
            after_lesson.setdefault(step.lesson_id, []).append(step)
        else:
            closing.append(step)
    modules = []
    urls = lesson_urls(course=course)
    for module, lessons in structure:
        items = [
            OutlineLesson(
                lesson,
                _lesson_step(
                    lesson,
                    url=urls.get(lesson.pk) or lesson.url or "",
                    done=lesson.pk in done_ids,
                    can_read=can_read,
                    enrollment=enrollment,
                ),
                after_lesson.get(lesson.pk, []),
            )
            for lesson in lessons
        ]
        required = [item for item in items if item.step.required]
        modules.append(
            OutlineModule(
                module,
                items,
                percent(sum(1 for i in required if i.step.is_done), len(required)),
            )
        )
    all_lessons = [item for module in modules for item in module.lessons]
    required = [item for item in all_lessons if item.step.required]
    live = enrollment is not None and enrollment.status in (S.ACTIVE, S.COMPLETED)
    return CourseOutline(
        modules=modules,
        closing=closing,
        missing=(
            _missing(all_lessons, closing)
            if enrollment is not None and enrollment.status == S.ACTIVE
            else []
        ),
        next_step=(
            _next_step(
                enrollment=enrollment,
                lessons=all_lessons,
                closing=closing,
                any_done=any(item.step.is_done for item in all_lessons),
            )
            if live
            else None
        ),
        done_required=sum(1 for item in required if item.step.is_done),
        required_total=len(required),
    )


def outlines_for(
    *, user, rows: list[tuple], done_ids: set, editor: bool = False
) -> dict[int, CourseOutline]:
    """Outlines of several courses at once (the dashboard, the home page).

    ``rows``: (course, structure, enrollment) triples; one call of the step
    providers serves them all."""
    courses = [course for course, _structure, _enrollment in rows]
    enrollments = {course.pk: enrollment for course, _s, enrollment in rows}
    provided = steps_provided(user=user, courses=courses, enrollments=enrollments)
    return {
        course.pk: outline_build(
            course=course,
            structure=structure,
            done_ids=done_ids,
            enrollment=enrollment,
            can_read=editor
            or (enrollment is not None and enrollment.status in SEAT_STATUSES),
            steps=provided.get(course.pk, []),
        )
        for course, structure, enrollment in rows
    }
