"""Completion rules that courses can judge by itself, and the reads they need.

A rule is ``rule(enrollment=...) -> bool | None``: True when the learner meets
it, False when not yet, None when it does not apply to this course. An
enrolment is complete when at least one rule applies and every rule that
applies passes (``rules_pass``). The course's whole list, with the final exam
the quizzes app judges, is ``learning.services.completion_rules``.
"""

from __future__ import annotations

from .models import CoursePage, Enrollment, EnrollmentStatus, TrainingClass
from .selectors import attendance_percent, class_is_over, lesson_counts


def rules_pass(results: dict[str, bool | None]) -> bool:
    applying = [value for value in results.values() if value is not None]
    return bool(applying) and all(applying)


def lessons_rule(*, enrollment: Enrollment) -> bool | None:
    """Every live, non-optional lesson of the course is done (None if it has none)."""
    done, total = lesson_counts(user=enrollment.user, course=enrollment.course)
    if total == 0:
        return None
    return done >= total


def attendance_rule(*, enrollment: Enrollment) -> bool | None:
    """Attendance at the class's sessions reaches its minimum (None without a class)."""
    training_class = enrollment.training_class
    if training_class is None:
        return None
    # Not before the class is over: a certificate must not predate its last
    # session.
    if not class_is_over(training_class=training_class):
        return False
    percent = attendance_percent(user=enrollment.user, training_class=training_class)
    if percent is None:
        return None
    return percent >= training_class.min_attendance_percent


def enrollment_active(*, user, course: CoursePage) -> Enrollment | None:
    """The enrolment a completion is checked for: the active one, if any."""
    enrollment = (
        Enrollment.objects.filter(
            user=user, course=course, status=EnrollmentStatus.ACTIVE
        )
        .select_related("training_class")
        .first()
    )
    if enrollment is not None:
        enrollment.user, enrollment.course = user, course  # the rules read both
    return enrollment


def class_enrollments_active(
    *, training_class: TrainingClass, users: list
) -> list[Enrollment]:
    """The active enrolments of ``users`` in the class."""
    return list(
        Enrollment.objects.filter(
            training_class=training_class,
            status=EnrollmentStatus.ACTIVE,
            user_id__in=[user.pk for user in users],
        ).select_related("user", "course", "training_class")
    )
