"""Reads: catalogue, outlines, progress, learning paths, dashboards, rosters.

Every function here runs a fixed number of queries whatever the number of
courses or lessons, so pages built from them stay fast as the catalogue grows.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import (
    Case,
    F,
    Func,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    When,
)
from django.utils import timezone

from core.text import fold

from .content_cache import content_cached, content_cached_many
from .models import (
    LIVE_STATUSES,
    SEAT_STATUSES,
    Attendance,
    ClassSession,
    CourseIndexPage,
    CoursePage,
    Enrollment,
    EnrollmentStatus,
    LessonPage,
    LessonProgress,
    ModulePage,
    TrainingClass,
)

S = EnrollmentStatus

ORDERINGS = {
    "": ("path",),
    "title": ("title",),
    "level": ("level_order", "path"),
    "newest": ("-first_published_at", "path"),
    "hours": ("estimated_hours", "path"),
}


def _level_rank_expression():
    return Case(
        When(level="basic", then=1),
        When(level="intermediate", then=2),
        When(level="advanced", then=3),
        default=4,
        output_field=IntegerField(),
    )


def page_search(pages, q: str):
    """Wagtail search over ``pages`` that forgives accents and case: the query
    is folded as the pages' ``search_folded`` field is ("NHÃN HIỆU", "nhan hieu"
    and "nhãn hiệu" find the same pages, on SQLite as on PostgreSQL)."""
    return pages.search(fold(q), operator="and")


def catalogue_search(
    *,
    index,
    q: str = "",
    audience_group=None,
    ip_area=None,
    level: str = "",
    ordering: str = "",
    **_ignored,
):
    """Live courses of the catalogue ``index`` matching the filters, ordered.

    Full-text search uses Wagtail search (PostgreSQL full-text search on
    PostgreSQL); when searching, results keep their relevance order unless an
    explicit ordering is chosen.
    """
    courses = CoursePage.objects.live().public().child_of(index)
    if audience_group:
        courses = courses.filter(audience_groups=audience_group)
    if ip_area:
        courses = courses.filter(ip_areas=ip_area)
    if level:
        courses = courses.filter(level=level)
    courses = courses.annotate(level_order=_level_rank_expression())
    q = fold(q or "")
    if q:
        hits = page_search(CoursePage.objects.live().child_of(index), q)
        ids = [hit.pk for hit in hits[:500]]
        courses = courses.filter(pk__in=ids)
        if not ordering:
            relevance = Case(
                *[When(pk=pk, then=rank) for rank, pk in enumerate(ids)],
                default=len(ids),
                output_field=IntegerField(),
            )
            return _catalogue_related(courses.annotate(relevance=relevance)).order_by(
                "relevance", "path"
            )
    return _catalogue_related(courses).order_by(*ORDERINGS.get(ordering, ("path",)))


def catalogue_url_get(*, request=None) -> str:
    """The URL of the live course catalogue ("/" when there is none).

    Every page's header links it, so it is cached (per host name, as Wagtail
    writes a page's URL relative to the request's site) instead of a page query
    and a URL lookup on every request.
    """

    def build() -> str:
        page = CourseIndexPage.objects.live().order_by("path").first()
        return (page.get_url(request) if page else None) or "/"

    host = request.get_host() if request is not None else ""
    return content_cached(f"catalogue-url:{host}", build)


def view_restrictions_exist() -> bool:
    """Whether any page of the site has a view restriction (cached)."""
    from wagtail.models import PageViewRestriction

    return content_cached("view-restrictions", PageViewRestriction.objects.exists)


def _catalogue_related(courses):
    return (
        courses.select_related("cover_image")
        .prefetch_related("ip_areas", "audience_groups", "prerequisites")
        .distinct()
    )


def prerequisite_map() -> dict[int, list[int]]:
    """Course id → the ids of its direct prerequisites, for every course (cached)."""

    def build() -> dict[int, list[int]]:
        found: dict[int, list[int]] = defaultdict(list)
        for source, target in CoursePage.prerequisites.through.objects.values_list(
            "from_coursepage_id", "to_coursepage_id"
        ).order_by("pk"):
            found[source].append(target)
        return dict(found)

    return content_cached("prerequisite-map", build)


def prerequisite_depth(course_id: int, requires: dict[int, list[int]]) -> int:
    """How many courses deep ``course_id``'s longest prerequisite chain is (0: an
    entry course); a cycle an editor made by mistake counts once."""
    depth, seen = 0, set()
    level = set(requires.get(course_id, ()))
    while level - seen:
        seen |= level
        depth += 1
        level = {pk for item in level for pk in requires.get(item, ())}
    return depth


def recommended_order(courses) -> list:
    """``courses`` in the order to take them: entry courses first, then each
    course after its prerequisites; by level, then catalogue order."""
    requires = prerequisite_map()
    return sorted(
        courses,
        key=lambda course: (
            prerequisite_depth(course.pk, requires),
            course.level_rank,
            course.path,
        ),
    )


# --- outline and progress --------------------------------------------------------


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


# --- learning path ---------------------------------------------------------------


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


# --- editors: progress and rosters --------------------------------------------------


def _count(queryset):
    return Subquery(
        queryset.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n")[:1],
        output_field=IntegerField(),
    )


def enrollments_with_progress(queryset):
    """Annotate enrolments with ``lessons_done`` and ``lessons_total`` (subqueries)."""
    required = LessonPage.objects.filter(
        live=True, is_optional=False, path__startswith=OuterRef("course__path")
    ).exclude(pk=OuterRef("course_id"))
    done = LessonProgress.objects.filter(
        user=OuterRef("user"),
        lesson__live=True,
        lesson__is_optional=False,
        lesson__path__startswith=OuterRef("course__path"),
    )
    return queryset.annotate(lessons_total=_count(required), lessons_done=_count(done))


def progress_queryset(*, scope, course=None, training_class=None, status=None):
    """Enrolments an editor (scope ALL_UNITS) or a focal point (their units) may see."""
    from accounts.selectors import ALL_UNITS, as_scope

    rows = Enrollment.objects.select_related(
        "user__profile__unit",
        "course",
        "training_class",
        "unit",
        "audience_group",
        "commune",
    )
    if scope is not ALL_UNITS:
        rows = rows.filter(user__profile__unit__in=as_scope(scope).unit_ids)
    if course is not None:
        rows = rows.filter(course=course)
    if training_class is not None:
        rows = rows.filter(training_class=training_class)
    if status:
        rows = rows.filter(status=status)
    return enrollments_with_progress(rows).order_by(
        "course__path", "user__profile__full_name"
    )


def class_roster(*, training_class: TrainingClass, scope=None) -> dict:
    """Sessions × learners of a class with who was present (four queries)."""
    from accounts.selectors import ALL_UNITS, as_scope

    sessions = list(training_class.sessions.order_by("starts_at"))
    enrollments = Enrollment.objects.filter(
        training_class=training_class, status__in=SEAT_STATUSES
    ).select_related("user__profile")
    if scope is not None and scope is not ALL_UNITS:
        enrollments = enrollments.filter(
            user__profile__unit__in=as_scope(scope).unit_ids
        )
    enrollments = list(enrollments.order_by("user__profile__full_name", "user__email"))
    present = set(
        Attendance.objects.filter(
            session__in=sessions,
            present=True,
            user_id__in=[row.user_id for row in enrollments],
        ).values_list("session_id", "user_id")
    )
    rows = []
    for enrollment in enrollments:
        marks = [
            (session, (session.pk, enrollment.user_id) in present)
            for session in sessions
        ]
        attended = sum(1 for _session, is_present in marks if is_present)
        rows.append(
            {
                "enrollment": enrollment,
                "user": enrollment.user,
                "marks": marks,
                "percent": percent(attended, len(sessions)) if sessions else None,
            }
        )
    return {"sessions": sessions, "rows": rows}
