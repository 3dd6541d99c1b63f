"""The date a certificate makes its enrolment count as trained, handed to courses.

A certificate and the versions that re-issued it (linked by ``replaces``) form
a chain. An enrolment counts from the local date of the *first* issue of its
chain whose latest version is not revoked, so a re-issue (a corrected name,
say) keeps the person in the year they were first certified, also while the
new version's PDF is being rendered; a revoked certificate issued again later
with ``certificate_issue`` starts a new chain, dated by its own issue.

The services call :func:`enrollments_certified_sync` after a render, a revoke
and a re-issue; it gives the dates to ``courses.trained.enrollment_certified_set``,
which keeps ``Enrollment.trained_on`` (what the plan's headcount counts).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.utils import timezone

from courses.models import Enrollment
from courses.trained import enrollment_certified_set

from .models import Certificate, CertificateStatus

#: Enrolments handed to courses per round trip on a full sync.
CHUNK = 2000


def certified_on(enrollment_ids: list[int]) -> dict[int, datetime.date | None]:
    """Enrolment id → local date of the first issue of its valid certificate
    chain (None: no valid certificate issued), in one query."""
    rows = Certificate.objects.filter(enrollment__in=enrollment_ids).values_list(
        "pk", "enrollment_id", "status", "issued_at", "replaces_id"
    )
    by_pk = {row[0]: row for row in rows}
    dates: dict[int, datetime.date | None] = dict.fromkeys(enrollment_ids)
    for pk, enrollment_id, status, _issued_at, _replaces in by_pk.values():
        if status == CertificateStatus.REVOKED:
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
            known = dates.get(enrollment_id)
            dates[enrollment_id] = day if known is None else min(known, day)
    return dates


def enrollments_certified_sync(
    *, enrollment_ids: Iterable[int] | None = None, everything: bool = False
) -> int:
    """Hand the certificate dates of these enrolments (or of all, with
    ``everything``) to courses. Returns how many ``trained_on`` changed."""
    if enrollment_ids is not None:
        ids = [pk for pk in enrollment_ids if pk is not None]
        return enrollment_certified_set(certified_on=certified_on(ids)) if ids else 0
    if not everything:
        raise ValueError("name the enrolments to sync, or pass everything=True")
    changed, last = 0, 0
    while True:
        ids = list(
            Enrollment.objects.filter(pk__gt=last)
            .order_by("pk")
            .values_list("pk", flat=True)[:CHUNK]
        )
        if not ids:
            return changed
        changed += enrollment_certified_set(certified_on=certified_on(ids))
        last = ids[-1]
