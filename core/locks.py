"""Run locks: is anyone still running this background job?

A job's status says *running* from the moment a worker claims it. If that worker
dies (SIGKILL, out of memory, the machine lost) the status stays *running* and
Celery delivers the message again (``acks_late`` + ``reject_on_worker_lost``,
or the Redis visibility timeout). The second delivery must tell "the previous
run is dead, take over" from "another run is still going, leave it" (a
duplicated message). A PostgreSQL session-level advisory lock, held for the
length of the run, answers that: PostgreSQL releases it when the holder's
connection ends, however it ends.

Workers must therefore reach PostgreSQL directly or through a session-mode
pool: PgBouncer's transaction mode does not keep session locks.
"""

from __future__ import annotations

import logging
import time
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

from django.db import DatabaseError, connection

logger = logging.getLogger(__name__)
T = TypeVar("T")

#: How long a redelivered run waits for the lock of a run that just died (its
#: connection may take a moment to close) before concluding that a live run
#: holds it.
LOCK_WAIT_SECONDS = 10.0


def _key(job_model, job_id: int) -> tuple[int, int]:
    label = job_model._meta.label_lower.encode()
    return zlib.crc32(label) & 0x7FFFFFFF, job_id & 0x7FFFFFFF


@contextmanager
def job_run_lock(
    *, job_model, job_id: int, wait: float = LOCK_WAIT_SECONDS
) -> Iterator[bool | None]:
    """Hold the run lock of one job for the block.

    Yields True (this run holds it: any *running* status is a dead run's),
    False (a live run holds it: do nothing) or None (no advisory locks, i.e.
    SQLite, where tasks run eagerly one at a time: trust the status alone).
    """
    if connection.vendor != "postgresql":
        yield None
        return
    key = _key(job_model, job_id)
    deadline = time.monotonic() + wait
    while True:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", key)
            held = cursor.fetchone()[0]
        if held or time.monotonic() >= deadline:
            break
        time.sleep(0.2)
    if not held:
        yield False
        return
    try:
        yield True
    finally:
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s, %s)", key)
        except DatabaseError:  # the connection is gone, and the lock with it
            logger.warning("run lock of %s %s: connection lost", job_model, job_id)


def job_run_alive(*, job_model, job_id: int) -> bool | None:
    """Is a run of this job holding its run lock right now (a live run)?

    None without advisory locks (SQLite): nobody can tell.
    """
    if connection.vendor != "postgresql":
        return None
    key = _key(job_model, job_id)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", key)
        free = cursor.fetchone()[0]
        if free:
            cursor.execute("SELECT pg_advisory_unlock(%s, %s)", key)
    return not free


def job_run_once(*, job_model, job_id: int, run: Callable[..., T]) -> T | None:
    """Call ``run(resume=...)`` under the job's run lock (what a job's task does).

    ``resume`` is True when this run holds the lock, so a job left *running* by
    a dead run is taken over; None is returned, and nothing run, while a live
    run holds it (this message is a duplicate).
    """
    with job_run_lock(job_model=job_model, job_id=job_id) as lock:
        if lock is False:
            logger.info("%s %s is running elsewhere: skipped", job_model, job_id)
            return None
        return run(resume=bool(lock))
