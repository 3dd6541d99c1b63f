"""Run locks tell a dead run's job (take it over) from a live run's (leave it)."""

import time

import psycopg
import pytest
from django.db import connection

from core.locks import _key, job_run_lock, job_run_once
from core.models import JobStatus
from core.services import job_start
from plan.models import ReportJob

pytestmark = pytest.mark.django_db


@pytest.fixture
def job(plan_manager):
    return ReportJob.objects.create(
        kind="export", requested_by=plan_manager, status=JobStatus.RUNNING
    )


def _session_open():
    db = connection.settings_dict
    return psycopg.connect(
        host=db["HOST"] or "127.0.0.1",
        port=db["PORT"] or 5432,
        user=db["USER"],
        dbname=db["NAME"],
        autocommit=True,
    )


@pytest.fixture
def other_session():
    """A second PostgreSQL session, as another worker's would be."""
    with _session_open() as session:
        yield session


def _session_die(session, *, timeout=10.0):
    """Close the session and wait until its server process has gone.

    The server ends a closed session's process (and frees its locks) a moment
    after the client hangs up; on a busy CI machine that moment is long enough
    for the next statement to still see the lock held.
    """
    pid = session.info.backend_pid
    session.close()
    deadline = time.monotonic() + timeout
    with _session_open() as watcher:
        while watcher.execute(
            "SELECT 1 FROM pg_stat_activity WHERE pid = %s", (pid,)
        ).fetchone():
            assert time.monotonic() < deadline, f"session {pid} did not end"
            time.sleep(0.02)


def test_a_running_job_is_taken_over_only_by_a_resuming_run(job):
    assert not job_start(job_model=ReportJob, job_id=job.pk)
    assert job_start(job_model=ReportJob, job_id=job.pk, resume=True)
    ReportJob.objects.filter(pk=job.pk).update(status=JobStatus.DONE)
    assert not job_start(job_model=ReportJob, job_id=job.pk, resume=True)


@pytest.mark.postgres
def test_the_lock_is_held_for_the_run_and_refused_to_a_second_one(
    postgres_only, job, other_session
):
    key = _key(ReportJob, job.pk)
    with job_run_lock(job_model=ReportJob, job_id=job.pk) as held:
        assert held is True
        taken = other_session.execute("SELECT pg_try_advisory_lock(%s, %s)", key)
        assert taken.fetchone()[0] is False  # another worker may not run it
    taken = other_session.execute("SELECT pg_try_advisory_lock(%s, %s)", key)
    assert taken.fetchone()[0] is True  # released when the run ends


@pytest.mark.postgres
def test_a_duplicate_message_leaves_a_live_run_alone(postgres_only, job, other_session):
    other_session.execute("SELECT pg_advisory_lock(%s, %s)", _key(ReportJob, job.pk))
    with job_run_lock(job_model=ReportJob, job_id=job.pk, wait=0.3) as held:
        assert held is False
    ran = []
    assert job_run_once(job_model=ReportJob, job_id=job.pk, run=ran.append) is None
    assert ran == []


@pytest.mark.postgres
def test_the_lock_of_a_dead_session_is_free_again(postgres_only, job, other_session):
    other_session.execute("SELECT pg_advisory_lock(%s, %s)", _key(ReportJob, job.pk))
    _session_die(other_session)  # the worker holding it died
    assert job_run_once(job_model=ReportJob, job_id=job.pk, run=lambda resume: resume)


def test_without_advisory_locks_the_status_alone_decides(job):
    if connection.vendor == "postgresql":
        pytest.skip("SQLite behaviour")
    with job_run_lock(job_model=ReportJob, job_id=job.pk) as held:
        assert held is None
    result = job_run_once(job_model=ReportJob, job_id=job.pk, run=lambda resume: resume)
    assert result is False  # a running job is not taken over


@pytest.mark.postgres
def test_the_sweep_tells_a_live_run_from_a_dead_one(
    postgres_only, job, other_session, settings, django_capture_on_commit_callbacks
):
    """A stale lease whose run lock is held (a long step in one transaction) is
    renewed, not restarted; once the holder's session is gone, it is queued."""
    from unittest import mock

    from core.locks import job_run_alive
    from core.services import jobs_recover

    settings.JOB_LEASE_SECONDS = 0
    other_session.execute("SELECT pg_advisory_lock(%s, %s)", _key(ReportJob, job.pk))
    assert job_run_alive(job_model=ReportJob, job_id=job.pk) is True
    with mock.patch("core.outbox.task_enqueue") as enqueue:
        with django_capture_on_commit_callbacks(execute=True):
            assert jobs_recover()["alive"] == 1
        enqueue.assert_not_called()
        _session_die(other_session)  # the worker holding it died
        assert job_run_alive(job_model=ReportJob, job_id=job.pk) is False
        with django_capture_on_commit_callbacks(execute=True):
            assert jobs_recover()["restarted"] == 1
        enqueue.assert_called_once()
    # The sweep's check leaves the lock free for the run it queued.
    assert job_run_once(job_model=ReportJob, job_id=job.pk, run=lambda resume: resume)
