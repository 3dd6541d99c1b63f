"""A Celery worker killed in the middle of a job: the job is redone, once.

Each test starts a real ``celery worker --pool prefork --concurrency 1`` on its
own redis-server and the test database, queues a job that takes seconds (a bulk
issue of a class's certificates, a large XLSX export), waits until it is well
under way and kills it with SIGKILL: first only the pool process running the
task (``acks_late`` + ``reject_on_worker_lost`` put the message back at once),
then the whole worker, main process included, after which a new worker takes
the unacknowledged message back when the visibility timeout has passed — or,
with the visibility timeout at an hour, when the job's lease has run out and
the sweep (``core.jobs_recover``, run by beat) has queued it again.

The redelivered task finds the job *running* with nobody holding its run lock
(``core.locks``), takes it over and finishes it, queuing again the e-mail of
the dead run's last certificate if it was never sent (the kill may have fallen
between that certificate's commit and the publishing of its message).
What was lost: nothing, and nothing exists twice: one certificate per
enrolment, gap-free serials, one rendering each, one e-mail each, one export
file. The only trace a kill can leave is one unreferenced PDF, if it lands
between writing a PDF and committing its row; the tests say so when it happens.
"""

import datetime
import time
import zipfile

import pytest
from django.contrib.auth import get_user_model
from django.core.files.storage import default_storage

from certificates import bulk
from certificates.models import (
    BulkIssueJob,
    Certificate,
    CertificateEvent,
    CertificateStatus,
)
from certificates.tests import factories as certificate_factories
from core.models import JobStatus
from courses.models import Enrollment, EnrollmentStatus
from plan.models import ReportJob
from plan.services import export_job_create

from .redis import celery_on, sent_emails, wait_for

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.redis_server,
    pytest.mark.django_db(transaction=True),
]

LEARNERS = 60  # several seconds of rendering on two busy cores


def _people(count: int, prefix: str) -> list:
    """``count`` learners with complete profiles, in a few bulk inserts."""
    from accounts.models import LearnerProfile
    from tests.factories import LearnerProfileFactory

    template = LearnerProfileFactory()  # one group, unit and commune for all
    users = get_user_model().objects.bulk_create(
        get_user_model()(email=f"{prefix}{n}@example.vn", password="!")
        for n in range(count)
    )
    LearnerProfile.objects.bulk_create(
        LearnerProfile(
            user=user,
            full_name=f"Học viên Số {n + 1}",
            audience_group_id=template.audience_group_id,
            organisation=template.organisation,
            unit_id=template.unit_id,
            commune_id=template.commune_id,
            position=template.position,
        )
        for n, user in enumerate(users)
    )
    return users


@pytest.fixture
def training_class(home_page):
    """A class of LEARNERS people who completed the course."""
    from django.utils import timezone

    course = certificate_factories.course_page(home_page)
    klass = certificate_factories.training_class(course)
    Enrollment.objects.bulk_create(
        Enrollment(
            user=user,
            course=course,
            training_class=klass,
            status=EnrollmentStatus.COMPLETED,
            completed_at=timezone.now(),
        )
        for user in _people(LEARNERS, "hoc.vien")
    )
    return klass


def _issued() -> int:
    return Certificate.objects.filter(status=CertificateStatus.ISSUED).count()


def _unsent(certificates, mail) -> str:
    sent = {m["To"] for m in sent_emails(mail)}
    unsent = [(c.pk, c.serial) for c in certificates if c.user.email not in sent]
    return f"{len(sent)} of {LEARNERS} e-mails sent; none for {unsent}"


