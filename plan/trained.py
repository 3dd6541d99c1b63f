"""Keeping the headcount's input fresh: ``Enrollment.trained_on`` (re-exported
by :mod:`plan.services`; the cached figures are :mod:`plan.headcount_cache`'s).

``trained_on`` is the date an enrolment counts as *trained* (see
:mod:`plan.counting`), or NULL. Reading it is one indexed column instead of a
join on certificates and a subquery over attendance per enrolment, which was
most of a headcount's time on 200k enrolments. It is derived, so it is only ever
written by :func:`trained_on_refresh`, which recomputes it from the source
tables:

* course with certificate: the enrolment's certificate chain (a certificate and
  the versions that re-issued it, linked by ``replaces``) whose latest version
  is not revoked and that was issued at least once: the local date of the
  chain's *first* issue. A re-issue (a corrected name, say) keeps the person in
  the year they were first certified, also while the new version's PDF is
  being rendered; a revoked certificate issued again later with
  ``certificate_issue`` starts a new chain, dated by its own issue;
* course without certificate: an accepted enrolment (active or completed) in a
  class with sessions whose present sessions × 100 reach the class's minimum ×
  its sessions: the class's end date.

What changes these inputs sends ``courses.signals.enrollments_changed``
(enrolment status, attendance, certificate issue, revoke and re-issue); edits of
classes, sessions and courses made in the Wagtail admin are caught by model
signals (receivers in ``plan.signal_handlers``). Every change also bumps the
generation the cached dashboards are keyed on. ``manage.py headcount_refresh``
recomputes every enrolment (after a bulk load or a hand edit in SQL) and says
how many were wrong.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.apps import apps
from django.db.models import Count, QuerySet
from django.utils import timezone

from .headcount_cache import generation_bump

logger = logging.getLogger(__name__)

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
    "trained_on",
)


def _model(label: str):
    return apps.get_model(label)


# --- trained_on ---------------------------------------------------------------------


def _certificate_dates(enrollments: QuerySet) -> dict[int, object]:
    """Enrolment id → local date of the first issue of its valid certificate chain."""
    try:
        certificate = _model("certificates.Certificate")
    except LookupError:  # certificates not installed: nobody trains by certificate
        return {}
    rows = certificate.objects.filter(enrollment__in=enrollments.values("pk"))
    by_pk = {
        row[0]: row
        for row in rows.values_list(
            "pk", "enrollment_id", "status", "issued_at", "replaces_id"
        )
    }
    dates: dict[int, object] = {}
    for pk, enrollment_id, status, _issued_at, _replaces in by_pk.values():
        if status == "revoked":
            continue  # a version that is not revoked is the latest of its chain
        first = None
        node = by_pk[pk]
        while node is not None:  # back through the versions it re-issued
            issued_at = node[3]
            if issued_at is not None and (first is None or issued_at < first):
                first = issued_at
            node = by_pk.get(node[4])
        if first is not None:
            day = timezone.localdate(first)
            dates[enrollment_id] = min(dates.get(enrollment_id, day), day)
    return dates


def _attendance_dates(enrollments: QuerySet, rows: list[tuple]) -> dict[int, object]:
    """Enrolment id → its class's end date when the attendance rule is met."""
    candidates = [
        row for row in rows if not row[3] and row[4] is not None and row[2] in ACCEPTED
    ]
    if not candidates:
        return {}
    classes = {
        pk: (end_date, minimum, sessions)
        for pk, end_date, minimum, sessions in _model("courses.TrainingClass")
        .objects.filter(pk__in={row[4] for row in candidates})
        .annotate(session_count=Count("sessions"))
        .values_list("pk", "end_date", "min_attendance_percent", "session_count")
    }
    attendance = _model("courses.Attendance").objects.filter(
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
    for pk, user_id, _status, _awards, class_id, _current in candidates:
        end_date, minimum, sessions = classes[class_id]
        attended = present.get((class_id, user_id), 0)
        if sessions and attended * 100 >= minimum * sessions:
            dates[pk] = end_date
    return dates


def trained_on_expected(enrollments: QuerySet) -> dict[int, object]:
    """Enrolment id → the ``trained_on`` the source tables give (None: not trained).

    Reads at most four queries whatever the number of enrolments; meant for
    chunks (see :func:`trained_on_refresh`).
    """
    rows = list(enrollments.order_by("pk").values_list(*ROW_FIELDS))
    return _expected(enrollments, rows)


def _expected(enrollments: QuerySet, rows: list[tuple]) -> dict[int, object]:
    by_certificate = (
        _certificate_dates(enrollments) if any(row[3] for row in rows) else {}
    )
    by_attendance = _attendance_dates(enrollments, rows)
    return {
        row[0]: by_certificate.get(row[0]) if row[3] else by_attendance.get(row[0])
        for row in rows
    }


def trained_on_refresh(
    *,
    enrollment_ids: Iterable[int] | None = None,
    training_class_id: int | None = None,
    course_id: int | None = None,
    everything: bool = False,
) -> int:
    """Recompute ``trained_on`` of the enrolments named (by id, class or course, or
    all of them with ``everything``) from the source tables; write the ones that
    changed. Returns how many changed. Runs in chunks of :data:`CHUNK`."""
    enrollment = _model("courses.Enrollment")
    base = enrollment.objects.all()
    if enrollment_ids is not None:
        ids = [pk for pk in enrollment_ids if pk is not None]
        if not ids:
            return 0
        base = base.filter(pk__in=ids)
    if training_class_id is not None:
        base = base.filter(training_class_id=training_class_id)
    if course_id is not None:
        base = base.filter(course_id=course_id)
    if enrollment_ids is None and training_class_id is None and course_id is None:
        if not everything:
            raise ValueError("name the enrolments to refresh, or pass everything=True")
    changed, last = 0, 0
    while True:
        rows = list(
            base.filter(pk__gt=last).order_by("pk").values_list(*ROW_FIELDS)[:CHUNK]
        )
        if not rows:
            break
        chunk = base.filter(pk__gt=last, pk__lte=rows[-1][0])
        expected = _expected(chunk, rows)
        stale = [
            enrollment(pk=row[0], trained_on=expected[row[0]])
            for row in rows
            if row[5] != expected[row[0]]
        ]
        if stale:
            enrollment.objects.bulk_update(stale, ["trained_on"], batch_size=500)
            changed += len(stale)
        last = rows[-1][0]
        if len(rows) < CHUNK:
            break
    return changed


def headcount_changed(
    *,
    enrollment_ids: Iterable[int] | None = None,
    training_class_id: int | None = None,
    course_id: int | None = None,
) -> int:
    """Refresh ``trained_on`` where it may have changed, then bump the generation."""
    changed = 0
    if enrollment_ids is not None or training_class_id or course_id:
        changed = trained_on_refresh(
            enrollment_ids=enrollment_ids,
            training_class_id=training_class_id,
            course_id=course_id,
        )
    generation_bump()
    return changed
