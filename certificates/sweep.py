"""The periodic sweep: what the beat schedule runs to catch up on whatever the
queue missed while the broker or a worker was down (pending PDFs, unsent
e-mails, completed enrolments whose certificate was never recorded).
"""

import logging

from django.conf import settings
from django.utils import timezone

from courses.models import Enrollment, EnrollmentStatus

from .models import Certificate, CertificateStatus
from .rendering import certificate_email_send, certificate_render
from .services import certificate_issue

logger = logging.getLogger(__name__)


def certificates_sweep(*, grace_seconds: int | None = None, limit: int = 500) -> dict:
    """Render pending certificates and send unsent e-mails the queue missed.

    Certificates younger than ``grace_seconds`` (setting
    CERTIFICATE_SWEEP_GRACE_SECONDS, default 120) are left to their queued task.
    """
    if grace_seconds is None:
        grace_seconds = getattr(settings, "CERTIFICATE_SWEEP_GRACE_SECONDS", 120)
    cutoff = timezone.now() - timezone.timedelta(seconds=grace_seconds)
    rendered = failed = emailed = 0
    pending = Certificate.objects.filter(
        status=CertificateStatus.PENDING, created_at__lte=cutoff
    ).values_list("pk", flat=True)[:limit]
    for pk in list(pending):
        try:
            certificate_render(certificate_id=pk, notify=False)
            rendered += 1
        except Exception:  # keep sweeping; the error is stored on the record
            logger.exception("rendering certificate %s failed", pk)
            failed += 1
            continue
        emailed += int(certificate_email_send(certificate_id=pk))
    # Completed enrolments whose certificate was never recorded (refused when
    # the course completed, see learning.services): record and render them now.
    missing = Enrollment.objects.filter(
        status=EnrollmentStatus.COMPLETED,
        course__awards_certificate=True,
        completed_at__lte=cutoff,
        certificates__isnull=True,
    ).select_related("user__profile", "course", "training_class")[:limit]
    for enrollment in missing:
        certificate = certificate_issue(enrollment=enrollment, enqueue=False)
        certificate_render(certificate_id=certificate.pk, notify=False)
        emailed += int(certificate_email_send(certificate_id=certificate.pk))
        rendered += 1
    unsent = Certificate.objects.filter(
        status=CertificateStatus.ISSUED, emailed_at__isnull=True, issued_at__lte=cutoff
    ).values_list("pk", flat=True)[:limit]
    for pk in list(unsent):
        emailed += int(certificate_email_send(certificate_id=pk))
    return {"rendered": rendered, "failed": failed, "emailed": emailed}
