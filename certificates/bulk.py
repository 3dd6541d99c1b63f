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

from core.outbox import task_enqueue
from core.services import (
    job_advance,
    job_fail,
    job_finish,
    job_heartbeat,
    job_start,
)
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
    """Queue the job; with the broker away the outbox keeps it (and the sweep
    runs jobs still queued)."""
    from .tasks import bulk_issue

    task_enqueue(bulk_issue, job_id)


def _archive_name(certificate: Certificate) -> str:
    name = re.sub(r"[\\/:*?\"<>|\x00-\x1f]+", " ", certificate.holder_name)
    name = " ".join(name.split())[:80]
    return f"{certificate.serial} - {name}.pdf"


def bulk_issue_run(*, job_id: int, resume: bool = False) -> BulkIssueJob:
    """Issue and render the class's certificates; ``resume`` takes over the job
    of a run that died (see ``core.locks``): what it issued stays, once."""
    claimed = job_start(job_model=BulkIssueJob, job_id=job_id, resume=resume)
    job = BulkIssueJob.objects.select_related("training_class__course").get(pk=job_id)
    if not claimed:
        return job  # already running or finished elsewhere
    done = issued = 0
    if resume:
        issued = _dead_run_take_over(job)
    try:
        enrollments = list(eligible_enrollments(training_class=job.training_class))
        job_advance(job=job, done=0, total=len(enrollments))
        for enrollment in enrollments:
            certificate = services.certificate_issue(
                enrollment=enrollment, actor=job.created_by, enqueue=False
            )
            if certificate.status == CertificateStatus.PENDING:
                services.certificate_render(certificate_id=certificate.pk)
                issued += 1
            done += 1
            if done % PROGRESS_EVERY == 0:
                job_advance(job=job, done=done, issued=issued)
        job_heartbeat(job=job)  # the ZIP is one long step
        _archive(job)
        job.done, job.issued = done, issued
        job_finish(job=job, fields=["issued", "archive"])
    except Exception as exc:
        logger.exception("bulk issue job %s failed", job_id)
        job.done, job.issued = done, issued
        job_fail(job=job, error=exc, fields=["done", "issued", "archive"])
    return job


def _dead_run_take_over(job: BulkIssueJob) -> int:
    """Count what the dead run issued, and queue again the e-mail of its last
    certificate if that was never sent.

    A run renders one certificate at a time and publishes its e-mail message
    right after the commit, so a kill can fall between the two only on the last
    one. Sending is once per certificate: if that message did leave, the copy
    does nothing. Without it the holder would wait for the periodic sweep.
    """
    issued = Certificate.objects.filter(
        training_class=job.training_class,
        status=CertificateStatus.ISSUED,
        created_at__gte=job.created_at,
    )
    last = issued.order_by("-issued_at", "-pk").values_list("pk", "emailed_at").first()
    if last is not None and last[1] is None:
        certificate_id = last[0]
        transaction.on_commit(
            lambda: services.email_enqueue(certificate_id), robust=True
        )
    return issued.count()


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
