"""Celery tasks of the plan app: thin, take ids, idempotent."""

from celery import shared_task
from django.utils import translation

from core.locks import job_run_once

from . import dashboard, headcount_cache, services
from .models import ReportJob


@shared_task(acks_late=True)
def report_job_run(job_id: int) -> str:
    # Redelivered after its worker died, the job runs again (see core.locks).
    job = job_run_once(
        job_model=ReportJob,
        job_id=job_id,
        run=lambda resume: services.report_job_run(job_id=job_id, resume=resume),
    )
    return job.status if job is not None else "running elsewhere"


@shared_task
def dashboard_refresh(scope_id, plan_id, year, unit, compact, language) -> None:
    # Idempotent: it only recounts and overwrites a cache entry.
    with translation.override(language):
        dashboard.dashboard_refresh(
            scope_id=scope_id, plan_id=plan_id, year=year, unit=unit, compact=compact
        )


@shared_task
def headcount_rows_refresh(scope_id, by, metric, flt, language) -> None:
    # Idempotent: it only recounts and overwrites a cache entry.
    with translation.override(language):
        headcount_cache.headcount_rows_refresh(
            scope_id=scope_id, by=by, metric=metric, flt=flt
        )


@shared_task
def annual_report_reminders() -> int:
    return services.annual_report_reminders_send()


@shared_task
def attendance_reminders() -> int:
    return services.attendance_reminders_send()
