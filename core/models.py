from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page


class HomePage(Page):
    """The site's front door: what the programme is, and the way to the catalogue.

    It sits directly under the root so that there is exactly one per site.
    """

    intro = models.CharField(_("intro"), max_length=400, blank=True)
    body = RichTextField(_("body"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["courses.CourseIndexPage", "core.StandardPage"]
    max_count = 1

    class Meta:
        verbose_name = _("home page")


class StandardPage(Page):
    """A plain page for information such as "About the programme" or privacy."""

    body = RichTextField(_("body"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("body")]
    parent_page_types = ["core.HomePage", "core.StandardPage"]
    subpage_types = ["core.StandardPage"]

    class Meta:
        verbose_name = _("standard page")


class Heartbeat(models.Model):
    """A row written by a Celery worker, proving the broker→worker→DB path works."""

    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("worker heartbeat")

    def __str__(self) -> str:
        return self.token


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


FINISHED_STATUSES = (JobStatus.DONE, JobStatus.FAILED)


def progress_percent(*, status: str, done: int, total: int) -> int:
    """Whole percent of a job, rounded down so 100% is shown only once it is done."""
    if status == JobStatus.DONE:
        return 100
    if not total:
        return 0
    return min(100, done * 100 // total)


class BackgroundJob(models.Model):
    """What every long job run by Celery records for the page that follows it.

    Runs are leased: see ``heartbeat_at`` and ``core.services.jobs_recover``.

    The job's page polls a JSON status URL (``core.selectors.job_progress``) and
    shows it with ``core/partials/job_progress.html``; the state changes are the
    ``job_*`` functions of ``core.services``.
    """

    Status = JobStatus

    status = models.CharField(
        _("status"), max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED
    )
    total = models.PositiveIntegerField(_("items to process"), default=0)
    done = models.PositiveIntegerField(_("items processed"), default=0)
    error = models.TextField(_("error"), blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    # The lease: touched when a run claims the job and at each progress step.
    # A *running* job whose heartbeat is older than JOB_LEASE_SECONDS lost its
    # worker; the sweep (core.services.jobs_recover) starts it again.
    heartbeat_at = models.DateTimeField(_("last sign of life"), null=True, blank=True)
    restarts = models.PositiveSmallIntegerField(_("restarts"), default=0)

    #: Dotted path of the Celery task that runs a job of this kind (taking the
    #: job's id), for the sweep to queue again; "" for jobs it must not touch.
    run_task = ""

    class Meta:
        abstract = True

    @property
    def percent(self) -> int:
        return progress_percent(status=self.status, done=self.done, total=self.total)

    @property
    def is_finished(self) -> bool:
        return self.status in FINISHED_STATUSES


class DeferredTask(models.Model):
    """A Celery message that could not be published because the broker was away.

    ``core.outbox.task_enqueue`` writes it; ``deferred_tasks_flush`` publishes it
    (beat, every minute, and whenever a worker connects) under the same task id,
    so a message published twice is recognisably the same one.
    """

    task = models.CharField(_("task"), max_length=200)
    task_id = models.CharField(_("task id"), max_length=64, unique=True)
    args = models.JSONField(_("positional arguments"), default=list)
    kwargs = models.JSONField(_("keyword arguments"), default=dict)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    attempts = models.PositiveIntegerField(_("publish attempts"), default=1)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        verbose_name = _("deferred task")
        verbose_name_plural = _("deferred tasks")
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.task} {self.task_id}"


class TaskReceipt(models.Model):
    """Proof that a task with an effect outside the database (an e-mail) ran.

    A redelivered or re-published message carries the same task id, finds its
    receipt and does nothing; see ``core.outbox.task_once``.
    """

    task_id = models.CharField(_("task id"), max_length=64, unique=True)
    task = models.CharField(_("task"), max_length=200)
    done_at = models.DateTimeField(_("done at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("task receipt")
        verbose_name_plural = _("task receipts")

    def __str__(self) -> str:
        return f"{self.task} {self.task_id}"


# The department's identity, a Wagtail site setting kept in its own module.
from .identity import SiteIdentity  # noqa: E402, F401
