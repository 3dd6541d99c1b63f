"""State changes of enrolment: enrol, approve, reject, cancel, the waiting list.

Seats are counted under a row lock on the course (and class) so that the last
free seat is given once; the partial unique constraint on Enrollment makes two
simultaneous enrolments of the same person end in one.
"""

from __future__ import annotations

import logging

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Case, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.selectors import profile_get
from core.outbox import task_enqueue

from ..models import (
    LIVE_STATUSES,
    SEAT_STATUSES,
    CoursePage,
    Enrollment,
    EnrollmentStatus,
    EnrolmentMode,
    TrainingClass,
)
from ..trained import enrollment_trained_refresh

logger = logging.getLogger(__name__)
S = EnrollmentStatus


class EnrollmentError(ValidationError):
    """An enrolment cannot be made or changed; ``message`` says why, translated."""

    def __init__(self, message, code: str = "invalid"):
        super().__init__(message, code=code)

    def __str__(self) -> str:
        return " ".join(self.messages)


class AttendanceError(EnrollmentError):
    """Attendance that cannot be recorded (a session that has not started)."""


# --- checks -------------------------------------------------------------------------


def _check_profile(user) -> None:
    profile = profile_get(user=user)
    if profile is None or not profile.is_complete:
        raise EnrollmentError(
            _(
                "Please complete your profile (full name, audience group, "
                "organisation, unit and position) before enrolling."
            ),
            code="profile_incomplete",
        )


def prerequisites_missing(*, user, course: CoursePage) -> list[CoursePage]:
    """The prerequisite courses ``user`` has not completed yet, in catalogue order."""
    required = list(course.prerequisites.live().order_by("path"))
    if not required:
        return []
    done = set(
        Enrollment.objects.filter(
            user=user, course__in=required, status=S.COMPLETED
        ).values_list("course_id", flat=True)
    )
    return [item for item in required if item.pk not in done]


def _check_prerequisites(user, course: CoursePage) -> None:
    missing = prerequisites_missing(user=user, course=course)
    if missing:
        titles = ", ".join(f"“{item.title}”" for item in missing)
        raise EnrollmentError(
            _("Complete these courses first: %(titles)s.") % {"titles": titles},
            code="prerequisites",
        )


def _lock(course: CoursePage, training_class: TrainingClass | None):
    """Lock the course row (and the class row) for the rest of the transaction."""
    CoursePage.objects.select_for_update(of=("self",)).filter(pk=course.pk).first()
    if training_class is not None:
        TrainingClass.objects.select_for_update().filter(pk=training_class.pk).first()


def _seats_free(course: CoursePage, training_class: TrainingClass | None) -> bool:
    if course.capacity is not None:
        taken = Enrollment.objects.filter(
            course=course, status__in=SEAT_STATUSES
        ).count()
        if taken >= course.capacity:
            return False
    if training_class is not None and training_class.capacity is not None:
        taken = Enrollment.objects.filter(
            training_class=training_class, status__in=SEAT_STATUSES
        ).count()
        if taken >= training_class.capacity:
            return False
    return True


def _snapshot(enrollment: Enrollment) -> None:
    profile = profile_get(user=enrollment.user)
    if profile is not None:
        enrollment.audience_group_id = profile.audience_group_id
        enrollment.unit_id = profile.unit_id
        enrollment.commune_id = profile.commune_id


def _changed(*enrollment_ids: int, training_class_id: int | None = None) -> None:
    """Keep ``trained_on`` of these enrolments right (and the headcount's cache
    generation moving): their status or attendance changed."""
    if not enrollment_ids and training_class_id is None:
        return
    enrollment_trained_refresh(
        enrollment_ids=list(enrollment_ids) if enrollment_ids else None,
        training_class_id=training_class_id,
    )


def _notify(enrollment: Enrollment, event: str) -> None:
    from ..tasks import enrollment_notify

    # The outbox keeps the message if the broker is away: the enrolment is
    # committed already and the request must not fail for an e-mail.
    transaction.on_commit(lambda: task_enqueue(enrollment_notify, enrollment.pk, event))


