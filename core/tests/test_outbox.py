"""The outbox: messages wait in the database while the broker is away, leave
when it is back, keep their task id; e-mail tasks act once per message."""

import json
import time

import pytest
import redis

from core import outbox
from core.models import DeferredTask, Heartbeat, TaskReceipt
from core.tasks import heartbeat
from core.worker import FlushOutboxOnConnect
from elearn.celery import app as celery_app
from tests.faults.redis import celery_on

pytestmark = pytest.mark.django_db


def _queued(redis_server) -> list[dict]:
    """The messages waiting in the test Redis' queue (oldest first)."""
    raw = redis.Redis(port=redis_server.port).lrange("elearn", 0, -1)
    return [json.loads(item)["headers"] for item in reversed(raw)]


def test_without_a_broker_the_task_runs_at_once_and_nothing_is_kept():
    outbox.task_enqueue(heartbeat, "eager")
    assert Heartbeat.objects.filter(token="eager").exists()
    assert not DeferredTask.objects.exists()


@pytest.mark.redis_server
def test_with_the_broker_away_the_message_is_kept_and_the_caller_carries_on(
    redis_server, caplog
):
    with celery_on(redis_server.url()):
        redis_server.stop()
        started = time.monotonic()
        task_id = outbox.task_enqueue(heartbeat, "later")
        assert time.monotonic() - started < 5  # fails fast
    row = DeferredTask.objects.get()
    assert (row.task, row.task_id, row.args, row.kwargs) == (
        "core.heartbeat",
        task_id,
        ["later"],
        {},
    )
    assert row.attempts == 1 and row.last_error
    assert "kept in the outbox" in caplog.text


@pytest.mark.redis_server
def test_the_flush_publishes_the_kept_messages_under_their_own_task_ids(
    redis_server,
):
    with celery_on(redis_server.url()):
        redis_server.stop()
        first = outbox.task_enqueue(heartbeat, "one")
        second = outbox.task_enqueue(heartbeat, token="two")
        assert outbox.deferred_tasks_flush() == {"published": 0, "waiting": 2}
        assert set(DeferredTask.objects.values_list("attempts", flat=True)) == {2}

        redis_server.start()
        assert outbox.deferred_tasks_flush() == {"published": 2, "waiting": 0}
        assert outbox.deferred_tasks_flush() == {"published": 0, "waiting": 0}
        queued = _queued(redis_server)
    assert [(m["task"], m["id"]) for m in queued] == [
        ("core.heartbeat", first),
        ("core.heartbeat", second),
    ]
    assert not DeferredTask.objects.exists()


@pytest.mark.redis_server
def test_a_worker_connecting_queues_a_flush_of_the_outbox(redis_server):
    assert FlushOutboxOnConnect in celery_app.steps["consumer"]

    class Consumer:
        app = celery_app

    with celery_on(redis_server.url()):
        FlushOutboxOnConnect(Consumer()).start(Consumer())
        queued = _queued(redis_server)
    assert [m["task"] for m in queued] == ["core.deferred_tasks_flush"]


def test_the_flush_is_on_the_beat_schedule(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["core-deferred-tasks-flush"]
    assert entry == {"task": "core.deferred_tasks_flush", "schedule": 60.0}


def _deliver(task, task_id: str, *args):
    """Run ``task`` as a worker does for a message with ``task_id``."""
    task.push_request(id=task_id, task=task.name, is_eager=False, args=args)
    try:
        return task.run(*args)
    finally:
        task.pop_request()


def test_an_e_mail_message_delivered_twice_sends_once(home_page, learner, mailoutbox):
    from courses.models import Enrollment
    from courses.tasks import enrollment_notify
    from courses.tests.factories import catalogue_make, course_make

    course = course_make(catalogue_make(home_page), enrolment_mode="approval")
    enrollment = Enrollment.objects.create(user=learner, course=course)
    assert _deliver(enrollment_notify, "message-1", enrollment.pk, "approved")
    assert not _deliver(enrollment_notify, "message-1", enrollment.pk, "approved")
    assert len(mailoutbox) == 1
    assert TaskReceipt.objects.get().task == "courses.tasks.enrollment_notify"
    # Another message (another decision) is another e-mail.
    assert _deliver(enrollment_notify, "message-2", enrollment.pk, "approved")
    assert len(mailoutbox) == 2


def test_a_failed_send_leaves_no_receipt_so_the_retry_sends(learner, monkeypatch):
    from courses import notifications
    from courses.tasks import enrollment_notify

    def broken(**kwargs):
        raise OSError("SMTP away")

    monkeypatch.setattr(notifications, "enrollment_email_send", broken)
    with pytest.raises(OSError):
        _deliver(enrollment_notify, "message-3", 1, "approved")
    assert not TaskReceipt.objects.exists()


def test_old_receipts_are_forgotten():
    import datetime

    from django.utils import timezone

    TaskReceipt.objects.create(task_id="old", task="t")
    TaskReceipt.objects.create(task_id="new", task="t")
    TaskReceipt.objects.filter(task_id="old").update(
        done_at=timezone.now() - datetime.timedelta(days=31)
    )
    assert outbox.task_receipts_prune() == 1
    assert list(TaskReceipt.objects.values_list("task_id", flat=True)) == ["new"]
