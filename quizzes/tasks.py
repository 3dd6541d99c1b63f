"""Celery tasks: thin wrappers around ``quizzes.services`` (ids in, idempotent)."""

from celery import shared_task


@shared_task(name="quizzes.close_expired_attempts")
def close_expired_attempts() -> int:
    """Grade attempts whose time ran out and attempts without a deadline left
    untouched for QUIZ_ABANDON_AFTER_HOURS (scheduled every minute, see settings)."""
    from .services import attempts_close_expired

    return attempts_close_expired()


@shared_task(name="quizzes.finish_attempt")
def finish_attempt(attempt_id: int) -> bool:
    from .models import Attempt
    from .services import attempt_finish

    attempt = Attempt.objects.filter(pk=attempt_id).first()
    return attempt is not None and attempt_finish(attempt=attempt)


@shared_task(bind=True, acks_late=True)
def email_essay_grade(self, answer_id: int) -> bool:
    """E-mail the learner the mark and comment of a graded essay (once)."""
    from core.outbox import task_once

    from .services.essays import essay_email_send

    with task_once(request=self.request) as first:
        return first and essay_email_send(answer_id=answer_id)


@shared_task(acks_late=True)
def import_questions_job(job_id: int) -> str:
    """Run a queued question bank import (redelivered: it resumes, see core.locks)."""
    from core.locks import job_run_once

    from .models import QuestionImportJob
    from .services.imports import question_import_job_run

    result = job_run_once(
        job_model=QuestionImportJob,
        job_id=job_id,
        run=lambda resume: question_import_job_run(job_id=job_id, resume=resume),
    )
    return result or "running elsewhere"
