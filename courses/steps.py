"""Pluggable steps of a course outline, after its lessons.

Courses knows modules and lessons; the quizzes app knows lesson quizzes and final
exams, the certificates app the certificate. Courses never imports them: the
setting ``COURSE_OUTLINE_STEPS`` lists their *step providers* by dotted path,
in the order their steps follow the lessons (like Django's MIDDLEWARE or
AUTHENTICATION_BACKENDS: one list, read where the outline is built).

A provider is ``func(*, user, courses, enrollments) -> {course id: [Step]}``:
``courses`` are CoursePages, ``enrollments`` maps a course id to the user's
enrolment in it (or None). It must read everything for all the courses at once
(a fixed number of queries whatever their number) and return, for each course,
the steps it adds in order: a step with ``lesson_id`` belongs right after that
lesson in the outline; the others close the course.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.utils.module_loading import import_string

DONE = "done"
AVAILABLE = "available"
LOCKED = "locked"
PENDING = "pending"


@dataclass
class Step:
    """One thing of a course a learner does or receives, with its state for them."""

    kind: str  # "lesson", "quiz", "exam", "certificate"
    title: str
    url: str = ""
    state: str = AVAILABLE  # DONE, AVAILABLE, LOCKED, PENDING
    #: Why it is locked, the score, the attempts left: one short line.
    note: str = ""
    #: The button's text when this step is the learner's next action.
    action: str = ""
    #: For a step placed after a lesson (a lesson quiz).
    lesson_id: int | None = None
    #: Whether the course's completion waits for it; ``missing`` names it then.
    required: bool = False
    missing: str = ""
    #: A JSON address the page polls while the step is PENDING (certificates).
    status_url: str = ""
    #: Secondary links (label, url), e.g. a certificate's verification page.
    links: tuple = ()

    @property
    def is_done(self) -> bool:
        return self.state == DONE


Provider = Callable[..., dict]


def step_providers() -> list[Provider]:
    """The providers ``settings.COURSE_OUTLINE_STEPS`` names, in its order."""
    return [import_string(path) for path in settings.COURSE_OUTLINE_STEPS]


def steps_provided(*, user, courses, enrollments: dict) -> dict[int, list[Step]]:
    """Every provider's steps for each of ``courses``, in the setting's order."""
    found: dict[int, list[Step]] = {course.pk: [] for course in courses}
    if not courses:
        return found
    for func in step_providers():
        for course_id, steps in func(
            user=user, courses=courses, enrollments=enrollments
        ).items():
            found.setdefault(course_id, []).extend(steps)
    return found
