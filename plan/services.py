"""State changes of the plan app: generating reports, exports, reminders; the
headcount's cache generation (``headcount_cache``).

Views, admin buttons, commands and Celery tasks only call these functions.
"""

from __future__ import annotations

import logging
import secrets
import tempfile

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile, File
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.template.loader import render_to_string
from django.utils import timezone, translation

from accounts.roles import Role
from accounts.selectors import UnitScope, assigned_units
from core.outbox import task_enqueue
from core.services import job_advance, job_fail, job_finish, job_start
from courses.models import Attendance, ClassSession, Enrollment

from . import report_docx, report_pdf, report_xlsx
from .exports import people_rows_for_job, write_people_xlsx
from .headcount_cache import generation_bump  # noqa: F401  (this module's interface)
from .models import AnnualReport, AnnualReportVersion, Plan, ReportJob
from .models.reports import JobKind
from .report_data import annual_report_data

logger = logging.getLogger(__name__)

PROGRESS_EVERY = 1000


def _slug(report: AnnualReport) -> str:
    return f"bao-cao-{report.kind}-{report.year}"


def annual_report_render(*, report: AnnualReport, user=None) -> AnnualReportVersion:
    """Compute the data, render PDF, XLSX and DOCX, keep them as a new version."""
    with translation.override("vi"):
        data = annual_report_data(report=report)
        pdf = report_pdf.render(data)
        xlsx = report_xlsx.render(data)
        docx = report_docx.render(data)
    version = AnnualReportVersion(report=report, generated_by=user, data_snapshot=data)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    # A random part: the stored names cannot be guessed (see _export_run).
    name = f"{_slug(report)}-{stamp}-{secrets.token_urlsafe(12)}"
    version.pdf.save(f"{name}.pdf", ContentFile(pdf), save=False)
    version.xlsx.save(f"{name}.xlsx", ContentFile(xlsx), save=False)
    version.docx.save(f"{name}.docx", ContentFile(docx), save=False)
    version.save()
    return version


def annual_report_generate(*, report: AnnualReport, user) -> ReportJob:
    """Queue the generation of ``report`` (a Celery job with a status URL)."""
    from .tasks import report_job_run

    job = ReportJob.objects.create(
        kind=JobKind.ANNUAL_REPORT, report=report, requested_by=user, total=1
    )
    transaction.on_commit(lambda: task_enqueue(report_job_run, job.pk))
    return job


def export_job_create(*, user, params: dict, total: int) -> ReportJob:
    """Queue a large spreadsheet export of people (see ``people_export``)."""
    from .tasks import report_job_run

    job = ReportJob.objects.create(
        kind=JobKind.EXPORT, params=params, requested_by=user, total=total
    )
    transaction.on_commit(lambda: task_enqueue(report_job_run, job.pk))
    return job


def report_job_run(*, job_id: int, resume: bool = False) -> ReportJob:
    """Run a queued job once (a retried task finds it done and does nothing);
    ``resume`` runs again the job of a run that died (see ``core.locks``)."""
    claimed = job_start(job_model=ReportJob, job_id=job_id, resume=resume)
    job = ReportJob.objects.get(pk=job_id)
    if not claimed:
        return job
    try:
        if job.kind == JobKind.ANNUAL_REPORT:
            job.version = annual_report_render(report=job.report, user=job.requested_by)
            job.done = 1
        else:
            _export_run(job)
        job_finish(job=job, fields=["version", "file"])
    except Exception as exc:  # noqa: BLE001 - the job records any failure
        logger.exception("plan job %s failed", job_id)
        job_fail(job=job, error=exc)
    return job


def _export_run(job: ReportJob) -> None:
    def progress(done: int) -> None:
        job_advance(job=job, done=done)

    rows, scope_label = people_rows_for_job(job)
    with tempfile.TemporaryFile() as handle:
        job.done = write_people_xlsx(
            rows,
            handle,
            filters=job.params.get("filters_shown", []),
            progress=progress,
        )
        handle.seek(0)
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
        # Personal data: the random part keeps the stored name unguessable
        # even if the storage were ever served directly; the file is handed
        # out only by the permission-checked ``plan_admin:job_download``.
        name = f"hoc-vien-{scope_label}-{stamp}-{secrets.token_urlsafe(12)}.xlsx"
        job.file.save(name, File(handle), save=False)


# --- Reminders ----------------------------------------------------------------


def _role_users(role: Role):
    return (
        get_user_model()
        .objects.filter(groups__name=role.value, is_active=True)
        .select_related("profile")
    )


