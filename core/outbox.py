"""The outbox: Celery messages wait in the database while the broker is away.

Every task enqueued on behalf of a request goes through ``task_enqueue``, after
the commit (``transaction.on_commit``). It publishes at once and fails fast
(CELERY_BROKER_TRANSPORT_OPTIONS allows one retry); when Redis is unreachable it
keeps the message as a ``DeferredTask`` row and logs a warning instead of
failing a request whose data is already committed. ``deferred_tasks_flush``
publishes the rows: every minute (beat) and each time a worker connects to the
broker (``core.worker.FlushOutboxOnConnect``), so the backlog leaves as soon as
Redis is back.

A message keeps its task id through all this. Tasks whose effect is outside the
database (an e-mail) run inside ``task_once``, so a message that arrives twice
(published twice, or redelivered after a worker died) acts once.
"""

from __future__ import annotations

import datetime
import logging
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from kombu.exceptions import OperationalError
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from .models import DeferredTask, TaskReceipt

logger = logging.getLogger(__name__)

#: What publishing raises when the broker cannot be reached.
BROKER_ERRORS: tuple[type[BaseException], ...] = (
    OperationalError,
    RedisConnectionError,
    RedisTimeoutError,
    OSError,
)
ERROR_MAX_LENGTH = 2000
RECEIPTS_KEPT = datetime.timedelta(days=30)


def task_enqueue(task, /, *args, **kwargs) -> str:
    """Publish ``task(*args, **kwargs)``; with the broker away, keep it for later.

    Returns the message's task id. Call it once the data the task reads is
    committed (``transaction.on_commit(lambda: task_enqueue(...))``).
    """
    task_id = str(uuid.uuid4())
    try:
        task.apply_async(args=args, kwargs=kwargs, task_id=task_id)
    except BROKER_ERRORS as exc:
        if task.app.conf.task_always_eager:
            raise  # no broker involved: the task itself failed
        _defer(task.name, task_id, list(args), kwargs, exc)
    return task_id


def _defer(name: str, task_id: str, args: list, kwargs: dict, exc) -> None:
    logger.warning(
        "broker unavailable: %s [%s] kept in the outbox (%s)", name, task_id, exc
    )
    try:
        with transaction.atomic():
            DeferredTask.objects.create(
                task=name,
                task_id=task_id,
                args=args,
                kwargs=kwargs,
                last_error=str(exc)[:ERROR_MAX_LENGTH],
            )
    except Exception:  # the database is away too: say exactly what is lost
        logger.exception(
            "task %s%r %r [%s] lost: neither the broker nor the database took it",
            name,
            tuple(args),
            kwargs,
            task_id,
        )


def _publish(row: DeferredTask) -> None:
    from celery import current_app

    task = current_app.tasks.get(row.task)
    if task is None:  # a task of a newer release, not imported here
        current_app.send_task(
            row.task, args=row.args, kwargs=row.kwargs, task_id=row.task_id
        )
    else:
        task.apply_async(args=row.args, kwargs=row.kwargs, task_id=row.task_id)


def deferred_tasks_flush(*, limit: int = 1000) -> dict[str, int]:
    """Publish the oldest deferred messages; delete each one once it is published.

    Rows are locked with SKIP LOCKED, so workers flushing at the same time share
    the backlog instead of publishing it twice. If the broker is still away the
    remaining rows wait for the next flush (``attempts`` and ``last_error`` say
    how long they have been waiting and why).
    """
    published: list[int] = []
    waiting = 0
    with transaction.atomic():
        rows = list(
            DeferredTask.objects.select_for_update(skip_locked=True).order_by("pk")[
                :limit
            ]
        )
        for index, row in enumerate(rows):
            try:
                _publish(row)
            except BROKER_ERRORS as exc:
                rest = [item.pk for item in rows[index:]]
                DeferredTask.objects.filter(pk__in=rest).update(
                    attempts=F("attempts") + 1, last_error=str(exc)[:ERROR_MAX_LENGTH]
                )
                waiting = len(rest)
                logger.warning("outbox: broker still unavailable (%s)", exc)
                break
            published.append(row.pk)
        DeferredTask.objects.filter(pk__in=published).delete()
    if published:
        logger.info("outbox: published %s deferred task(s)", len(published))
    return {"published": len(published), "waiting": waiting}


@contextmanager
def task_once(*, request) -> Iterator[bool]:
    """Yield True the first time a message (by task id) gets here, False after.

    The receipt is written in a transaction around the block: if the block
    raises, the receipt is rolled back with it and a retry runs again. Eager
    runs (no broker) cannot arrive twice and write no receipt.
    """
    task_id = getattr(request, "id", None)
    if not task_id or getattr(request, "is_eager", False):
        yield True
        return
    with transaction.atomic():
        yield _receipt_write(task_id=task_id, task=getattr(request, "task", "") or "")


def _receipt_write(*, task_id: str, task: str) -> bool:
    try:
        with transaction.atomic():
            TaskReceipt.objects.create(task_id=task_id, task=task)
    except IntegrityError:
        logger.info("task %s [%s] already ran: skipped", task, task_id)
        return False
    return True


def task_receipts_prune(*, older_than: datetime.timedelta = RECEIPTS_KEPT) -> int:
    """Forget receipts old enough that no copy of their message can still come."""
    deleted, _ = TaskReceipt.objects.filter(
        done_at__lt=timezone.now() - older_than
    ).delete()
    return deleted
