"""Site set-up (the home page as the root of the default site) and the state
changes shared by every background job (``core.models.BackgroundJob``)."""

import logging
from collections.abc import Iterable

from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from wagtail.models import Page, Site

from . import outbox
from .locks import job_run_alive
from .models import BackgroundJob, HomePage, JobStatus

logger = logging.getLogger(__name__)

ERROR_MAX_LENGTH = 2000

HOME_TITLE = "Chương trình đào tạo sở hữu trí tuệ tỉnh Hậu Giang"
HOME_INTRO = (
    "Bồi dưỡng kiến thức sở hữu trí tuệ từ cơ bản đến chuyên sâu cho cán bộ, công "
    "chức, lực lượng thực thi, doanh nghiệp, nhóm khởi nghiệp và chủ thể OCOP, theo "
    "Kế hoạch số 66/KH-UBND ngày 12 tháng 4 năm 2021 của UBND tỉnh Hậu Giang."
)
HOME_BODY = (
    "<p>Nền tảng do Sở Khoa học và Công nghệ vận hành để triển khai các chương trình "
    "tập huấn về ba nhóm đối tượng quyền: quyền sở hữu công nghiệp; quyền tác giả và "
    "quyền liên quan; quyền đối với giống cây trồng.</p>"
    "<ul><li>Học trực tuyến theo lộ trình cơ bản → nâng cao → chuyên sâu.</li>"
    "<li>Tham gia các lớp tập huấn trực tiếp, làm bài kiểm tra và nhận giấy chứng "
    "nhận có mã QR để xác minh.</li>"
    "<li>Kết quả đào tạo được tổng hợp phục vụ báo cáo hằng năm trước ngày 15 tháng "
    "12.</li></ul>"
)


@transaction.atomic
def site_home_ensure() -> HomePage:
    """Make a HomePage the root of the default site, replacing the welcome page."""
    home = HomePage.objects.first()
    if home is None:
        root = Page.get_first_root_node()
        welcome = (
            Page.objects.filter(depth=2, slug="home")
            .exclude(content_type__app_label="core")
            .first()
        )
        if welcome is not None:
            welcome.slug = "wagtail-welcome"
            welcome.save_revision().publish()
        home = root.add_child(
            instance=HomePage(
                title=HOME_TITLE, slug="trang-chu", intro=HOME_INTRO, body=HOME_BODY
            )
        )
        if welcome is not None:
            Site.objects.filter(root_page=welcome).update(root_page=home)
            welcome.delete()
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname="localhost",
            port=80,
            root_page=home,
            is_default_site=True,
            site_name="SHTT Hậu Giang",
        )
    else:
        changed = []
        if site.root_page_id != home.pk:
            site.root_page = home
            changed.append("root_page")
        if not site.site_name:
            # Wagtail's first site has no name: its admin then greets "localhost".
            site.site_name = "SHTT Hậu Giang"
            changed.append("site_name")
        if changed:
            site.save(update_fields=changed)
    return home


def site_identity_set(*, site_url: str, site_name: str) -> bool:
    """Give the default site the host, port and name of ``site_url``.

    Returns whether anything changed, so ``setup_site`` can say a second run
    left the site as it was.
    """
    from urllib.parse import urlsplit

    parts = urlsplit(site_url)
    if not parts.hostname:
        raise ValueError(f"SITE_URL has no host name: {site_url!r}")
    port = parts.port or (443 if parts.scheme == "https" else 80)
    site = Site.objects.get(is_default_site=True)
    wanted = {"hostname": parts.hostname, "port": port, "site_name": site_name}
    changed = [key for key, value in wanted.items() if getattr(site, key) != value]
    for key in changed:
        setattr(site, key, wanted[key])
    if changed:
        site.save(update_fields=changed)
    return bool(changed)


# --- background jobs -------------------------------------------------------------


def job_start(
    *, job_model: type[BackgroundJob], job_id: int, resume: bool = False
) -> bool:
    """Claim a queued job for this run: False when another run already has it.

    One conditional UPDATE, so a task delivered twice (or the sweep racing the
    worker) runs the job once. ``resume=True`` also takes over a *running*
    job: only for a run that holds the job's run lock (``core.locks``), which
    proves the previous run died (its worker was killed mid-job).
    """
    statuses = [JobStatus.QUEUED, JobStatus.RUNNING] if resume else [JobStatus.QUEUED]
    return bool(
        job_model.objects.filter(pk=job_id, status__in=statuses).update(
            status=JobStatus.RUNNING, heartbeat_at=timezone.now()
        )
    )


