"""Reads shared by the apps: the progress of a background job."""

from .models import BackgroundJob, JobStatus, progress_percent


def job_progress(
    *, job: BackgroundJob, done: int | None = None, download_url: str | None = None
) -> dict:
    """What a job's status URL answers, and what its page is first drawn from.

    ``done`` replaces the stored count when the job keeps a fresher one
    elsewhere (a learner import counts in the cache, its rows being invisible
    until its transaction ends). The keys are those ``js/job-progress.js`` reads.
    """
    done = job.done if done is None else done
    return {
        "status": job.status,
        "status_label": job.get_status_display(),
        "done": done,
        "total": job.total,
        "percent": progress_percent(status=job.status, done=done, total=job.total),
        "finished": job.is_finished,
        "error": job.error if job.status == JobStatus.FAILED else "",
        "download_url": download_url,
    }
