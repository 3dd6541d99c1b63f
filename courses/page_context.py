"""Reads that build the learner-facing pages: course page, lesson page, dashboard.

Each runs a fixed number of queries whatever the number of lessons or courses.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils import timezone

from accounts.selectors import profile_is_complete

from .models import (
    LIVE_STATUSES,
    SEAT_STATUSES,
    ClassSession,
    CoursePage,
    Enrollment,
    EnrollmentStatus,
    EnrolmentMode,
    LessonPage,
    LessonProgress,
    TrainingClass,
)
from .selectors import (
    PathStep,
    _required,
    course_lessons,
    course_outline,
    course_tags,
    enrollment_get,
    enrollment_pick,
    enrollments_of,
    is_course_editor,
    learning_path,
    learning_path_course_ids,
    lessons_by_course,
    percent,
)

S = EnrollmentStatus


# --- catalogue ----------------------------------------------------------------------

#: Pages of the unfiltered catalogue that are cached (a bound on the keys).
CACHED_CATALOGUE_PAGES = 50


def catalogue_context(*, index, request) -> dict:
    from django.core.paginator import Paginator

    from .forms import CatalogueFilterForm
    from .selectors import catalogue_search

    form = CatalogueFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    courses = catalogue_search(index=index, **filters)
    paginator = Paginator(courses, index.PER_PAGE)
    page_obj = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return {
        "page": index,
        "form": form,
        "page_obj": page_obj,
        "courses": page_obj.object_list,
        "result_count": paginator.count,
        "querystring": query.urlencode(),
    }


def catalogue_html(*, index, request) -> str:
    """The catalogue's filters and results, rendered.

    The same for every visitor, so the unfiltered catalogue (the page everyone
    lands on; any ``?page=`` up to ``CACHED_CATALOGUE_PAGES``) is kept in the
    cache until the page tree or a course's tags change (``selectors.CONTENT``),
    per language and host. Filtered views and searches are rendered each time:
    their keys would be as many as the query strings anyone sends.
    """
    from django.template.loader import render_to_string
    from django.utils.safestring import mark_safe
    from django.utils.translation import get_language

    from .selectors import CONTENT, STRUCTURE_SECONDS

    def render() -> str:
        context = catalogue_context(index=index, request=request)
        return render_to_string("courses/includes/catalogue.html", context, request)

    # Rendered by our own template from our own data: safe when it was stored.
    number = request.GET.get("page", "1")
    if set(request.GET) - {"page"} or not (
        number.isdigit() and 0 < int(number) <= CACHED_CATALOGUE_PAGES
    ):
        return render()
    name = (
        f"courses:catalogue:{index.pk}:{request.get_host()}:{get_language()}:{number}"
    )
    return mark_safe(CONTENT.cached(name, render, STRUCTURE_SECONDS))  # noqa: S308


# --- course page and lesson page ----------------------------------------------------


@dataclass
class EnrolState:
    """What the enrol area of a course page shows and allows."""

    state: str
    enrollment: Enrollment | None = None
    missing: list = field(default_factory=list)
    can_cancel: bool = False


def upcoming_classes(*, course: CoursePage) -> list[TrainingClass]:
    today = timezone.localdate()
    return list(
        TrainingClass.objects.filter(course=course, end_date__gte=today)
        .annotate(
            seats_taken=Count(
                "enrollments", filter=Q(enrollments__status__in=SEAT_STATUSES)
            )
        )
        .prefetch_related("sessions")
        .order_by("start_date", "pk")
    )


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


def _module_percent(lessons, done_ids) -> int:
    required = _required(lessons)
    return percent(sum(1 for item in required if item.pk in done_ids), len(required))


def course_page_context(*, course: CoursePage, user) -> dict:
    outline = course_outline(course=course)
    lessons = [lesson for _module, items in outline for lesson in items]
    done_ids = set()
    if user.is_authenticated and lessons:
        done_ids = set(
            LessonProgress.objects.filter(user=user, lesson__in=lessons).values_list(
                "lesson_id", flat=True
            )
        )
    required = _required(lessons)
    done_required = sum(1 for lesson in required if lesson.pk in done_ids)
    # One read of the user's enrolments serves the path and the enrol box.
    enrollments = enrollments_of(
        user=user, course_ids=learning_path_course_ids(course=course)
    )
    path = learning_path(course=course, user=user, enrollments=enrollments)
    enrollment = enrollment_pick(enrollments, course_id=course.pk)
    state = enrol_state(course=course, user=user, path=path, enrollment=enrollment)
    ip_areas, audience_groups = course_tags(course=course)
    next_lesson = next(
        (lesson for lesson in lessons if lesson.pk not in done_ids), None
    )
    return {
        "outline": [
            (module, items, _module_percent(items, done_ids))
            for module, items in outline
        ],
        "lesson_count": len(lessons),
        "done_ids": done_ids,
        "progress_percent": percent(done_required, len(required)),
        "learning_path": path,
        "enrol": state,
        "classes": upcoming_classes(course=course),
        "next_lesson": next_lesson,
        "can_read_all": is_course_editor(user)
        or (state.enrollment is not None and state.enrollment.status in SEAT_STATUSES),
        "ip_areas": ip_areas,
        "audience_groups": audience_groups,
    }


def lesson_page_context(*, lesson: LessonPage, user) -> dict:
    course = lesson.course
    lessons = course_lessons(course=course) if course else [lesson]
    index = next((i for i, item in enumerate(lessons) if item.pk == lesson.pk), 0)
    done_ids = set()
    if user.is_authenticated:
        done_ids = set(
            LessonProgress.objects.filter(user=user, lesson__in=lessons).values_list(
                "lesson_id", flat=True
            )
        )
    required = _required(lessons)
    enrollment = enrollment_get(user=user, course=course) if course else None
    seat = enrollment is not None and enrollment.status in SEAT_STATUSES
    return {
        "course": course,
        "module": lesson.module,
        # What selectors.lesson_can_read answers, from the enrolment read here.
        "can_read": lesson.free_preview or seat or is_course_editor(user),
        "previous_lesson": lessons[index - 1] if index > 0 else None,
        "next_lesson": lessons[index + 1] if index + 1 < len(lessons) else None,
        "is_done": lesson.pk in done_ids,
        "lesson_position": index + 1,
        "lesson_total": len(lessons),
        "progress_percent": percent(
            sum(1 for item in required if item.pk in done_ids), len(required)
        ),
        "enrollment": enrollment,
        "can_mark_done": seat,
    }


# --- dashboard ---------------------------------------------------------------------


@dataclass
class DashboardRow:
    enrollment: Enrollment
    lessons_done: int
    lessons_total: int
    next_lesson: LessonPage | None
    sessions: list

    @property
    def percent(self) -> int:
        return percent(self.lessons_done, self.lessons_total)


def dashboard(*, user) -> dict:
    """The learner's courses: enrolments, progress, next lesson, class dates."""
    enrollments = list(
        Enrollment.objects.filter(user=user, status__in=LIVE_STATUSES)
        .select_related("course", "training_class")
        .order_by("status", "-enrolled_at")
    )
    lessons_of = (
        lessons_by_course(courses=[row.course for row in enrollments])
        if enrollments
        else {}
    )
    all_lessons = [item for items in lessons_of.values() for item in items]
    done_ids = set()
    if all_lessons:
        done_ids = set(
            LessonProgress.objects.filter(
                user=user, lesson__in=all_lessons
            ).values_list("lesson_id", flat=True)
        )
    class_ids = [row.training_class_id for row in enrollments if row.training_class_id]
    sessions = defaultdict(list)
    for session in ClassSession.objects.filter(
        training_class_id__in=class_ids
    ).order_by("starts_at"):
        sessions[session.training_class_id].append(session)
    rows = []
    for enrollment in enrollments:
        lessons = lessons_of.get(enrollment.course_id, [])
        required = _required(lessons)
        rows.append(
            DashboardRow(
                enrollment=enrollment,
                lessons_done=sum(1 for item in required if item.pk in done_ids),
                lessons_total=len(required),
                next_lesson=next(
                    (item for item in lessons if item.pk not in done_ids), None
                ),
                sessions=sessions.get(enrollment.training_class_id, []),
            )
        )
    learning = [row for row in rows if row.enrollment.status == S.ACTIVE]
    return {
        "learning": learning,
        "waiting": [
            row for row in rows if row.enrollment.status in (S.PENDING, S.WAITLISTED)
        ],
        "completed": [row for row in rows if row.enrollment.status == S.COMPLETED],
        "resume": next((row for row in learning if row.next_lesson), None),
    }
