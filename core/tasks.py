from celery import shared_task

from . import outbox, services
from .models import Heartbeat


@shared_task(name="core.heartbeat")
def heartbeat(token: str) -> str:
    """Record that a worker ran; used by `manage.py celery_check` and CI."""
    Heartbeat.objects.get_or_create(token=token)
    return token


@shared_task(name="core.deferred_tasks_flush")
def deferred_tasks_flush() -> dict:
    """Publish what the outbox kept while the broker was away (beat, and on
    every worker connection: see core.worker)."""
    result = outbox.deferred_tasks_flush()
    result["receipts_pruned"] = outbox.task_receipts_prune()
    return result


@shared_task(name="core.jobs_recover")
def jobs_recover() -> dict:
    """Periodic (beat): start again the running jobs whose worker died."""
    return services.jobs_recover()
