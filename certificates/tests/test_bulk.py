"""Bulk issue taken over from a run that died (its worker was killed)."""

from django.core import mail

from certificates import bulk, services
from certificates.models import BulkIssueJob, Certificate
from core.models import JobStatus

from . import factories


def _dead_run(enrollments, *, emailed: int) -> None:
    """What a killed run left: these certificates issued, the first ``emailed``
    of them e-mailed, the last one's e-mail message never published."""
    for index, enrollment in enumerate(enrollments):
        certificate = services.certificate_issue(enrollment=enrollment, enqueue=False)
        services.certificate_render(certificate_id=certificate.pk, notify=False)
        if index < emailed:
            services.certificate_email_send(certificate_id=certificate.pk)


def _running_job(training_class, editor, total) -> BulkIssueJob:
    return BulkIssueJob.objects.create(
        training_class=training_class,
        created_by=editor,
        total=total,
        status=JobStatus.RUNNING,
    )


def test_a_resumed_job_sends_the_email_its_dead_run_committed_but_never_queued(
    course, training_class, editor, django_capture_on_commit_callbacks
):
    enrollments = factories.completed_learners(course, 4, training_class=training_class)
    job = _running_job(training_class, editor, 4)
    _dead_run(enrollments[:2], emailed=1)
    assert len(mail.outbox) == 1

    with django_capture_on_commit_callbacks(execute=True):
        bulk.bulk_issue_run(job_id=job.pk, resume=True)

    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.issued == 4 and job.done == 4
    recipients = sorted(message.to[0] for message in mail.outbox)
    assert recipients == sorted(e.user.email for e in enrollments)  # each once
    assert not Certificate.objects.filter(emailed_at__isnull=True).exists()


def test_a_resumed_job_sends_no_second_email_when_the_last_one_had_left(
    course, training_class, editor, django_capture_on_commit_callbacks
):
    enrollments = factories.completed_learners(course, 3, training_class=training_class)
    job = _running_job(training_class, editor, 3)
    _dead_run(enrollments[:2], emailed=2)

    with django_capture_on_commit_callbacks(execute=True):
        bulk.bulk_issue_run(job_id=job.pk, resume=True)

    recipients = sorted(message.to[0] for message in mail.outbox)
    assert recipients == sorted(e.user.email for e in enrollments)
