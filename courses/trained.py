"""When an enrolment counts as *trained*: ``Enrollment.trained_on``, kept by courses.

``trained_on`` is the day an enrolment met its course's requirement, or NULL:

* a course that awards a certificate: ``certified_on``, the local date of the
  first issue of the enrolment's valid certificate chain. Certificates are not
  this app's to read, so the certificates app works that date out and hands it
  down with :func:`enrollment_certified_set` whenever a certificate is
  rendered, revoked or re-issued;
* a course without certificate: an accepted enrolment (active or completed) in
  a class with sessions whose present sessions × 100 reach the class's minimum
  × its sessions: the class's end date.

The plan's headcount counts this one indexed column (``plan.counting``), which
is why it is stored and not computed per report: computing it from the source
tables took 330–460 ms on 200,000 enrolments, over the report's 300 ms budget.
It is only ever written here. The enrolment services call
:func:`enrollment_trained_refresh` after a change of status or attendance; the
admin's edits of classes, sessions and courses arrive through
``courses.signal_handlers``. Every call bumps ``ENROLLMENTS``, the generation
cached headcounts are keyed on. ``manage.py headcount_refresh`` recomputes every
enrolment (after a bulk load or a hand edit in SQL) and says how many were wrong.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db.models import Count, QuerySet

from core.cache import CacheGeneration

from .models import Attendance, Enrollment, TrainingClass

#: Bumped by every change of an enrolment's status, attendance or certificate.
ENROLLMENTS = CacheGeneration("courses:enrollments:generation")

ACCEPTED = ("active", "completed")
#: Enrolments recomputed per round trip (bounded memory on a full refresh).
CHUNK = 2000
#: What each enrolment row of a refresh reads (the tuples ``_expected`` takes).
ROW_FIELDS = (
    "pk",
    "user_id",
    "status",
    "course__awards_certificate",
    "training_class_id",
    "certified_on",
    "trained_on",
)


def _attendance_dates(enrollments: QuerySet, rows: list[tuple]) -> dict[int, object]:
    """Enrolment id → its class's end date when the attendance rule is met."""
    candidates = [
        row for row in rows if not row[3] and row[4] is not None and row[2] in ACCEPTED
    ]
    if not candidates:
        return {}
    classes = {
        pk: (end_date, minimum, sessions)
        for pk, end_date, minimum, sessions in TrainingClass.objects.filter(
            pk__in={row[4] for row in candidates}
        )
        .annotate(session_count=Count("sessions"))
        .values_list("pk", "end_date", "min_attendance_percent", "session_count")
    }
    attendance = Attendance.objects.filter(
        present=True,
        session__training_class__in=enrollments.values("training_class_id"),
        user__in=enrollments.values("user_id"),
    )
    present = {
        (klass, user): n
        for klass, user, n in attendance.values("session__training_class_id", "user_id")
        .annotate(n=Count("pk"))
        .values_list("session__training_class_id", "user_id", "n")
    }
    dates = {}
    for pk, user_id, _status, _awards, class_id, *_ in candidates:
        end_date, minimum, sessions = classes[class_id]
        attended = present.get((class_id, user_id), 0)
        if sessions and attended * 100 >= minimum * sessions:
            dates[pk] = end_date
    return dates


def _expected(enrollments: QuerySet, rows: list[tuple]) -> dict[int, object]:
    by_attendance = _attendance_dates(enrollments, rows)
    return {row[0]: row[5] if row[3] else by_attendance.get(row[0]) for row in rows}


def _scoped(
    *,
    enrollment_ids: Iterable[int] | None,
    training_class_id: int | None,
    course_id: int | None,
    everything: bool,
) -> QuerySet | None:
    base = Enrollment.objects.all()
    if enrollment_ids is not None:
        ids = [pk for pk in enrollment_ids if pk is not None]
        if not ids:
            return None
        base = base.filter(pk__in=ids)
    if training_class_id is not None:
        base = base.filter(training_class_id=training_class_id)
    if course_id is not None:
        base = base.filter(course_id=course_id)
    named = enrollment_ids, training_class_id, course_id
    if all(value is None for value in named) and not everything:
        raise ValueError("name the enrolments to refresh, or pass everything=True")
    return base


def enrollment_trained_refresh(
    *,
    enrollment_ids: Iterable[int] | None = None,
    training_class_id: int | None = None,
    course_id: int | None = None,
    everything: bool = False,
) -> int:
    """Recompute ``trained_on`` of the enrolments named (by id, class or course,
    or all of them with ``everything``); write the ones that changed and bump
    ``ENROLLMENTS``. Returns how many changed. Runs in chunks of :data:`CHUNK`."""
    base = _scoped(
        enrollment_ids=enrollment_ids,
        training_class_id=training_class_id,
        course_id=course_id,
        everything=everything,
    )
    changed, last = 0, 0
    while base is not None:
        rows = list(
            base.filter(pk__gt=last).order_by("pk").values_list(*ROW_FIELDS)[:CHUNK]
        )
        if not rows:
            break
        chunk = base.filter(pk__gt=last, pk__lte=rows[-1][0])
        expected = _expected(chunk, rows)
        stale = [
            Enrollment(pk=row[0], trained_on=expected[row[0]])
            for row in rows
            if row[6] != expected[row[0]]
        ]
        if stale:
            Enrollment.objects.bulk_update(stale, ["trained_on"], batch_size=500)
            changed += len(stale)
        last = rows[-1][0]
        if len(rows) < CHUNK:
            break
    ENROLLMENTS.bump()
    return changed


def enrollment_certified_set(*, certified_on: dict[int, datetime.date | None]) -> int:
    """Keep the certificate dates the certificates app worked out (enrolment id →
    first issue of its valid chain, None: none) and recompute ``trained_on`` of
    those enrolments. Returns how many ``trained_on`` changed."""
    current = dict(
        Enrollment.objects.filter(pk__in=list(certified_on)).values_list(
            "pk", "certified_on"
        )
    )
    stale = [
        Enrollment(pk=pk, certified_on=day)
        for pk, day in certified_on.items()
        if pk in current and current[pk] != day
    ]
    Enrollment.objects.bulk_update(stale, ["certified_on"], batch_size=500)
    return enrollment_trained_refresh(enrollment_ids=list(current))
