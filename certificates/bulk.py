"""Bulk issue: every certificate of a training class in one Celery job.

The job issues and renders each completed enrolment's certificate, updating
``done`` as it goes (the admin polls a JSON status URL for the progress bar),
then packs all the class's valid PDFs into one ZIP in the default storage.
"""

import logging
import re
import tempfile
import zipfile

from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from courses.models import Enrollment, EnrollmentStatus

from . import services
from .models import BulkIssueJob, Certificate, CertificateStatus

logger = logging.getLogger(__name__)
PROGRESS_EVERY = 10


def eligible_enrollments(*, training_class):
    return (
        Enrollment.objects.filter(
            training_class=training_class, status=EnrollmentStatus.COMPLETED
        )
        .select_related("user__profile", "course", "training_class")
        .order_by("pk")
    )


def bulk_issue_start(*, training_class, actor) -> BulkIssueJob:
    if not training_class.course.awards_certificate:
        raise services.CertificateError(_("This course does not award a certificate."))
    total = eligible_enrollments(training_class=training_class).count()
    if total == 0:
        raise services.CertificateError(
            _("No learner of this class has completed the course yet.")
        )
    job = BulkIssueJob.objects.create(
        training_class=training_class, created_by=actor, total=total
    )
    transaction.on_commit(lambda: bulk_enqueue(job.pk), robust=True)
    return job


def bulk_enqueue(job_id: int) -> None:
    from .tasks import bulk_issue

    try:
        bulk_issue.delay(job_id)
    except services.BROKER_ERRORS as exc:
        logger.warning("bulk job %s waits for the sweep (%s)", job_id, exc)


def _archive_name(certificate: Certificate) -> str:
    name = re.sub(r"[\\/:*?\"<>|\x00-\x1f]+", " ", certificate.holder_name)
    name = " ".join(name.split())[:80]
    return f"{certificate.serial} - {name}.pdf"


def bulk_issue_run(*, job_id: int) -> BulkIssueJob:
    claimed = BulkIssueJob.objects.filter(
        pk=job_id, status=BulkIssueJob.Status.QUEUED
    ).update(status=BulkIssueJob.Status.RUNNING)
    job = BulkIssueJob.objects.select_related("training_class__course").get(pk=job_id)
    if not claimed:
        return job  # already running or finished elsewhere
    try:
        done = issued = 0
        enrollments = list(eligible_enrollments(training_class=job.training_class))
        job.total = len(enrollments)
        BulkIssueJob.objects.filter(pk=job.pk).update(total=job.total)
        for enrollment in enrollments:
            certificate = services.certificate_issue(
                enrollment=enrollment, actor=job.created_by, enqueue=False
            )
            if certificate.status == CertificateStatus.PENDING:
                services.certificate_render(certificate_id=certificate.pk)
                issued += 1
            done += 1
            if done % PROGRESS_EVERY == 0:
                BulkIssueJob.objects.filter(pk=job.pk).update(done=done, issued=issued)
        _archive(job)
        job.done, job.issued = done, issued
        job.status = BulkIssueJob.Status.DONE
    except Exception as exc:
        logger.exception("bulk issue job %s failed", job_id)
        job.status = BulkIssueJob.Status.FAILED
        job.error = str(exc)[:2000]
        job.done = done
    job.finished_at = timezone.now()
    job.save(
        update_fields=["status", "done", "issued", "error", "finished_at", "archive"]
    )
    return job


def _archive(job: BulkIssueJob) -> None:
    certificates = Certificate.objects.filter(
        training_class=job.training_class, status=CertificateStatus.ISSUED
    ).order_by("serial_year", "serial_number")
    with tempfile.TemporaryFile() as handle:
        with zipfile.ZipFile(handle, "w", compression=zipfile.ZIP_STORED) as archive:
            for certificate in certificates.iterator():
                with certificate.pdf.open("rb") as pdf:
                    archive.writestr(_archive_name(certificate), pdf.read())
        handle.seek(0)
        job.archive.save("certificates.zip", File(handle), save=False)


def bulk_jobs_sweep(*, grace_seconds: int = 300) -> int:
    """Run queued jobs the broker never delivered."""
    cutoff = timezone.now() - timezone.timedelta(seconds=grace_seconds)
    count = 0
    for pk in BulkIssueJob.objects.filter(
        status=BulkIssueJob.Status.QUEUED, created_at__lte=cutoff
    ).values_list("pk", flat=True):
        bulk_issue_run(job_id=pk)
        count += 1
    return count
