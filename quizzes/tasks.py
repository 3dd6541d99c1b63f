"""Celery tasks: thin wrappers around ``quizzes.services`` (ids in, idempotent)."""

from celery import shared_task

from core.locks import job_run_once
from core.outbox import task_once

from .models import QuestionImportJob
from .services.essays import essay_email_send
from .services.imports import question_import_job_run


@shared_task(bind=True, acks_late=True)
def email_essay_grade(self, answer_id: int) -> bool:
    """E-mail the learner the mark and comment of a graded essay (once)."""
    with task_once(request=self.request) as first:
        return first and essay_email_send(answer_id=answer_id)


@shared_task(acks_late=True)
def import_questions_job(job_id: int) -> str:
    """Run a queued question bank import (redelivered: it resumes, see core.locks)."""
    result = job_run_once(
        job_model=QuestionImportJob,
        job_id=job_id,
        run=lambda resume: question_import_job_run(job_id=job_id, resume=resume),
    )
    return result or "running elsewhere"
