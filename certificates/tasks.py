"""Celery tasks: thin, take ids, idempotent (the services check state first)."""

from celery import shared_task

from . import bulk, services


@shared_task(acks_late=True)
def render_certificate(certificate_id: int) -> str:
    certificate = services.certificate_render(certificate_id=certificate_id)
    return certificate.status


@shared_task(acks_late=True)
def email_certificate(certificate_id: int) -> bool:
    return services.certificate_email_send(certificate_id=certificate_id)


@shared_task(acks_late=True)
def bulk_issue(job_id: int) -> str:
    return bulk.bulk_issue_run(job_id=job_id).status


@shared_task
def render_pending() -> dict:
    """Periodic (beat): render what the queue missed while the broker was down."""
    result = services.certificates_sweep()
    result["bulk_jobs"] = bulk.bulk_jobs_sweep()
    return result
