"""State changes of progress: lessons done, attendance, a course completed.

Completing a course's enrolment, and what follows it (the certificate), is
decided in ``learning.services``; these functions record one step each.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import (
    Attendance,
    ClassSession,
    Enrollment,
    EnrollmentStatus,
    LessonPage,
    LessonProgress,
    TrainingClass,
)
from ..trained import enrollment_trained_refresh
from .enrollment import AttendanceError, EnrollmentError

S = EnrollmentStatus


def lesson_complete(*, user, lesson: LessonPage) -> LessonProgress:
    """Record that ``user`` finished ``lesson`` (only that: completing the course
    follows in ``learning.services.lesson_complete``).

    Idempotent: a second call keeps the first completion time.
    """
    try:
        with transaction.atomic():
            progress, _created = LessonProgress.objects.get_or_create(
                user=user, lesson=lesson
            )
    except IntegrityError:
        progress = LessonProgress.objects.get(user=user, lesson=lesson)
    return progress


def enrollment_lock(*, enrollment: Enrollment) -> Enrollment:
    """The enrolment read again under a row lock (inside the caller's
    transaction), keeping the person, course and class the caller loaded."""
    locked = Enrollment.objects.select_for_update().get(pk=enrollment.pk)
    for name in ("user", "course", "training_class"):
        relation = Enrollment._meta.get_field(name)
        if relation.is_cached(enrollment):
            relation.set_cached_value(locked, relation.get_cached_value(enrollment))
    return locked


@transaction.atomic
def enrollment_complete(*, enrollment: Enrollment) -> Enrollment:
    """Mark an active enrolment completed (its rules are the caller's to check:
    ``learning.services.enrollment_progress_check``). Idempotent."""
    enrollment = enrollment_lock(enrollment=enrollment)
    if enrollment.status == S.COMPLETED:
        return enrollment
    if enrollment.status != S.ACTIVE:
        raise EnrollmentError(
            _("Only an active enrolment can be completed."), code="not_active"
        )
    enrollment.status = S.COMPLETED
    enrollment.completed_at = timezone.now()
    enrollment.save(update_fields=["status", "completed_at", "updated_at"])
    enrollment_trained_refresh(enrollment_ids=[enrollment.pk])
    return enrollment


@transaction.atomic
def attendance_record(
    *,
    training_class: TrainingClass,
    present: set[tuple[int, int]],
    users: list,
    by=None,
    now=None,
) -> int:
    """Set attendance of ``users`` at every session of the class in one go.

    ``present`` holds (session id, user id) pairs; every other pair of those
    sessions and users is recorded absent. Returns the number of rows written
    (completing the enrolments it allows follows in
    ``learning.services.attendance_record``).
    """
    now = now or timezone.now()
    # Only sessions that have started: nobody attends a session ahead of time.
    all_sessions = list(ClassSession.objects.filter(training_class=training_class))
    sessions = [session for session in all_sessions if session.starts_at <= now]
    future = [
        session
        for session in all_sessions
        if session.starts_at > now and any(pair[0] == session.pk for pair in present)
    ]
    if future:
        raise AttendanceError(
            _(
                "Attendance cannot be recorded for a session that has not "
                "started: %(session)s. Nothing was saved."
            )
            % {"session": future[0]}
        )
    user_ids = [user.pk for user in users]
    existing = {
        (row.session_id, row.user_id): row
        for row in Attendance.objects.filter(session__in=sessions, user_id__in=user_ids)
    }
    to_create, to_update = [], []
    for session in sessions:
        for user_id in user_ids:
            is_present = (session.pk, user_id) in present
            row = existing.get((session.pk, user_id))
            if row is None:
                to_create.append(
                    Attendance(
                        session=session,
                        user_id=user_id,
                        present=is_present,
                        recorded_by=by,
                    )
                )
            elif row.present != is_present:
                row.present = is_present
                row.recorded_by = by
                to_update.append(row)
    Attendance.objects.bulk_create(to_create)
    Attendance.objects.bulk_update(to_update, ["present", "recorded_by"])
    enrollment_trained_refresh(training_class_id=training_class.pk)
    return len(to_create) + len(to_update)