# --- enrolment ----------------------------------------------------------------------


def enrollment_create(
    *,
    user,
    course: CoursePage,
    training_class: TrainingClass | None = None,
    invited_by=None,
    staff: bool = False,
    check_prerequisites: bool | None = None,
) -> Enrollment:
    """Enrol ``user`` in ``course`` (through ``training_class`` if given).

    Open courses enrol at once, or put the learner on the waiting list when full;
    approval courses create a pending request; invitation-only courses accept only
    enrolments made by an editor (``invited_by``, or ``staff=True`` for imports from
    the command line). An enrolment made by an editor skips approval and the
    prerequisite check (unless ``check_prerequisites`` is True). Enrolling twice
    returns the enrolment that already exists.

    Repeat training: someone who completed the course and is enrolled in a
    *different* training class of it gets a new enrolment (the reports count
    them once per course per year); the new enrolment carries the completed
    one as ``trained_before`` (not saved) so the editor can be told. Without a
    class, or in the class they completed, the completed enrolment is returned.
    """
    staff = staff or invited_by is not None
    if training_class is not None and training_class.course_id != course.pk:
        raise EnrollmentError(
            _("This class belongs to another course."), code="wrong_class"
        )
    if not course.live:
        raise EnrollmentError(_("This course is not open."), code="not_live")
    if training_class is not None and training_class.end_date < timezone.localdate():
        raise EnrollmentError(_("This class has already ended."), code="class_ended")
    existing, trained_before = _existing(user, course, training_class)
    if existing is not None:
        return existing
    _check_profile(user)
    if course.enrolment_mode == EnrolmentMode.INVITATION and not staff:
        raise EnrollmentError(
            _("This course is by invitation only. Please contact the organisers."),
            code="invitation_only",
        )
    if check_prerequisites is None:
        check_prerequisites = not staff
    if check_prerequisites:
        _check_prerequisites(user, course)
    try:
        with transaction.atomic():
            _lock(course, training_class)
            existing, trained_before = _existing(user, course, training_class)
            if existing is not None:
                return existing
            enrollment = Enrollment(
                user=user,
                course=course,
                training_class=training_class,
                invited_by=invited_by,
            )
            if course.enrolment_mode == EnrolmentMode.APPROVAL and not staff:
                enrollment.status = S.PENDING
            elif _seats_free(course, training_class):
                enrollment.status = S.ACTIVE
            else:
                enrollment.status = S.WAITLISTED
            _snapshot(enrollment)
            enrollment.save()
            _changed(enrollment.pk)
    except IntegrityError:
        # A simultaneous request for the same person won the unique constraint.
        existing, _before = _existing(user, course, training_class)
        if existing is None:
            raise
        return existing
    enrollment.trained_before = trained_before
    _notify(enrollment, "created")
    return enrollment


def _existing(user, course, training_class):
    """(the enrolment a request to enrol returns, the completed enrolment a
    new one would repeat). An open enrolment (pending, waiting, active) is
    returned; so is a completed one unless a different class is asked for."""
    rows = list(
        Enrollment.objects.filter(user=user, course=course, status__in=LIVE_STATUSES)
        .select_related("training_class")
        .order_by("-enrolled_at", "-pk")
    )
    open_row = next((row for row in rows if row.status != S.COMPLETED), None)
    if open_row is not None:
        return open_row, None
    if not rows:
        return None, None
    if training_class is None:
        return rows[0], None
    same_class = next(
        (row for row in rows if row.training_class_id == training_class.pk), None
    )
    if same_class is not None:
        return same_class, None
    return None, rows[0]


def enrollment_live(*, user, course: CoursePage) -> Enrollment | None:
    """The open enrolment in ``course``, else the latest completed one."""
    return (
        Enrollment.objects.filter(user=user, course=course, status__in=LIVE_STATUSES)
        .select_related("training_class")
        .order_by(
            Case(When(status=S.COMPLETED, then=Value(1)), default=Value(0)),
            "-enrolled_at",
        )
        .first()
    )


