"""Reads for editors: learners' progress and class rosters."""

from __future__ import annotations

from django.db.models import (
    F,
    Func,
    IntegerField,
    OuterRef,
    Subquery,
)

from accounts.selectors import ALL_UNITS, as_scope

from ..models import (
    SEAT_STATUSES,
    Attendance,
    Enrollment,
    LessonPage,
    LessonProgress,
    TrainingClass,
)
from .progress import percent


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
