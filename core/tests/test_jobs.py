"""The background-job base shared by learner imports, bulk issues and plan jobs."""

import datetime

import pytest
from django.template.loader import render_to_string
from django.utils import timezone, translation

from core.models import JobStatus, progress_percent
from core.selectors import job_progress
from core.services import (
    job_advance,
    job_fail,
    job_finish,
    job_heartbeat,
    job_start,
    jobs_recover,
    jobs_stale,
)
from plan.models import ReportJob

pytestmark = pytest.mark.django_db


@pytest.fixture
def job(plan_manager):
    return ReportJob.objects.create(kind="export", requested_by=plan_manager, total=8)


def test_percent_rounds_down_so_that_100_means_the_job_is_done():
    assert progress_percent(status="running", done=0, total=3) == 0
    assert progress_percent(status="running", done=2, total=3) == 66
    assert progress_percent(status="running", done=3, total=3) == 100
    assert progress_percent(status="running", done=199, total=200) == 99
    assert progress_percent(status="running", done=9, total=3) == 100
    assert progress_percent(status="queued", done=0, total=0) == 0
    assert progress_percent(status="done", done=0, total=0) == 100


def test_a_job_is_claimed_by_one_run_only(job):
    assert job_start(job_model=ReportJob, job_id=job.pk) is True
    assert job_start(job_model=ReportJob, job_id=job.pk) is False
    job.refresh_from_db()
    assert job.status == JobStatus.RUNNING and not job.is_finished


def test_advancing_writes_the_counts_and_nothing_else(job):
    job_start(job_model=ReportJob, job_id=job.pk)
    job.error = "not saved by advancing"
    job_advance(job=job, done=3, total=12)
    job.refresh_from_db()
    assert (job.done, job.total, job.error) == (3, 12, "")
    assert job.percent == 25


def test_finishing_records_the_count_and_the_time(job):
    job.done = 8
    job_finish(job=job, fields=["file"])
    job.refresh_from_db()
    assert job.status == "done" and job.done == 8 and job.finished_at is not None
    assert job.is_finished and job.percent == 100


def test_failing_keeps_a_bounded_reason_and_not_the_unsaved_count(job):
    job.done = 5
    job_fail(job=job, error=RuntimeError("disk full " + "x" * 3000))
    job.refresh_from_db()
    assert job.status == "failed" and job.finished_at is not None
    assert job.error.startswith("disk full") and len(job.error) == 2000
    assert job.done == 0


def test_the_progress_says_what_the_page_and_its_script_show(job):
    job_advance(job=job, done=2)
    with translation.override("vi"):
        progress = job_progress(job=job, download_url="/tai-ve/")
    assert progress == {
        "status": "queued",
        "status_label": "Đang chờ",
        "done": 2,
        "total": 8,
        "percent": 25,
        "finished": False,
        "error": "",
        "download_url": "/tai-ve/",
    }
    assert job_progress(job=job, done=6)["percent"] == 75


def test_the_partial_polls_a_running_job_and_shows_why_a_job_failed(job):
    context = {"prefix": "j", "status_url": "/s/", "label": "Tiến độ"}
    running = render_to_string(
        "core/partials/job_progress.html",
        {**context, "progress": job_progress(job=job), "download_href": "/d/"},
    )
    assert "data-running" in running and 'data-status-url="/s/"' in running
    assert 'id="j-download" href="/d/" hidden' in running
    job_fail(job=job, error="hết dung lượng")
    failed = render_to_string(
        "core/partials/job_progress.html",
        {**context, "progress": job_progress(job=job), "error_intro": "Lỗi:"},
    )
    assert "data-running" not in failed and "j-download" not in failed
    assert "Lỗi: hết dung lượng" in failed


# --- leases and the recovery sweep (a frozen clock: django's timezone.now) --------

T0 = datetime.datetime(2026, 12, 6, 8, 0, tzinfo=datetime.UTC)


class Clock:
    """django.utils.timezone.now, frozen and moved by hand."""

    def __init__(self, monkeypatch):
        self.now = T0
        monkeypatch.setattr(timezone, "now", lambda: self.now)

    def advance(self, seconds: float) -> None:
        self.now += datetime.timedelta(seconds=seconds)


@pytest.fixture
def clock(monkeypatch, settings):
    settings.JOB_LEASE_SECONDS = 120
    settings.JOB_MAX_RESTARTS = 3
    return Clock(monkeypatch)


