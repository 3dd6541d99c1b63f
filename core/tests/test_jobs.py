"""The background-job base shared by learner imports, bulk issues and plan jobs."""

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from core.models import JobStatus, progress_percent
from core.selectors import job_progress
from core.services import job_advance, job_fail, job_finish, job_start
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
