"""The learner's dashboard: their courses, the progress and next step of
each, class dates; a fixed number of queries whatever the number of courses."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from ..models import LIVE_STATUSES, ClassSession, Enrollment
from ..models import EnrollmentStatus as S
from ..outline import CourseOutline, outlines_for
from ..selectors import courses_by_id, lessons_by_course, percent
from .course import lesson_done_ids


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
    done_ids = lesson_done_ids(user=user, lessons=all_lessons)
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
