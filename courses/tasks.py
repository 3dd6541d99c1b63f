"""Celery tasks: thin, take ids, safe to run twice."""

from celery import shared_task


@shared_task
def enrollment_notify(enrollment_id: int, event: str) -> bool:
    """E-mail the learner about a change of their enrolment."""
    from .notifications import enrollment_email_send

    return enrollment_email_send(enrollment_id=enrollment_id, event=event)


@shared_task
def learner_import_run(import_id: int) -> str:
    """Run a confirmed learner import (does nothing if it already ran)."""
    from .imports import learner_import_execute

    return learner_import_execute(import_id=import_id)
