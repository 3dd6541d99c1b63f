"""Issuing through the real Celery worker that .ci/run starts (PostgreSQL + Redis)."""

import time

import pytest
from django.core.files.storage import default_storage

from certificates import services
from certificates.models import Certificate, CertificateEvent
from elearn.celery import app as celery_app

pytestmark = [
    pytest.mark.real_worker,
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def not_eager(settings):
    celery_app.conf.task_always_eager = False
    # The worker shares the test database and the media folder of the test settings.
    yield
    celery_app.conf.task_always_eager = True


@pytest.fixture
def shared_media(settings):
    from django.conf import settings as django_settings

    from elearn.settings import test as test_settings

    settings.MEDIA_ROOT = test_settings.MEDIA_ROOT
    return django_settings.MEDIA_ROOT


def test_issuing_through_the_real_worker_renders_exactly_one_pdf(
    postgres_only, shared_media, not_eager, completed
):
    def pdf_files():
        import datetime

        folder = f"certificates/{datetime.date.today().year}"
        return (
            set(default_storage.listdir(folder)[1])
            if default_storage.exists(folder)
            else set()
        )

    before = pdf_files()
    first = services.certificate_issue(enrollment=completed)
    second = services.certificate_issue(enrollment=completed)  # a second request
    services.render_enqueue(first.pk)  # and a duplicated task
    assert first.pk == second.pk
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        first.refresh_from_db()
        if first.status == "issued":
            break
        time.sleep(0.5)
    assert first.status == "issued", first.last_error
    time.sleep(2)  # let the duplicate task run too
    assert Certificate.objects.count() == 1
    assert CertificateEvent.objects.filter(action="rendered").count() == 1
    new_files = pdf_files() - before
    assert len(new_files) == 1 and first.pdf.name.endswith(new_files.pop())
    default_storage.delete(first.pdf.name)