def _assert_each_certificate_once(training_class, job, mail) -> None:
    """One certificate per enrolment, serials 1…N, one rendering and one
    e-mail each, a ZIP with every PDF."""
    job.refresh_from_db()
    assert job.status == JobStatus.DONE, job.error
    assert job.done == LEARNERS and job.issued == LEARNERS
    certificates = list(Certificate.objects.filter(training_class=training_class))
    assert len(certificates) == LEARNERS
    assert all(c.status == CertificateStatus.ISSUED and c.pdf for c in certificates)
    enrollments = {c.enrollment_id for c in certificates}
    assert len(enrollments) == LEARNERS  # one per enrolment
    numbers = sorted(c.serial_number for c in certificates)
    assert numbers == list(range(1, LEARNERS + 1))  # no duplicate, no gap
    rendered = CertificateEvent.objects.filter(action="rendered").count()
    assert rendered == LEARNERS
    with default_storage.open(job.archive.name, "rb") as handle:
        assert len(zipfile.ZipFile(handle).namelist()) == LEARNERS
    # Every holder gets exactly one e-mail (the last ones may still be queued).
    wait_for(
        lambda: len(sent_emails(mail)) >= LEARNERS,
        timeout=30,
        message=lambda: _unsent(certificates, mail),
    )
    time.sleep(1)
    recipients = [m["To"] for m in sent_emails(mail)]
    assert sorted(recipients) == sorted(c.user.email for c in certificates)
    # A kill between writing a PDF and committing its row leaves that file
    # unreferenced (never served: names are random); nothing else may be extra.
    year = datetime.date.today().year
    stored = set(default_storage.listdir(f"certificates/{year}")[1])
    referenced = {c.pdf.name.rsplit("/", 1)[1] for c in certificates}
    assert referenced <= stored and len(stored - referenced) <= 1


