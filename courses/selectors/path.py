"""Reads for the learning path: the courses a course builds on, step by step."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from ..content_cache import content_cached
from ..models import (
    LIVE_STATUSES,
    CoursePage,
    Enrollment,
    EnrollmentStatus,
)
from .progress import enrollments_of

S = EnrollmentStatus


@dataclass
class PathStep:
    course: CoursePage
    status: str  # "done", "current", "enrolled", "missing", "next"
    is_direct_prerequisite: bool = False


def _path_courses(course: CoursePage) -> tuple[dict, set, set]:
    """The courses of ``course``'s path (by id), those before it, and its
    direct prerequisites: the part of the path that is the same for everyone."""
    edges = list(
        CoursePage.prerequisites.through.objects.values_list(
            "from_coursepage_id", "to_coursepage_id"
        )
    )
    requires = defaultdict(set)
    required_by = defaultdict(set)
    for source, target in edges:
        requires[source].add(target)
        required_by[target].add(source)
    before, stack = set(), list(requires[course.pk])
    while stack:
        pk = stack.pop()
        if pk in before or pk == course.pk:
            continue
        before.add(pk)
        stack.extend(requires[pk])
    after = required_by[course.pk] - before - {course.pk}
    courses = {
        item.pk: item
        for item in CoursePage.objects.live().filter(
            pk__in=before | after | {course.pk}
        )
    }
    courses.setdefault(course.pk, course)
    return courses, before, requires[course.pk]


def _path_cached(course: CoursePage) -> tuple[dict, set, set]:
    return content_cached(f"path:{course.pk}", lambda: _path_courses(course))


def learning_path_course_ids(*, course: CoursePage) -> set[int]:
    """The ids of the courses on ``course``'s learning path, itself included."""
    return set(_path_cached(course)[0])


def learning_path(
    *, course: CoursePage, user, enrollments: list[Enrollment] | None = None
) -> list[PathStep]:
    """The chain basic → advanced through ``course``: what comes before and after.

    Before: every prerequisite, directly or through another prerequisite;
    after: the courses that require this one. Sorted by level, then catalogue order.
    ``enrollments``: the user's enrolments in those courses, when the caller
    has read them already (:func:`enrollments_of`).
    """
    courses, before, direct = _path_cached(course)
    if enrollments is None:
        enrollments = enrollments_of(user=user, course_ids=list(courses))
    statuses = {
        row.course_id: row.status for row in enrollments if row.status in LIVE_STATUSES
    }
    steps = []
    for pk, item in courses.items():
        if pk == course.pk:
            state = "current"
        elif pk in before:
            state = {
                S.COMPLETED: "done",
                S.ACTIVE: "enrolled",
            }.get(statuses.get(pk), "missing")
        else:
            state = "done" if statuses.get(pk) == S.COMPLETED else "next"
        steps.append(PathStep(item, state, pk in direct))
    steps.sort(key=lambda step: (step.course.level_rank, step.course.path))
    return steps
