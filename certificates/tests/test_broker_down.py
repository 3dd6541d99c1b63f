"""Broker down when a certificate becomes due: recorded as pending, nothing lost.

Starts its own redis-server on a free port, points Celery at it (eager mode off),
stops it, issues, then restarts it and runs the periodic sweep.
"""

import time

import pytest
import redis

from certificates import services, tasks
from certificates.models import Certificate
from core.models import DeferredTask
from tests.faults.redis import celery_on

pytestmark = pytest.mark.redis_server


def test_with_the_broker_down_the_certificate_stays_pending_then_the_sweep_issues_it(
    completed, redis_server, django_capture_on_commit_callbacks, mailoutbox, settings
):
    settings.CERTIFICATE_SWEEP_GRACE_SECONDS = 0
    url = f"redis://127.0.0.1:{redis_server.port}/0"
    with celery_on(url):
        redis_server.stop()
        started = time.monotonic()
        with django_capture_on_commit_callbacks(execute=True):
            certificate = services.certificate_issue(enrollment=completed)
        assert time.monotonic() - started < 15  # publishing fails fast
        certificate.refresh_from_db()
        assert certificate.status == "pending" and not certificate.pdf
        assert Certificate.objects.count() == 1
        # The message waits in the outbox too, like every other task's.
        deferred = DeferredTask.objects.get()
        assert deferred.task == tasks.render_certificate.name
        assert deferred.args == [certificate.pk]

        redis_server.start()
        # The beat schedule runs this task; here we run its body directly.
        result = tasks.render_pending.run()
    certificate.refresh_from_db()
    assert certificate.status == "issued" and certificate.pdf
    assert result["rendered"] == 1 and result["emailed"] == 1
    assert len(mailoutbox) == 1
    # Whichever path comes second finds the work done: still one e-mail.
    tasks.render_certificate.run(certificate.pk)
    tasks.email_certificate.run(certificate.pk)
    assert len(mailoutbox) == 1


def test_with_the_broker_back_the_outbox_queues_the_render_for_a_worker(
    completed, redis_server, django_capture_on_commit_callbacks
):
    from core.outbox import deferred_tasks_flush

    with celery_on(redis_server.url()):
        redis_server.stop()
        with django_capture_on_commit_callbacks(execute=True):
            certificate = services.certificate_issue(enrollment=completed)
        assert deferred_tasks_flush() == {"published": 0, "waiting": 1}
        assert DeferredTask.objects.get().attempts == 2

        redis_server.start()
        assert deferred_tasks_flush() == {"published": 1, "waiting": 0}
        queued = redis.Redis(port=redis_server.port).llen("elearn")
    assert queued == 1 and not DeferredTask.objects.exists()
    certificate.refresh_from_db()
    assert certificate.status == "pending"  # until a worker takes the message


def test_with_the_broker_up_the_render_is_queued_for_a_worker(
    completed, redis_server, django_capture_on_commit_callbacks
):
    url = f"redis://127.0.0.1:{redis_server.port}/0"
    with celery_on(url):
        with django_capture_on_commit_callbacks(execute=True):
            certificate = services.certificate_issue(enrollment=completed)
        queued = redis.Redis(port=redis_server.port).llen("elearn")
    certificate.refresh_from_db()
    assert queued == 1  # the message waits for a worker
    assert certificate.status == "pending"


def test_the_sweep_is_on_the_beat_schedule(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["certificates-render-pending"]
    assert entry["task"] == tasks.render_pending.name
