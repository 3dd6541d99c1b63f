"""State changes of courses (plain keyword-only functions), one module per
sub-domain: ``enrollment`` (enrol, decide, cancel, the waiting list) and
``progress`` (lessons, attendance, completion). ``courses.trained`` keeps the
date an enrolment counts as trained. Callers import from ``courses.services``.
"""

from .enrollment import (
    AttendanceError,
    EnrollmentError,
    enrollment_approve,
    enrollment_cancel,
    enrollment_create,
    enrollment_live,
    enrollment_reject,
    prerequisites_missing,
    waitlist_promote,
)
from .progress import (
    attendance_record,
    enrollment_complete,
    enrollment_lock,
    lesson_complete,
)

__all__ = [
    "AttendanceError",
    "EnrollmentError",
    "attendance_record",
    "enrollment_approve",
    "enrollment_cancel",
    "enrollment_complete",
    "enrollment_create",
    "enrollment_live",
    "enrollment_lock",
    "enrollment_reject",
    "lesson_complete",
    "prerequisites_missing",
    "waitlist_promote",
]
