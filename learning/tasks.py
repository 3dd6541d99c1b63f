"""Celery tasks: thin wrappers around ``learning.services`` (idempotent)."""

from celery import shared_task

from .services import attempts_close_expired


# The name predates this app: periodic-task rows stored by django-celery-beat
# refer to it.
@shared_task(name="quizzes.close_expired_attempts")
def close_expired_attempts() -> int:
    """Grade attempts whose time ran out and attempts without a deadline left
    untouched for QUIZ_ABANDON_AFTER_HOURS, with what their grades change
    (scheduled every minute, see settings)."""
    return attempts_close_expired()
