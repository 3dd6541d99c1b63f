"""Races on PostgreSQL: one certificate per offering, gap-free serials, one PDF."""

import threading

import pytest
from django.core.files.storage import default_storage
from django.db import connection, transaction

from certificates import services
from certificates.models import Certificate, CertificateEvent
from courses.models import Enrollment

from . import factories

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def run_in_threads(count, target):
    barrier = threading.Barrier(count)
    errors = []

    def wrapper(index):
        try:
            barrier.wait(timeout=10)
            target(index)
        except Exception as exc:  # collected and re-raised in the test
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=wrapper, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return errors


def test_two_workers_racing_give_one_certificate(postgres_only, completed):
    results = []

    def issue(_index):
        enrollment = Enrollment.objects.get(pk=completed.pk)
        results.append(services.certificate_issue(enrollment=enrollment).pk)

    errors = run_in_threads(6, issue)
    assert errors == []
    assert len(set(results)) == 1
    assert Certificate.objects.count() == 1
    certificate = Certificate.objects.get()
    assert certificate.serial_number == 1
    assert certificate.status == "issued"
    assert CertificateEvent.objects.filter(action="rendered").count() == 1


def test_racing_renders_store_one_pdf(postgres_only, completed):
    certificate = services.certificate_issue(enrollment=completed, enqueue=False)
    errors = run_in_threads(
        4, lambda _i: services.certificate_render(certificate_id=certificate.pk)
    )
    assert errors == []
    _dirs, files = default_storage.listdir(f"certificates/{certificate.serial_year}")
    assert len(files) == 1
    assert CertificateEvent.objects.filter(action="rendered").count() == 1


class Rollback(Exception):
    pass


def test_serials_have_no_gaps_under_concurrency(postgres_only, course, training_class):
    enrollments = factories.completed_learners(
        course, 24, training_class=training_class
    )
    doomed = {e.pk for e in enrollments[::5]}  # their transaction rolls back

    def issue(index):
        for enrollment in enrollments[index::8]:
            try:
                with transaction.atomic():
                    services.certificate_issue(enrollment=enrollment, enqueue=False)
                    if enrollment.pk in doomed:
                        raise Rollback
            except Rollback:
                pass

    errors = run_in_threads(8, issue)
    assert errors == []
    numbers = sorted(Certificate.objects.values_list("serial_number", flat=True))
    assert numbers == list(range(1, 24 - len(doomed) + 1))
    assert not Certificate.objects.filter(enrollment_id__in=doomed).exists()
