import pytest
from django.core.management import call_command

from core.models import Heartbeat
from core.tasks import heartbeat


@pytest.mark.django_db
def test_tasks_run_eagerly_without_a_broker():
    heartbeat.delay("eager-token")
    assert Heartbeat.objects.filter(token="eager-token").exists()


@pytest.mark.real_worker
@pytest.mark.django_db(transaction=True)
def test_a_task_round_trips_through_the_real_redis_worker(settings):
    """The worker started by .ci/run picks the task from Redis and writes to the DB."""
    from elearn.celery import app

    app.conf.task_always_eager = False
    try:
        call_command("celery_check", timeout=30)
    finally:
        app.conf.task_always_eager = True
    assert Heartbeat.objects.count() == 1
