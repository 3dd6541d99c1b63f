"""Reads that build the learner-facing pages: course page, lesson page, dashboard.

Each runs a fixed number of queries whatever the number of lessons or courses.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.paginator import Paginator
from django.db.models import Count
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from accounts.selectors import profile_is_complete

from .content_cache import CONTENT, STRUCTURE_SECONDS, content_cached
from .forms import CatalogueFilterForm
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
from .outline import CourseOutline, outline_build, outlines_for
from .selectors import (
    PathStep,
    catalogue_search,
    course_outline,
    course_tags,
    courses_by_id,
    enrollment_get,
    enrollment_pick,
    enrollments_of,
    is_course_editor,
    learning_path,
    learning_path_course_ids,
    lessons_by_course,
    percent,
    prerequisite_map,
    recommended_order,
)
from .steps import steps_provided

S = EnrollmentStatus


# --- catalogue ----------------------------------------------------------------------

#: Pages of the unfiltered catalogue that are cached (a bound on the keys).
CACHED_CATALOGUE_PAGES = 50


def catalogue_context(*, index, request) -> dict:
    form = CatalogueFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    courses = catalogue_search(index=index, **filters)
    # An audience group's courses in the order to take them (entry course first),
    # unless the visitor chose an order or searched words.
    path_for = filters.get("audience_group")
    if path_for and not filters.get("ordering") and not filters.get("q"):
        courses = recommended_order(courses)
    else:
        path_for = None
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
        "path_for": path_for,
        "querystring": query.urlencode(),
    }


def catalogue_html(*, index, request) -> str:
    """The catalogue's filters and results, rendered.

    The same for every visitor, so the unfiltered catalogue (the page everyone
    lands on; any ``?page=`` up to ``CACHED_CATALOGUE_PAGES``) is kept in the
    cache until the page tree or a course's tags change (``content_cache.CONTENT``),
    per language and host. Filtered views and searches are rendered each time:
    their keys would be as many as the query strings anyone sends.
    """

    def render() -> str:
        context = catalogue_context(index=index, request=request)
        return render_to_string("courses/includes/catalogue.html", context, request)

    # Rendered by our own template from our own data: safe when it was stored.
    number = request.GET.get("page", "1")
    if set(request.GET) - {"page"} or not (
        number.isdigit() and 0 < int(number) <= CACHED_CATALOGUE_PAGES
    ):
        html = render()
    else:
        name = (
            f"courses:catalogue:{index.pk}:{request.get_host()}:"
            f"{get_language()}:{number}"
        )
        html = CONTENT.cached(name, render, STRUCTURE_SECONDS)
    return mark_safe(enrol_now_fill(html, user=request.user))  # noqa: S308


#: Where a course card says whether this visitor can enrol now: the cards are
#: the same for everyone (and cached), this line is filled per visitor.
ENROL_NOW_MARK = re.compile(r"<!--enrol-now:(\d+):(\w+)-->")


def enrol_now_fill(html: str, *, user) -> str:
    """The catalogue's HTML with each card's "can you enrol now" line for
    ``user``: one query for their enrolments, whatever the number of cards."""
    marks = ENROL_NOW_MARK.findall(html)
    if not marks:
        return html
    requires = prerequisite_map()
    statuses = {}
    if user.is_authenticated:
        for row in Enrollment.objects.filter(user=user).order_by("enrolled_at", "pk"):
            if row.status in LIVE_STATUSES or row.course_id not in statuses:
                statuses[row.course_id] = row.status
    texts = {}
    for course_id, mode in set(marks):
        pk = int(course_id)
        status = statuses.get(pk)
        missing = [p for p in requires.get(pk, ()) if statuses.get(p) != S.COMPLETED]
        if status == S.COMPLETED:
            state, text = "done", _("You have completed this course")
        elif status == S.ACTIVE:
            state, text = "done", _("You are studying this course")
        elif status in (S.PENDING, S.WAITLISTED):
            state, text = "wait", _("Your request is waiting")
        elif missing:
            state, text = "locked", _("Not yet: complete the prerequisites first")
        elif mode == EnrolmentMode.INVITATION:
            state, text = "locked", _("By invitation only")
        elif mode == EnrolmentMode.APPROVAL:
            state, text = "open", _("You can apply now (approval needed)")
        else:
            state, text = "open", _("You can enrol now")
        texts[(course_id, mode)] = format_html(
            '<p class="enrol-now enrol-now-{}">{}</p>', state, text
        )
    return ENROL_NOW_MARK.sub(lambda m: texts[(m.group(1), m.group(2))], html)


# --- course page and lesson page ----------------------------------------------------


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


def _done_ids(*, user, lessons) -> set:
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
        done_ids = _done_ids(
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


# --- dashboard ---------------------------------------------------------------------


@dataclass
class DashboardRow:
    enrollment: Enrollment
    outline: CourseOutline | None
    sessions: list

    @property
    def lessons_done(self) -> int:
        return self.outline.done_required if self.outline else 0

    @property
    def lessons_total(self) -> int:
        return self.outline.required_total if self.outline else 0

    @property
    def percent(self) -> int:
        return percent(self.lessons_done, self.lessons_total)

    @property
    def next_step(self):
        return self.outline.next_step if self.outline else None

    @property
    def certificate(self):
        if not self.outline:
            return None
        return next(
            (step for step in self.outline.closing if step.kind == "certificate"),
            None,
        )


def dashboard(*, user) -> dict:
    """The learner's courses: enrolments, progress, the next step of each (a
    lesson, the final exam, the certificate), class dates."""
    enrollments = list(
        Enrollment.objects.filter(user=user, status__in=LIVE_STATUSES)
        .select_related("training_class")
        .order_by("status", "-enrolled_at")
    )
    # The courses from the content cache: joining them cost each row a page row.
    courses = courses_by_id(ids=[row.course_id for row in enrollments])
    for row in enrollments:
        row.course = courses[row.course_id]
    studied = [row for row in enrollments if row.status in (S.ACTIVE, S.COMPLETED)]
    lessons_of = (
        lessons_by_course(courses=[row.course for row in studied]) if studied else {}
    )
    all_lessons = [item for items in lessons_of.values() for item in items]
    done_ids = _done_ids(user=user, lessons=all_lessons)
    # The dashboard lists lessons without their modules: one structure entry.
    outlines = outlines_for(
        user=user,
        rows=[
            (row.course, [(None, lessons_of.get(row.course_id, []))], row)
            for row in studied
        ],
        done_ids=done_ids,
    )
    class_ids = [row.training_class_id for row in enrollments if row.training_class_id]
    sessions = defaultdict(list)
    for session in ClassSession.objects.filter(
        training_class_id__in=class_ids
    ).order_by("starts_at"):
        sessions[session.training_class_id].append(session)
    rows = [
        DashboardRow(
            enrollment=enrollment,
            outline=outlines.get(enrollment.course_id),
            sessions=sessions.get(enrollment.training_class_id, []),
        )
        for enrollment in enrollments
    ]
    learning = [row for row in rows if row.enrollment.status == S.ACTIVE]
    completed = [row for row in rows if row.enrollment.status == S.COMPLETED]
    return {
        "learning": learning,
        "waiting": [
            row for row in rows if row.enrollment.status in (S.PENDING, S.WAITLISTED)
        ],
        "completed": completed,
        # The single next action: a course in progress first, else a certificate.
        "resume": next((row for row in learning if row.next_step), None)
        or next((row for row in completed if row.next_step), None),
    }
