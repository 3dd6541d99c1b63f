"""Reads for a learner's course: outline, lessons, progress, enrolment, classes."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import (
    Q,
)
from django.utils import timezone

from ..content_cache import content_cached, content_cached_many
from ..models import (
    LIVE_STATUSES,
    SEAT_STATUSES,
    Attendance,
    ClassSession,
    CoursePage,
    Enrollment,
    LessonPage,
    LessonProgress,
    ModulePage,
    TrainingClass,
)


def course_lessons(*, course: CoursePage) -> list[LessonPage]:
    """The live lessons of ``course`` in order, without their bodies (cached)."""
    return content_cached(
        _lessons_name(course.pk),
        lambda: list(
            LessonPage.objects.live()
            .descendant_of(course)
            .defer("body")
            .order_by("path")
        ),
    )


def courses_by_id(*, ids) -> dict[int, CoursePage]:
    """The course pages ``ids`` (live or not) by id, from the content cache: one
    cache read for all, one query for those not cached. For lists of
    enrolments, which would otherwise join each course and its page row."""
    return content_cached_many(
        {pk: f"course:{pk}" for pk in set(ids)},
        lambda missing: {
            course.pk: course for course in CoursePage.objects.filter(pk__in=missing)
        },
    )


def lessons_by_course(*, courses) -> dict[int, list[LessonPage]]:
    """:func:`course_lessons` of several courses (course id → lessons): one
    cache read for all, and one query for those not cached, whatever their
    number (the same entries as ``course_lessons``)."""
    courses = {course.pk: course for course in courses}
    return content_cached_many(
        {pk: _lessons_name(pk) for pk in courses},
        lambda missing: _lessons_read([courses[pk] for pk in missing]),
    )


def _lessons_name(course_id: int) -> str:
    return f"lessons:{course_id}"


def _lessons_read(courses) -> dict[int, list[LessonPage]]:
    """The live lessons of each of ``courses``, in order, in one query."""
    query = Q()
    for course in courses:
        query |= Q(path__startswith=course.path, depth__gt=course.depth)
    prefix = {course.path: course.pk for course in courses}
    lengths = {len(path) for path in prefix}
    found: dict[int, list[LessonPage]] = {course.pk: [] for course in courses}
    for lesson in (
        LessonPage.objects.live().filter(query).defer("body").order_by("path")
    ):
        for length in lengths:
            if lesson.path[:length] in prefix:
                found[prefix[lesson.path[:length]]].append(lesson)
    return found


def course_outline(*, course: CoursePage) -> list[tuple[ModulePage, list[LessonPage]]]:
    """Modules in order, each with its live lessons in order (cached)."""
    modules = content_cached(
        f"modules:{course.pk}",
        lambda: list(ModulePage.objects.live().child_of(course).order_by("path")),
    )
    by_module = defaultdict(list)
    for lesson in course_lessons(course=course):
        by_module[lesson.path[: -LessonPage.steplen]].append(lesson)
    return [(module, by_module.get(module.path, [])) for module in modules]


def lesson_urls(*, course: CoursePage) -> dict[int, str]:
    """Lesson id → its URL, for the live lessons of ``course`` (cached: Wagtail
    reads the sites' root paths from the cache for every URL it builds)."""
    return content_cached(
        f"lesson-urls:{course.pk}",
        lambda: {
            lesson.pk: lesson.url or "" for lesson in course_lessons(course=course)
        },
    )


def course_tags(*, course: CoursePage) -> tuple[list, list]:
    """The IP areas and the audience groups ``course`` is tagged with (cached)."""
    return content_cached(
        f"tags:{course.pk}",
        lambda: (list(course.ip_areas.all()), list(course.audience_groups.all())),
    )


def _required(lessons):
    return [lesson for lesson in lessons if not lesson.is_optional]


def lesson_counts(*, user, course: CoursePage) -> tuple[int, int]:
    """(required lessons done, required lessons) of ``course`` for ``user``."""
    required = [lesson.pk for lesson in _required(course_lessons(course=course))]
    if not required or not user.is_authenticated:
        return 0, len(required)
    done = LessonProgress.objects.filter(user=user, lesson__in=required).count()
    return done, len(required)


def percent(done: int, total: int) -> int:
    """Whole percent, rounded down so 100% means everything is done."""
    return (100 * done) // total if total else 0


def course_progress(*, user, course: CoursePage) -> int:
    done, total = lesson_counts(user=user, course=course)
    return percent(done, total)


def enrollments_of(*, user, course_ids) -> list[Enrollment]:
    """Every enrolment of ``user`` in the courses ``course_ids``, latest first."""
    if not user.is_authenticated:
        return []
    return list(
        Enrollment.objects.filter(user=user, course_id__in=course_ids)
        .select_related("training_class")
        .order_by("-enrolled_at", "-pk")
    )


def enrollment_pick(rows: list[Enrollment], *, course_id: int) -> Enrollment | None:
    """Of ``rows`` (latest first), the live enrolment in the course, else the
    latest one, else None (there is at most one live enrolment per course)."""
    rows = [row for row in rows if row.course_id == course_id]
    live = (row for row in rows if row.status in LIVE_STATUSES)
    return next(live, rows[0] if rows else None)


def enrollment_get(*, user, course: CoursePage) -> Enrollment | None:
    """The live enrolment of ``user`` in ``course``, else their latest, else None."""
    rows = enrollments_of(user=user, course_ids=[course.pk])
    return enrollment_pick(rows, course_id=course.pk)


def is_course_editor(user) -> bool:
    return user.is_authenticated and (
        user.is_superuser or user.has_perm("courses.read_all_lessons")
    )


def lesson_can_read(*, user, lesson: LessonPage) -> bool:
    """Free previews for all; other lessons for enrolled learners and editors."""
    if lesson.free_preview:
        return True
    if not user.is_authenticated:
        return False
    if is_course_editor(user):
        return True
    course = lesson.course
    return (
        course is not None
        and Enrollment.objects.filter(
            user=user, course=course, status__in=SEAT_STATUSES
        ).exists()
    )


def class_ends_at(*, training_class: TrainingClass):
    """When the class's last session ends (None when it has no sessions)."""
    return (
        ClassSession.objects.filter(training_class=training_class)
        .order_by("-ends_at")
        .values_list("ends_at", flat=True)
        .first()
    )


def class_is_over(*, training_class: TrainingClass, now=None) -> bool:
    """Whether the class's last session has ended (a class without sessions:
    the day after its end date has begun)."""
    now = now or timezone.now()
    ends_at = class_ends_at(training_class=training_class)
    if ends_at is not None:
        return now >= ends_at
    return training_class.end_date is None or timezone.localdate(now) > (
        training_class.end_date
    )


def attendance_percent(*, user, training_class: TrainingClass) -> int | None:
    """Share of the class's sessions ``user`` attended (None if it has no sessions)."""
    sessions = ClassSession.objects.filter(training_class=training_class).count()
    if not sessions:
        return None
    present = Attendance.objects.filter(
        session__training_class=training_class, user=user, present=True
    ).count()
    return percent(present, sessions)
