"""The course page and the lesson page: the enrol box, the learning path,
the outline with each step's state, the upcoming classes.

Each runs a fixed number of queries whatever the number of lessons.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count
from django.utils import timezone

from accounts.selectors import profile_is_complete

from ..content_cache import content_cached
from ..models import (
    LIVE_STATUSES,
    SEAT_STATUSES,
    CoursePage,
    Enrollment,
    EnrolmentMode,
    LessonPage,
    LessonProgress,
    TrainingClass,
)
from ..models import EnrollmentStatus as S
from ..outline import CourseOutline, outline_build
from ..selectors import (
    PathStep,
    course_outline,
    course_tags,
    enrollment_get,
    enrollment_pick,
    enrollments_of,
    is_course_editor,
    learning_path,
    learning_path_course_ids,
)
from ..steps import steps_provided


@dataclass
class EnrolState:
    """What the enrol area of a course page shows and allows."""

    state: str
    enrollment: Enrollment | None = None
    missing: list = field(default_factory=list)
    can_cancel: bool = False


def upcoming_classes(*, course: CoursePage) -> list[TrainingClass]:
    """The classes of ``course`` that have not ended, with their sessions and
    ``seats_taken``. Which classes there are is kept with the content (a saved
    class or session bumps it, and the key holds the day); the seats are
    counted each time, and only when there is a class."""
    today = timezone.localdate()
    classes = content_cached(
        f"classes:{course.pk}:{today.isoformat()}",
        lambda: list(
            TrainingClass.objects.filter(course=course, end_date__gte=today)
            .prefetch_related("sessions")
            .order_by("start_date", "pk")
        ),
    )
    if classes:
        taken = dict(
            Enrollment.objects.filter(
                training_class__in=[item.pk for item in classes],
                status__in=SEAT_STATUSES,
            )
            .order_by()
            .values_list("training_class")
            .annotate(Count("pk"))
        )
        for item in classes:
            item.seats_taken = taken.get(item.pk, 0)
    return classes


def _seats_taken(course: CoursePage) -> int:
    return Enrollment.objects.filter(course=course, status__in=SEAT_STATUSES).count()


def enrol_state(
    *, course: CoursePage, user, path: list[PathStep], enrollment: Enrollment | None
) -> EnrolState:
    """``enrollment``: the user's enrolment in ``course`` (``enrollment_get``)."""
    if not user.is_authenticated:
        return EnrolState("anonymous")
    if enrollment is not None and enrollment.status in LIVE_STATUSES:
        return EnrolState(
            enrollment.status,
            enrollment,
            can_cancel=enrollment.status in (S.PENDING, S.WAITLISTED, S.ACTIVE),
        )
    if not profile_is_complete(user=user):
        return EnrolState("profile", enrollment)
    if course.enrolment_mode == EnrolmentMode.INVITATION:
        return EnrolState("invitation", enrollment)
    missing = [
        step.course
        for step in path
        if step.is_direct_prerequisite and step.status != "done"
    ]
    if missing:
        return EnrolState("prerequisites", enrollment, missing=missing)
    if course.enrolment_mode == EnrolmentMode.APPROVAL:
        return EnrolState("approval", enrollment)
    if course.capacity is not None and _seats_taken(course) >= course.capacity:
        return EnrolState("full", enrollment)
    return EnrolState("open", enrollment)


def lesson_done_ids(*, user, lessons) -> set:
    """The ids of the ``lessons`` that ``user`` has done (one query)."""
    if not user.is_authenticated or not lessons:
        return set()
    return set(
        LessonProgress.objects.filter(user=user, lesson__in=lessons).values_list(
            "lesson_id", flat=True
        )
    )


def course_outline_for(
    *, course: CoursePage, user, enrollment, done_ids=None, can_read=None
) -> CourseOutline:
    """The outline of ``course`` for ``user`` (``outline.outline_build``) with
    every provider's steps; ``done_ids``/``can_read`` when the caller read them."""
    structure = course_outline(course=course)
    if done_ids is None:
        done_ids = lesson_done_ids(
            user=user, lessons=[item for _m, items in structure for item in items]
        )
    if can_read is None:
        can_read = is_course_editor(user) or (
            enrollment is not None and enrollment.status in SEAT_STATUSES
        )
    steps = steps_provided(
        user=user, courses=[course], enrollments={course.pk: enrollment}
    )
    return outline_build(
        course=course,
        structure=structure,
        done_ids=done_ids,
        enrollment=enrollment,
        can_read=can_read,
        steps=steps[course.pk],
    )


def course_page_context(*, course: CoursePage, user) -> dict:
    # One read of the user's enrolments serves the path and the enrol box.
    enrollments = enrollments_of(
        user=user, course_ids=learning_path_course_ids(course=course)
    )
    path = learning_path(course=course, user=user, enrollments=enrollments)
    enrollment = enrollment_pick(enrollments, course_id=course.pk)
    state = enrol_state(course=course, user=user, path=path, enrollment=enrollment)
    live = state.enrollment if state.state in LIVE_STATUSES else None
    can_read_all = is_course_editor(user) or (
        live is not None and live.status in SEAT_STATUSES
    )
    outline = course_outline_for(
        course=course, user=user, enrollment=live, can_read=can_read_all
    )
    ip_areas, audience_groups = course_tags(course=course)
    return {
        "course_outline": outline,
        "lesson_count": len(outline.lessons),
        "progress_percent": outline.percent,
        "next_step": outline.next_step,
        "learning_path": path,
        "enrol": state,
        "classes": upcoming_classes(course=course),
        "can_read_all": can_read_all,
        "ip_areas": ip_areas,
        "audience_groups": audience_groups,
    }


def lesson_page_context(*, lesson: LessonPage, user) -> dict:
    course = lesson.course
    enrollment = enrollment_get(user=user, course=course) if course else None
    seat = enrollment is not None and enrollment.status in SEAT_STATUSES
    editor = is_course_editor(user)
    live = enrollment if enrollment and enrollment.status in LIVE_STATUSES else None
    if course is None:
        return {
            "course": None,
            "module": lesson.module,
            "can_read": lesson.free_preview or editor,
            "previous_step": None,
            "next_step": None,
            "is_done": False,
            "lesson_position": 1,
            "lesson_total": 1,
            "progress_percent": 0,
            "enrollment": None,
            "can_mark_done": False,
            "course_outline": None,
        }
    outline = course_outline_for(
        course=course, user=user, enrollment=live, can_read=seat or editor
    )
    items = outline.lessons
    index = next((i for i, item in enumerate(items) if item.lesson.pk == lesson.pk), 0)
    previous_step, next_step = outline.neighbours(lesson.pk)
    return {
        "course": course,
        "module": lesson.module,
        # What selectors.lesson_can_read answers, from the enrolment read here.
        "can_read": lesson.free_preview or seat or editor,
        "previous_step": previous_step,
        "next_step": next_step,
        "is_done": bool(items) and items[index].step.is_done,
        "lesson_position": index + 1,
        "lesson_total": len(items),
        "progress_percent": outline.percent,
        "enrollment": enrollment,
        "can_mark_done": seat,
        "course_outline": outline,
    }
