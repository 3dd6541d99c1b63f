"""Enrolment, training classes, attendance and progress.

The page tree (catalogue → course → module → lesson) and the IP-area snippet are
in ``courses.pages``; they are imported here so Django finds every model of the app.
State changes go through ``courses.services``; reads through ``courses.selectors``.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable
from wagtail.search import index

from core.models import BackgroundJob, JobStatus

from .pages import (  # noqa: F401  (re-exported models)
    LEVEL_RANK,
    CourseIndexPage,
    CoursePage,
    EnrolmentMode,
    IPArea,
    LessonPage,
    Level,
    ModulePage,
)


class TrainingClass(index.Indexed, ClusterableModel):
    """A class (lớp tập huấn): one offering of a course with dates, place and sessions.

    Learners enrol in a class through an Enrollment that names it; attendance per
    session feeds the course's completion rule.
    """

    course = models.ForeignKey(
        "courses.CoursePage",
        verbose_name=_("course"),
        on_delete=models.PROTECT,
        related_name="training_classes",
    )
    title = models.CharField(_("title"), max_length=255)
    code = models.SlugField(_("code"), max_length=80, unique=True)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    place = models.CharField(_("place"), max_length=255, blank=True)
    online_url = models.URLField(_("online meeting link"), blank=True)
    trainer = models.CharField(_("trainer"), max_length=255, blank=True)
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, help_text=_("Leave empty for no limit.")
    )
    min_attendance_percent = models.PositiveSmallIntegerField(
        _("minimum attendance (%)"),
        default=80,
        help_text=_("Share of sessions a learner must attend to complete the class."),
    )
    plan_tasks = ParentalManyToManyField(
        "plan.PlanTask",
        verbose_name=_("plan tasks"),
        blank=True,
        related_name="training_classes",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    panels = [
        FieldPanel("course"),
        FieldPanel("title"),
        FieldPanel("code"),
        FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")]),
        MultiFieldPanel(
            [FieldPanel("place"), FieldPanel("online_url"), FieldPanel("trainer")],
            heading=_("Where and who"),
        ),
        FieldRowPanel([FieldPanel("capacity"), FieldPanel("min_attendance_percent")]),
        FieldPanel("plan_tasks"),
        InlinePanel("sessions", label=_("Sessions"), heading=_("Sessions")),
    ]
    search_fields = [
        index.SearchField("title"),
        index.SearchField("code"),
        index.AutocompleteField("title"),
    ]

    class Meta:
        verbose_name = _("training class")
        verbose_name_plural = _("training classes")
        ordering = ["-start_date", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")),
                name="courses_class_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(min_attendance_percent__lte=100),
                name="courses_class_attendance_percent_max_100",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_online(self) -> bool:
        return bool(self.online_url) and not self.place


class ClassSession(Orderable):
    """One meeting of a class; attendance is recorded per session."""

    training_class = ParentalKey(
        TrainingClass,
        verbose_name=_("training class"),
        on_delete=models.CASCADE,
        related_name="sessions",
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    topic = models.CharField(_("topic"), max_length=255, blank=True)

    panels = [FieldPanel("starts_at"), FieldPanel("ends_at"), FieldPanel("topic")]

    class Meta(Orderable.Meta):
        verbose_name = _("class session")
        verbose_name_plural = _("class sessions")
        ordering = ["starts_at"]

    def __str__(self) -> str:
        when = timezone.localtime(self.starts_at)
        return f"{self.training_class} · {when:%d/%m/%Y %H:%M}"


class Attendance(models.Model):
    """Whether a learner was present at a session (one row per person and session)."""

    session = models.ForeignKey(
        ClassSession,
        verbose_name=_("session"),
        on_delete=models.CASCADE,
        related_name="attendances",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("learner"),
        on_delete=models.CASCADE,
        related_name="attendances",
    )
    present = models.BooleanField(_("present"), default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now=True)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "user"], name="courses_attendance_once_per_session"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.session} · {self.present}"


class EnrollmentStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting approval")
    WAITLISTED = "waitlisted", _("On the waiting list")
    ACTIVE = "active", _("Enrolled")
    COMPLETED = "completed", _("Completed")
    REJECTED = "rejected", _("Rejected")
    CANCELLED = "cancelled", _("Cancelled")


#: Statuses in which an enrolment is still "live": at most one per person and course.
LIVE_STATUSES = (
    EnrollmentStatus.PENDING,
    EnrollmentStatus.WAITLISTED,
    EnrollmentStatus.ACTIVE,
    EnrollmentStatus.COMPLETED,
)
#: Live statuses not finished yet: at most one per person and course.
OPEN_STATUSES = (
    EnrollmentStatus.PENDING,
    EnrollmentStatus.WAITLISTED,
    EnrollmentStatus.ACTIVE,
)
#: Statuses that hold a seat when a course or class has a capacity.
SEAT_STATUSES = (EnrollmentStatus.ACTIVE, EnrollmentStatus.COMPLETED)


class Enrollment(models.Model):
    """A person's enrolment in a course, optionally through a training class.

    ``audience_group``, ``unit`` and ``commune`` are copied from the profile when
    the enrolment is created, so the plan's reports count people by what they were
    at the time, even if they later change job or place.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("learner"),
        on_delete=models.CASCADE,
        related_name="enrollments",
    )
    course = models.ForeignKey(
        "courses.CoursePage",
        verbose_name=_("course"),
        on_delete=models.PROTECT,
        related_name="enrollments",
    )
    training_class = models.ForeignKey(
        TrainingClass,
        verbose_name=_("training class"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="enrollments",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=EnrollmentStatus.choices, db_index=True
    )
    audience_group = models.ForeignKey(
        "directory.AudienceGroup",
        verbose_name=_("audience group at enrolment"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    unit = models.ForeignKey(
        "directory.Unit",
        verbose_name=_("unit at enrolment"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    commune = models.ForeignKey(
        "directory.Commune",
        verbose_name=_("commune at enrolment"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    enrolled_at = models.DateTimeField(_("enrolled at"), default=timezone.now)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    # Derived (courses.trained): the first issue of the enrolment's valid
    # certificate chain, as the certificates app hands it down.
    certified_on = models.DateField(
        _("certified on"), null=True, blank=True, editable=False
    )
    # Derived (courses.trained): the date the plan's headcount counts this
    # enrolment as trained, kept by the services so reports read one column.
    trained_on = models.DateField(
        _("counts as trained on"), null=True, blank=True, editable=False
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        ordering = ["-enrolled_at"]
        permissions = [
            ("read_all_lessons", _("Can read every lesson without enrolling")),
            ("view_progress", _("Can see learners' enrolments and progress")),
        ]
        constraints = [
            # One open enrolment per course; completed ones may repeat, each
            # in another class (repeat training, counted once per year).
            models.UniqueConstraint(
                fields=["user", "course"],
                condition=Q(status__in=[str(status) for status in OPEN_STATUSES]),
                name="courses_enrollment_one_open_per_course",
            ),
            models.UniqueConstraint(
                fields=["user", "training_class"],
                condition=Q(
                    status__in=[str(status) for status in LIVE_STATUSES],
                    training_class__isnull=False,
                ),
                name="courses_enrollment_once_per_class",
            ),
        ]
        indexes = [
            models.Index(fields=["course", "status"], name="courses_enr_course_status"),
            models.Index(
                fields=["training_class", "status"], name="courses_enr_class_status"
            ),
            models.Index(fields=["completed_at"], name="courses_enr_completed_at"),
            models.Index(fields=["enrolled_at"], name="courses_enr_enrolled_at"),
            models.Index(fields=["unit", "status"], name="courses_enr_unit_status"),
            models.Index(
                fields=["trained_on"],
                name="courses_enr_trained_on",
                condition=Q(trained_on__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.course_id} · {self.get_status_display()}"

    @property
    def is_live(self) -> bool:
        return self.status in LIVE_STATUSES

    @property
    def progress_percent(self) -> int | None:
        """Set by ``selectors.enrollments_with_progress`` (None when not annotated)."""
        done = getattr(self, "lessons_done", None)
        total = getattr(self, "lessons_total", None)
        if done is None or total is None:
            return None
        return round(100 * done / total) if total else 0


class LessonProgress(models.Model):
    """A lesson a learner has finished (marked as done, or passed its quiz)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("learner"),
        on_delete=models.CASCADE,
        related_name="lesson_progress",
    )
    lesson = models.ForeignKey(
        "courses.LessonPage",
        verbose_name=_("lesson"),
        on_delete=models.CASCADE,
        related_name="progress",
    )
    completed_at = models.DateTimeField(_("completed at"), default=timezone.now)

    class Meta:
        verbose_name = _("lesson progress")
        verbose_name_plural = _("lesson progress")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "lesson"], name="courses_progress_once_per_lesson"
            )
        ]
        indexes = [
            models.Index(fields=["completed_at"], name="courses_prog_completed_at")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.lesson_id}"


class LearnerImport(BackgroundJob):
    """One upload of a learner list: its parsed rows, the preview and the outcome.

    The rows are parsed and checked when the file is uploaded (the preview); the
    confirmed import then runs in one transaction, in a Celery task for large
    files, counting the imported rows in ``done`` for the progress bar.
    """

    run_task = "courses.tasks.learner_import_run"

    class Status(models.TextChoices):
        # A job's statuses (core.models.JobStatus) after its own first one.
        PREVIEW = "preview", _("Previewed")
        QUEUED = JobStatus.QUEUED.value, JobStatus.QUEUED.label
        RUNNING = JobStatus.RUNNING.value, JobStatus.RUNNING.label
        DONE = JobStatus.DONE.value, JobStatus.DONE.label
        FAILED = JobStatus.FAILED.value, JobStatus.FAILED.label

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    filename = models.CharField(_("file name"), max_length=255)
    course = models.ForeignKey(
        "courses.CoursePage",
        verbose_name=_("course"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    training_class = models.ForeignKey(
        TrainingClass,
        verbose_name=_("training class"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    rows = models.JSONField(_("rows"), default=list)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PREVIEW
    )
    report = models.JSONField(_("report"), default=list)

    class Meta:
        verbose_name = _("learner import")
        verbose_name_plural = _("learner imports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.filename} ({self.get_status_display()})"