def test_a_bulk_issue_whose_pool_process_is_killed_is_finished_once(
    postgres_only, start_worker, redis_server, fault_dirs, training_class, editor
):
    worker = start_worker()
    with celery_on(redis_server.url()):
        job = bulk.bulk_issue_start(training_class=training_class, actor=editor)
        wait_for(lambda: _issued() >= LEARNERS // 4, timeout=30)
        worker.kill_pool_process()
        killed_at = _issued()
        assert killed_at < LEARNERS, "the job ended before the kill: make it longer"
        wait_for(
            lambda: BulkIssueJob.objects.get(pk=job.pk).status == JobStatus.DONE,
            timeout=40,
            message=lambda: worker.log()[-3000:],
        )
        _assert_each_certificate_once(training_class, job, fault_dirs["mail"])
    assert "SIGKILL" in worker.log()  # the pool process really died mid-task


def test_a_bulk_issue_whose_whole_worker_is_killed_is_finished_by_the_next_one(
    postgres_only, start_worker, redis_server, fault_dirs, training_class, editor
):
    first = start_worker(visibility_timeout=4)
    with celery_on(redis_server.url()):
        job = bulk.bulk_issue_start(training_class=training_class, actor=editor)
        wait_for(lambda: _issued() >= LEARNERS // 4, timeout=30)
        first.kill()  # main process and pool at once: nobody gives the task back
        killed_at = _issued()
        assert killed_at < LEARNERS, "the job ended before the kill: make it longer"
        time.sleep(1)
        assert _issued() == killed_at  # nothing runs it any more
        assert BulkIssueJob.objects.get(pk=job.pk).status == JobStatus.RUNNING

        second = start_worker(visibility_timeout=4)
        wait_for(
            lambda: BulkIssueJob.objects.get(pk=job.pk).status == JobStatus.DONE,
            timeout=40,
            message=lambda: second.log()[-3000:],
        )
        _assert_each_certificate_once(training_class, job, fault_dirs["mail"])


def test_a_bulk_issue_whose_whole_worker_died_resumes_within_lease_and_sweep(
    postgres_only, start_worker, redis_server, fault_dirs, training_class, editor
):
    """The broker would give the message back after an hour (the visibility
    timeout is left at 3600 s here): the lease and the sweep bring the job back
    within lease + sweep interval, and it completes with each certificate once."""
    from elearn.celery import app as celery_app

    lease, sweep = 4, 1.0
    env = {"JOB_LEASE_SECONDS": str(lease)}
    first = start_worker(env=env)
    with celery_on(redis_server.url()):
        job = bulk.bulk_issue_start(training_class=training_class, actor=editor)
        wait_for(lambda: _issued() >= LEARNERS // 4, timeout=30)
        first.kill()
        killed = time.monotonic()
        killed_at = _issued()
        assert killed_at < LEARNERS, "the job ended before the kill: make it longer"
        assert BulkIssueJob.objects.get(pk=job.pk).status == JobStatus.RUNNING

        second = start_worker(env=env)
        ready = time.monotonic()  # a worker to run the sweep and the job
        last_sweep = [0.0]

        def beat_then(predicate):
            """What celery beat does: queue the sweep every ``sweep`` seconds."""

            def check():
                if time.monotonic() - last_sweep[0] >= sweep:
                    celery_app.send_task("core.jobs_recover")
                    last_sweep[0] = time.monotonic()
                return predicate()

            return check

        wait_for(
            beat_then(lambda: BulkIssueJob.objects.get(pk=job.pk).restarts == 1),
            timeout=lease + sweep + 15,
            message=lambda: second.log()[-3000:],
        )
        resumed = time.monotonic()
        print(
            f"resumed {resumed - killed:.1f} s after the kill, "
            f"{resumed - ready:.1f} s after the new worker was ready (lease {lease} s)"
        )
        # Once the lease has run out and a worker is there: within one sweep
        # interval, plus the time a sweep message takes to run on 2 busy cores.
        assert resumed - max(killed + lease, ready) <= sweep + 10
        # Resumed, the job renews its lease: no more sweeps (one a second would
        # pile up behind it on the one worker process, ahead of the e-mails).
        wait_for(
            lambda: BulkIssueJob.objects.get(pk=job.pk).status == JobStatus.DONE,
            timeout=60,
            message=lambda: second.log()[-3000:],
        )
        assert BulkIssueJob.objects.get(pk=job.pk).restarts == 1
        _assert_each_certificate_once(training_class, job, fault_dirs["mail"])
    assert "queued again" in second.log()


@pytest.fixture
def many_enrolments(home_page, plan_manager):
    """60,000 accepted enrolments (2,000 people × 30 courses): an export of
    several seconds."""
    from courses.tests.factories import catalogue_make, course_make

    catalogue = catalogue_make(home_page)
    courses = [course_make(catalogue, lessons=0, modules=0) for _ in range(30)]
    users = _people(2000, "nguoi.xuat")
    rows = [
        Enrollment(user=user, course=course, status=EnrollmentStatus.ACTIVE)
        for course in courses
        for user in users
    ]
    Enrollment.objects.bulk_create(rows, batch_size=10000)
    return len(rows)


def test_an_export_whose_pool_process_is_killed_is_written_once(
    postgres_only, start_worker, redis_server, fault_dirs, many_enrolments, plan_manager
):
    worker = start_worker()
    with celery_on(redis_server.url()):
        job = export_job_create(
            user=plan_manager,
            params={"metric": "enrolled", "scope_unit": None, "filter": {}},
            total=many_enrolments,
        )
        wait_for(
            lambda: ReportJob.objects.get(pk=job.pk).done >= 5000,
            timeout=30,
            interval=0.05,
        )
        worker.kill_pool_process()
        job.refresh_from_db()
        assert job.status == JobStatus.RUNNING and job.done < many_enrolments
        wait_for(
            lambda: ReportJob.objects.get(pk=job.pk).status == JobStatus.DONE,
            timeout=45,
            message=lambda: worker.log()[-3000:],
        )
    job.refresh_from_db()
    assert job.done == many_enrolments and job.file
    year = datetime.date.today().year
    files = default_storage.listdir(f"plan/exports/{year}")[1]
    assert files == [job.file.name.rsplit("/", 1)[1]]  # one file, the job's
    with default_storage.open(job.file.name, "rb") as handle:
        sheet = zipfile.ZipFile(handle).read("xl/worksheets/sheet1.xml")
    # Title, filters, time, a blank row and the headings (core.xlsx), every
    # row, the totals row.
    assert sheet.count(b"<row ") == 5 + many_enrolments + 1
    assert "SIGKILL" in worker.log()