def job_heartbeat(*, job: BackgroundJob) -> None:
    """Renew the run's lease (a long step without progress to report)."""
    job.heartbeat_at = timezone.now()
    type(job).objects.filter(pk=job.pk).update(heartbeat_at=job.heartbeat_at)


def job_advance(*, job: BackgroundJob, done: int, **counts: int) -> None:
    """Record how far a running job is, for the page polling its status.

    Updates only these columns (``done`` and any other ``counts``, such as the
    job's ``total``), so it never overwrites what the job's final save writes.
    """
    job.done = done
    job.heartbeat_at = timezone.now()  # progress renews the lease
    for name, value in counts.items():
        setattr(job, name, value)
    type(job).objects.filter(pk=job.pk).update(
        done=done, heartbeat_at=job.heartbeat_at, **counts
    )


def job_finish(*, job: BackgroundJob, fields: Iterable[str] = ()) -> None:
    """Mark the job done, saving its ``done`` count and the ``fields`` it set."""
    job.status = JobStatus.DONE
    job.error = ""
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "done", "error", "finished_at", *fields])


def job_fail(
    *, job: BackgroundJob, error: BaseException | str, fields: Iterable[str] = ()
) -> None:
    """Mark the job failed with the reason shown to the person who started it."""
    job.status = JobStatus.FAILED
    job.error = str(error)[:ERROR_MAX_LENGTH]
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "error", "finished_at", *fields])


# --- recovery of jobs whose worker died ---------------------------------------------


def recoverable_job_models() -> list[type[BackgroundJob]]:
    """Every concrete job model that names the task running it."""
    return [
        model
        for model in apps.get_models()
        if issubclass(model, BackgroundJob) and model.run_task
    ]


def jobs_stale(*, job_model: type[BackgroundJob], now=None):
    """*Running* jobs whose lease ran out: no sign of life for JOB_LEASE_SECONDS
    (a row from before leases existed has none at all)."""
    now = now or timezone.now()
    cutoff = now - timezone.timedelta(seconds=settings.JOB_LEASE_SECONDS)
    return job_model.objects.filter(status=JobStatus.RUNNING).filter(
        Q(heartbeat_at__lt=cutoff) | Q(heartbeat_at__isnull=True)
    )


def jobs_recover(*, now=None) -> dict[str, int]:
    """The sweep (beat, every JOB_SWEEP_SECONDS): queue again each running job
    whose worker died, so it resumes within minutes (the run takes it over
    through its run lock, ``core.locks``, and its services skip what is done).

    A stale job whose run is still alive (PostgreSQL says its run lock is held:
    a long step inside one transaction) only gets its lease renewed. One that
    lost its worker JOB_MAX_RESTARTS times fails with the reason, rather than
    killing worker after worker. Returns counts per outcome.
    """
    now = now or timezone.now()
    counts = {"restarted": 0, "alive": 0, "failed": 0}
    for job_model in recoverable_job_models():
        for job in jobs_stale(job_model=job_model, now=now):
            if job_run_alive(job_model=job_model, job_id=job.pk):
                job_heartbeat(job=job)
                counts["alive"] += 1
                continue
            # Conditional on the lease seen: two sweeps at once restart it once.
            renewed = job_model.objects.filter(
                pk=job.pk, status=JobStatus.RUNNING, heartbeat_at=job.heartbeat_at
            ).update(heartbeat_at=now, restarts=F("restarts") + 1)
            if not renewed:
                continue
            if job.restarts + 1 > settings.JOB_MAX_RESTARTS:
                job.refresh_from_db()
                message = _(
                    "The worker running this job stopped %(count)s times; "
                    "it was not started again."
                )
                job_fail(job=job, error=message % {"count": job.restarts})
                counts["failed"] += 1
                continue
            logger.warning(
                "%s %s: no sign of life since %s, queued again",
                job_model._meta.label,
                job.pk,
                job.heartbeat_at,
            )
            task = import_string(job_model.run_task)
            transaction.on_commit(
                lambda task=task, pk=job.pk: outbox.task_enqueue(task, pk), robust=True
            )
            counts["restarted"] += 1
    return counts
