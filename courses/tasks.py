"""Celery tasks: thin, take ids, safe to run twice.

E-mails cannot be taken back, so the e-mail tasks run inside ``task_once``: a
message delivered twice (re-published by the outbox, or redelivered after its
worker died) sends once.
"""

from celery import shared_task

from core.locks import job_run_once
from core.outbox import task_once

from . import imports, notifications
from .models import LearnerImport


@shared_task(bind=True, acks_late=True)
def enrollment_notify(self, enrollment_id: int, event: str) -> bool:
    """E-mail the learner about a change of their enrolment."""
    with task_once(request=self.request) as first:
        return first and notifications.enrollment_email_send(
            enrollment_id=enrollment_id, event=event
        )


@shared_task(bind=True, acks_late=True)
def invitation_send(self, user_id: int, course_id: int | None = None) -> bool:
    """E-mail an imported learner the link to choose their password."""
    with task_once(request=self.request) as first:
        return first and imports.invitation_send(user_id=user_id, course_id=course_id)


@shared_task(acks_late=True)
def learner_import_run(import_id: int) -> str:
    """Run a confirmed learner import (does nothing if it already ran).

    Redelivered after its worker died, the import runs again (see core.locks).
    """
    status = job_run_once(
        job_model=LearnerImport,
        job_id=import_id,
        run=lambda resume: imports.learner_import_execute(
            import_id=import_id, resume=resume
        ),
    )
    return status if status is not None else "running elsewhere"