def _reload_locked(enrollment: Enrollment) -> Enrollment:
    _lock(enrollment.course, enrollment.training_class)
    return Enrollment.objects.select_for_update().get(pk=enrollment.pk)


@transaction.atomic
def enrollment_approve(*, enrollment: Enrollment, by=None) -> Enrollment:
    """Accept a pending request (or a waitlisted person); full courses waitlist it."""
    enrollment = _reload_locked(enrollment)
    if enrollment.status not in (S.PENDING, S.WAITLISTED):
        raise EnrollmentError(
            _("Only pending or waitlisted enrolments can be approved."),
            code="bad_state",
        )
    if _seats_free(enrollment.course, enrollment.training_class):
        enrollment.status = S.ACTIVE
    elif enrollment.status == S.PENDING:
        enrollment.status = S.WAITLISTED
    else:
        raise EnrollmentError(
            _("There is no free seat. Raise the capacity or wait for a cancellation."),
            code="full",
        )
    enrollment.decided_at = timezone.now()
    enrollment.decided_by = by
    enrollment.save(update_fields=["status", "decided_at", "decided_by", "updated_at"])
    _changed(enrollment.pk)
    _notify(enrollment, "approved" if enrollment.status == S.ACTIVE else "waitlisted")
    return enrollment


@transaction.atomic
def enrollment_reject(
    *, enrollment: Enrollment, by=None, reason: str = ""
) -> Enrollment:
    """Refuse a pending request or remove someone from the waiting list."""
    enrollment = _reload_locked(enrollment)
    if enrollment.status not in (S.PENDING, S.WAITLISTED):
        raise EnrollmentError(
            _("Only pending or waitlisted enrolments can be rejected."),
            code="bad_state",
        )
    enrollment.status = S.REJECTED
    enrollment.decided_at = timezone.now()
    enrollment.decided_by = by
    enrollment.note = reason[:500]
    enrollment.save(
        update_fields=["status", "decided_at", "decided_by", "note", "updated_at"]
    )
    _notify(enrollment, "rejected")
    return enrollment


@transaction.atomic
def enrollment_cancel(*, enrollment: Enrollment, by=None) -> Enrollment:
    """Unenrol: the learner leaves (or an editor removes them); a seat may free up."""
    enrollment = _reload_locked(enrollment)
    if enrollment.status not in (S.PENDING, S.WAITLISTED, S.ACTIVE):
        raise EnrollmentError(
            _("This enrolment can no longer be cancelled."), code="bad_state"
        )
    held_seat = enrollment.status in SEAT_STATUSES
    enrollment.status = S.CANCELLED
    enrollment.decided_at = timezone.now()
    enrollment.decided_by = by
    enrollment.save(update_fields=["status", "decided_at", "decided_by", "updated_at"])
    course, klass = enrollment.course, enrollment.training_class
    promoted = _promote(course, klass) if held_seat else []
    _changed(enrollment.pk, *(item.pk for item in promoted))
    return enrollment


def _promote(
    course: CoursePage, training_class: TrainingClass | None
) -> list[Enrollment]:
    promoted = []
    waiting = Enrollment.objects.filter(course=course, status=S.WAITLISTED)
    if training_class is not None:
        waiting = waiting.filter(training_class=training_class)
    for candidate in waiting.order_by("enrolled_at", "pk"):
        if not _seats_free(course, None):
            break  # the course itself is full: nobody else can move up
        if not _seats_free(course, candidate.training_class):
            continue  # this person's class is full; someone in another class may fit
        candidate.status = S.ACTIVE
        candidate.decided_at = timezone.now()
        candidate.save(update_fields=["status", "decided_at", "updated_at"])
        _notify(candidate, "promoted")
        promoted.append(candidate)
    return promoted


@transaction.atomic
def waitlist_promote(
    *, course: CoursePage, training_class: TrainingClass | None = None
) -> list[Enrollment]:
    """Give free seats to the waiting list, first come first served."""
    _lock(course, training_class)
    promoted = _promote(course, training_class)
    if promoted:
        _changed(*(item.pk for item in promoted))
    return promoted