@pytest.fixture
def enqueued(monkeypatch):
    """What the sweep queues: (task name, job id), instead of a broker."""
    from core import outbox

    sent = []
    monkeypatch.setattr(
        outbox, "task_enqueue", lambda task, *args: sent.append((task.name, *args))
    )
    return sent


def _sweep(capture):
    with capture(execute=True):
        return jobs_recover()


def test_claiming_and_progress_renew_the_lease(job, clock):
    job_start(job_model=ReportJob, job_id=job.pk)
    job.refresh_from_db()
    assert job.heartbeat_at == T0
    clock.advance(100)
    job_advance(job=job, done=1)
    clock.advance(100)
    job_heartbeat(job=job)
    job.refresh_from_db()
    assert job.heartbeat_at == T0 + datetime.timedelta(seconds=200)


def test_a_running_job_is_stale_only_once_its_lease_ran_out(job, clock):
    job_start(job_model=ReportJob, job_id=job.pk)
    clock.advance(119)
    assert not jobs_stale(job_model=ReportJob).exists()
    clock.advance(2)
    assert list(jobs_stale(job_model=ReportJob)) == [job]


def test_queued_and_finished_jobs_are_never_stale(job, clock, plan_manager):
    ReportJob.objects.create(
        kind="export", requested_by=plan_manager, status="done", heartbeat_at=T0
    )
    clock.advance(3600)
    assert not jobs_stale(job_model=ReportJob).exists()


def test_the_sweep_queues_a_dead_workers_job_again_once_per_lease(
    job, clock, enqueued, django_capture_on_commit_callbacks
):
    job_start(job_model=ReportJob, job_id=job.pk)
    clock.advance(60)
    assert _sweep(django_capture_on_commit_callbacks)["restarted"] == 0
    clock.advance(61)  # 121 s without a sign of life: the worker is gone
    assert _sweep(django_capture_on_commit_callbacks)["restarted"] == 1
    assert enqueued == [("plan.tasks.report_job_run", job.pk)]
    job.refresh_from_db()
    assert job.status == "running" and job.restarts == 1
    assert job.heartbeat_at == clock.now  # the new message has a full lease
    clock.advance(60)  # the next sweep, while the message is on its way
    assert _sweep(django_capture_on_commit_callbacks)["restarted"] == 0
    assert len(enqueued) == 1


def test_every_kind_of_job_names_the_task_the_sweep_queues():
    from celery import Task
    from django.utils.module_loading import import_string

    from core.services import recoverable_job_models

    labels = {m._meta.label for m in recoverable_job_models()}
    assert labels == {
        "certificates.BulkIssueJob",
        "courses.LearnerImport",
        "plan.ReportJob",
        "quizzes.QuestionImportJob",
    }
    for model in recoverable_job_models():
        assert isinstance(import_string(model.run_task), Task)


def test_a_job_that_keeps_killing_its_worker_fails_with_the_reason(
    job, clock, enqueued, django_capture_on_commit_callbacks
):
    job_start(job_model=ReportJob, job_id=job.pk)
    for _ in range(3):
        clock.advance(121)
        assert _sweep(django_capture_on_commit_callbacks)["restarted"] == 1
    clock.advance(121)
    assert _sweep(django_capture_on_commit_callbacks)["failed"] == 1
    job.refresh_from_db()
    assert job.status == "failed" and "4" in job.error
    assert len(enqueued) == 3


def test_the_resumed_run_takes_the_job_over_and_finishes_it(
    job, clock, enqueued, django_capture_on_commit_callbacks
):
    """What the queued message does: its run holds the run lock, so it resumes
    the job left *running* (``resume=True``) and completes it once."""
    from plan.services import report_job_run

    job_start(job_model=ReportJob, job_id=job.pk)
    clock.advance(121)
    _sweep(django_capture_on_commit_callbacks)
    ((_task, job_id),) = enqueued
    report_job_run(job_id=job_id, resume=True)
    job.refresh_from_db()
    assert job.status == "done" and job.file
    # The broker's own copy, back after the visibility timeout, does nothing.
    report_job_run(job_id=job_id, resume=True)
    job.refresh_from_db()
    assert job.status == "done"


def test_the_beat_runs_the_sweep_within_the_lease():
    from django.conf import settings

    entry = settings.CELERY_BEAT_SCHEDULE["core-jobs-recover"]
    assert entry["task"] == "core.jobs_recover"
    assert entry["schedule"] <= settings.JOB_LEASE_SECONDS
    visibility = settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]
    assert settings.JOB_LEASE_SECONDS + entry["schedule"] < visibility <= 600
