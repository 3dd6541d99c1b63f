"""Celery tasks: thin, take ids, idempotent (the services check state first)."""

from celery import shared_task

from core.locks import job_run_once

from . import bulk, services, sweep
from .models import BulkIssueJob


@shared_task(acks_late=True)
def render_certificate(certificate_id: int) -> str:
    certificate = services.certificate_render(certificate_id=certificate_id)
    return certificate.status


@shared_task(acks_late=True)
def email_certificate(certificate_id: int) -> bool:
    return services.certificate_email_send(certificate_id=certificate_id)


@shared_task(acks_late=True)
def bulk_issue(job_id: int) -> str:
    # Redelivered after its worker died, the job resumes (see core.locks).
    job = job_run_once(
        job_model=BulkIssueJob,
        job_id=job_id,
        run=lambda resume: bulk.bulk_issue_run(job_id=job_id, resume=resume),
    )
    return job.status if job is not None else "running elsewhere"


@shared_task
def render_pending() -> dict:
    """Periodic (beat): render what the queue missed while the broker was down."""
    result = sweep.certificates_sweep()
    result["bulk_jobs"] = bulk.bulk_jobs_sweep()
    return result
