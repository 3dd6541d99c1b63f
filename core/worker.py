"""Worker hooks: flush the outbox each time a worker connects to the broker.

``worker_ready`` fires once, when the worker starts; a worker that rides out a
Redis outage reconnects without firing it again. A consumer bootstep, by
contrast, is started again on every (re)connection, which is exactly when the
messages kept in the outbox can leave. Registered in ``elearn/celery.py``.
This module imports no Django model: the Celery app loads it before Django.
"""

import logging

from celery import bootsteps

logger = logging.getLogger(__name__)

FLUSH_TASK = "core.deferred_tasks_flush"


class FlushOutboxOnConnect(bootsteps.StartStopStep):
    """Queue ``core.deferred_tasks_flush`` once the consumer is connected."""

    requires = {"celery.worker.consumer.tasks:Tasks"}

    def start(self, consumer) -> None:
        try:
            consumer.app.send_task(FLUSH_TASK)
        except Exception as exc:  # noqa: BLE001 - never stop the consumer for this
            # The beat entry flushes every minute anyway.
            logger.warning("could not queue the outbox flush on connect: %s", exc)
