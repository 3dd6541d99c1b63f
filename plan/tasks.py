"""Celery tasks of the plan app: thin, take ids, idempotent."""

from celery import shared_task

from . import services


@shared_task(acks_late=True)
def report_job_run(job_id: int) -> str:
    return services.report_job_run(job_id=job_id).status


@shared_task
def annual_report_reminders() -> int:
    return services.annual_report_reminders_send()


@shared_task
def attendance_reminders() -> int:
    return services.attendance_reminders_send()
