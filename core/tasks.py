from celery import shared_task


@shared_task(name="core.heartbeat")
def heartbeat(token: str) -> str:
    """Record that a worker ran; used by `manage.py celery_check` and CI."""
    from .models import Heartbeat

    Heartbeat.objects.get_or_create(token=token)
    return token
