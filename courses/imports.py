"""State changes of bulk enrolment: store a checked file, confirm it, run it.

The import runs in ONE transaction: either every valid row is imported (accounts,
profiles, enrolments) or nothing is. New accounts get an e-mail with a link to
choose their password (allauth's password-reset key).
"""

from __future__ import annotations

from allauth.account.forms import default_token_generator
from allauth.account.models import EmailAddress
from allauth.account.utils import user_pk_to_url_str
from django.conf import settings
from django.core.cache import cache
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from accounts.models import LearnerProfile, User
from accounts.services import profile_update
from core.outbox import task_enqueue
from core.selectors import job_progress
from core.services import job_fail, job_finish, job_start
from directory.models import AudienceGroup, Commune, Unit

from . import services
from .importing import EXISTING, NEW, SYNC_LIMIT, ParseResult, RowResult
from .models import CoursePage, LearnerImport

Status = LearnerImport.Status


def learner_import_create(
    *,
    result: ParseResult,
    filename: str,
    created_by=None,
    course=None,
    training_class=None,
) -> LearnerImport:
    """Keep a checked file for its preview (rows with their results)."""
    return LearnerImport.objects.create(
        created_by=created_by,
        filename=filename[:255],
        course=course,
        training_class=training_class,
        rows=[row.as_dict() for row in result.rows],
        total=len(result.valid_rows),
        report=list(result.file_errors),
    )


def learner_import_confirm(*, learner_import: LearnerImport) -> LearnerImport:
    """Start the import: at once for small files, as a Celery task for large ones."""
    from .tasks import learner_import_run

    updated = LearnerImport.objects.filter(
        pk=learner_import.pk, status=Status.PREVIEW
    ).update(status=Status.QUEUED)
    learner_import.refresh_from_db()
    if not updated:
        return learner_import  # already confirmed (double click)
    if learner_import.total > SYNC_LIMIT:
        transaction.on_commit(
            lambda: task_enqueue(learner_import_run, learner_import.pk)
        )
    else:
        learner_import_execute(import_id=learner_import.pk)
        learner_import.refresh_from_db()
    return learner_import


def _progress_key(import_id: int) -> str:
    return f"courses:learner-import:{import_id}:done"


def _progress(import_id: int, done: int) -> None:
    # The rows are written in one transaction, invisible to other connections
    # until the end; the running count goes to the cache, which is not.
    cache.set(_progress_key(import_id), done, timeout=3600)


def learner_import_progress(*, learner_import: LearnerImport) -> dict:
    """What the status endpoint returns (``core.selectors.job_progress``)."""
    done = learner_import.done
    if learner_import.status in (Status.QUEUED, Status.RUNNING):
        done = max(done, cache.get(_progress_key(learner_import.pk), 0))
    return job_progress(job=learner_import, done=done)


def learner_import_execute(*, import_id: int, resume: bool = False) -> str:
    """Import the valid rows of a confirmed import (idempotent: runs once).

    ``resume`` runs again an import whose run died (see ``core.locks``): its
    transaction was rolled back, so nothing of it is there twice.
    """
    claimed = job_start(job_model=LearnerImport, job_id=import_id, resume=resume)
    learner_import = LearnerImport.objects.get(pk=import_id)
    if not claimed:
        return learner_import.status
    rows = [RowResult(**data) for data in learner_import.rows]
    valid = [row for row in rows if row.ok]
    invitations = []
    report = []
    try:
        with transaction.atomic():
            for number, row in enumerate(valid, start=1):
                user, created, note = _row_import(row, learner_import)
                report.append({"line": row.line, "email": row.email, "note": note})
                if created:
                    invitations.append(user.pk)
                if number % 20 == 0:
                    _progress(import_id, number)
            learner_import.done, learner_import.report = len(valid), report
            job_finish(job=learner_import, fields=["report"])
            course = learner_import.course
            transaction.on_commit(
                lambda: invitations_enqueue(user_ids=invitations, course=course)
            )
    except Exception as error:  # noqa: BLE001 - everything is rolled back; say why
        job_fail(job=learner_import, error=error)
        return Status.FAILED
    return Status.DONE


def _row_import(
    row: RowResult, learner_import: LearnerImport
) -> tuple[User, bool, str]:
    user = User.objects.filter(email=row.email).first()
    created = user is None
    unit = Unit.objects.get(pk=row.unit_id)
    if created:
        user = User.objects.create_user(email=row.email, password=None)
        EmailAddress.objects.create(
            user=user, email=row.email, verified=True, primary=True
        )
    profile = LearnerProfile.objects.filter(user=user).first()
    if created or profile is None or not profile.is_complete:
        profile_update(
            user=user,
            full_name=row.full_name,
            audience_group=AudienceGroup.objects.get(pk=row.audience_group_id),
            organisation=(
                profile.organisation if profile and profile.organisation else unit.name
            ),
            unit=unit,
            commune=Commune.objects.filter(pk=row.commune_id).first()
            if row.commune_id
            else None,
            position=row.position,
        )
    note = NEW if created else EXISTING
    if learner_import.course is not None:
        enrollment = services.enrollment_create(
            user=user,
            course=learner_import.course,
            training_class=learner_import.training_class,
            invited_by=learner_import.created_by,
            staff=True,
        )
        note = f"{note}:{enrollment.status}"
        if getattr(enrollment, "trained_before", None) is not None:
            note += ":repeat"  # completed the course before: a repeat training
    return user, created, note


def password_set_url(user: User) -> str:
    key = default_token_generator.make_token(user)
    path = reverse(
        "account_reset_password_from_key",
        kwargs={"uidb36": user_pk_to_url_str(user), "key": key},
    )
    return settings.SITE_URL + path


def invitations_enqueue(*, user_ids: list[int], course=None) -> None:
    """Queue one invitation e-mail per new learner.

    One message each, rather than one task sending them all: a worker killed
    halfway through loses none of them and sends none twice.
    """
    from .tasks import invitation_send

    course_id = course.pk if course is not None else None
    for user_id in user_ids:
        task_enqueue(invitation_send, user_id, course_id)


def invitation_send(*, user_id: int, course_id: int | None = None) -> bool:
    """E-mail a new learner the link to choose their password."""
    user = User.objects.filter(pk=user_id).select_related("profile").first()
    if user is None:
        return False
    course = CoursePage.objects.filter(pk=course_id).first() if course_id else None
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "full_name": user.profile.full_name,
            "email": user.email,
            "course": course,
            "password_url": password_set_url(user),
        }
        subject = render_to_string("courses/email/invitation_subject.txt", context)
        body = render_to_string("courses/email/invitation_message.txt", context)
    send_mail(
        settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + " ".join(subject.split()),
        body,
        None,
        [user.email],
    )
    return True
