"""Reads: catalogue, outlines, progress, learning paths, rosters (one module each).

Every function here runs a fixed number of queries whatever the number of
courses or lessons, so pages built from them stay fast as the catalogue grows.
Callers import from ``courses.selectors``; the modules are how it is kept.
"""

from .catalogue import (
    ORDERINGS,
    catalogue_search,
    catalogue_url_get,
    page_search,
    prerequisite_depth,
    prerequisite_map,
    recommended_order,
    view_restrictions_exist,
)
from .path import PathStep, learning_path, learning_path_course_ids
from .progress import (
    attendance_percent,
    class_ends_at,
    class_is_over,
    course_lessons,
    course_outline,
    course_progress,
    course_tags,
    courses_by_id,
    enrollment_get,
    enrollment_pick,
    enrollments_of,
    is_course_editor,
    lesson_can_read,
    lesson_counts,
    lesson_urls,
    lessons_by_course,
    percent,
)
from .rosters import class_roster, enrollments_with_progress, progress_queryset

__all__ = [
    "ORDERINGS",
    "PathStep",
    "attendance_percent",
    "catalogue_search",
    "catalogue_url_get",
    "class_ends_at",
    "class_is_over",
    "class_roster",
    "course_lessons",
    "course_outline",
    "course_progress",
    "course_tags",
    "courses_by_id",
    "enrollment_get",
    "enrollment_pick",
    "enrollments_of",
    "enrollments_with_progress",
    "is_course_editor",
    "learning_path",
    "learning_path_course_ids",
    "lesson_can_read",
    "lesson_counts",
    "lesson_urls",
    "lessons_by_course",
    "page_search",
    "percent",
    "prerequisite_depth",
    "prerequisite_map",
    "progress_queryset",
    "recommended_order",
    "view_restrictions_exist",
]