def annual_report_reminders_send(*, today=None) -> int:
    """E-mail plan managers when this year's report of the current plan is missing.

    Returns the number of e-mails sent (0 when the report exists).
    """
    today = today or timezone.localdate()
    plan = Plan.objects.filter(is_current=True).first()
    if plan is None or not (plan.period_start <= today.year <= plan.period_end):
        return 0
    generated = AnnualReportVersion.objects.filter(
        report__plan=plan, report__year=today.year
    ).exists()
    if generated:
        return 0
    sent = 0
    with translation.override("vi"):
        for user in _role_users(Role.PLAN_MANAGER):
            body = render_to_string(
                "plan/emails/annual_report_reminder.txt",
                {
                    "plan": plan,
                    "year": today.year,
                    "user": user,
                    "site_url": settings.SITE_URL,
                },
            )
            subject = f"Nhắc việc: báo cáo Kế hoạch {plan.number} năm {today.year}"
            send_mail(subject, body, None, [user.email])
            sent += 1
    return sent


def missing_attendance(*, now=None):
    """Enrolments in classes with ended sessions that have no attendance record.

    One query: rows (unit, class, user) with at least one ended session lacking
    an attendance row for that person.
    """
    now = now or timezone.now()
    missing_session = ClassSession.objects.filter(
        training_class=OuterRef("training_class"), ends_at__lt=now
    ).exclude(
        Exists(
            Attendance.objects.filter(
                session=OuterRef("pk"), user=OuterRef(OuterRef("user"))
            )
        )
    )
    return (
        Enrollment.objects.filter(
            status__in=("active", "completed"),
            training_class__isnull=False,
            unit__isnull=False,
        )
        .filter(Exists(missing_session))
        .values(
            "unit",
            "training_class__title",
            "user__email",
            "user__profile__full_name",
        )
        .order_by("unit", "training_class__title", "user__profile__full_name")
    )


def attendance_reminders_send(*, now=None) -> int:
    """E-mail each unit's focal points the list of their people missing attendance."""
    by_unit: dict[int, list[dict]] = {}
    for row in missing_attendance(now=now):
        by_unit.setdefault(row["unit"], []).append(row)
    if not by_unit:
        return 0
    sent = 0
    # Whom to tell comes from the administrators' unit assignments (the unit
    # and its sub-units), never from the unit on the focal point's profile.
    focal_points = (
        _role_users(Role.UNIT_FOCAL_POINT)
        .filter(unit_assignments__isnull=False)
        .distinct()
    )
    with translation.override("vi"):
        for user in focal_points:
            scope = UnitScope(assigned_units(user=user))
            rows = [
                row
                for unit_id, unit_rows in by_unit.items()
                if unit_id in scope
                for row in unit_rows
            ]
            if not rows:
                continue
            body = render_to_string(
                "plan/emails/attendance_reminder.txt",
                {
                    "rows": rows,
                    "unit": scope,
                    "user": user,
                    "site_url": settings.SITE_URL,
                },
            )
            send_mail(
                f"Nhắc việc: {len(rows)} học viên chưa được điểm danh",
                body,
                None,
                [user.email],
            )
            sent += 1
    return sent


#: django-celery-beat task name → the Celery task it runs (at 08:00 on the
#: ``PLAN_REMINDER_DATE`` of every year).
REMINDER_TASKS = {
    "plan: annual report reminder": "plan.tasks.annual_report_reminders",
    "plan: missing attendance reminder": "plan.tasks.attendance_reminders",
}


def periodic_tasks_ensure(*, using: str = "default") -> list[str]:
    """Create or correct the reminders' django-celery-beat schedules (idempotent).

    Runs after every ``migrate`` (``PlanConfig.ready``) and from the demo loader.
    The time follows ``PLAN_REMINDER_DATE``; a schedule that is already right is
    not saved again, and a task an administrator disabled stays disabled.
    """
    from django_celery_beat.models import CrontabSchedule, PeriodicTask

    month, day = settings.PLAN_REMINDER_DATE
    cron = {
        "minute": "0",
        "hour": "8",
        "day_of_week": "*",
        "day_of_month": str(day),
        "month_of_year": str(month),
        "timezone": settings.TIME_ZONE,
    }
    crontabs = CrontabSchedule.objects.db_manager(using)
    crontab = crontabs.filter(**cron).order_by("pk").first() or crontabs.create(**cron)
    lines = []
    for name, task in REMINDER_TASKS.items():
        periodic = PeriodicTask.objects.db_manager(using).filter(name=name).first()
        if periodic is None:
            PeriodicTask.objects.db_manager(using).create(
                name=name, task=task, crontab=crontab, enabled=True
            )
            state = "created"
        elif periodic.task != task or periodic.crontab_id != crontab.pk:
            periodic.task, periodic.crontab = task, crontab
            periodic.interval = periodic.solar = periodic.clocked = None
            periodic.save(using=using)
            state = "updated"
        else:
            state = "kept"
        lines.append(f"periodic task {state}: {name}")
    return lines
