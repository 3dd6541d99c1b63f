"""Fixtures of the fault tests: real Celery workers on the test's own Redis."""

import pytest

from .redis import CeleryWorker


@pytest.fixture
def fault_dirs(tmp_path, settings):
    """The media and e-mail folders shared by the test and its workers."""
    media, mail = tmp_path / "media", tmp_path / "mail"
    media.mkdir()
    mail.mkdir()
    settings.MEDIA_ROOT = media
    return {"media": media, "mail": mail, "logs": tmp_path}


@pytest.fixture
def start_worker(transactional_db, redis_server, fault_dirs):
    """Start ``celery worker`` processes on the test database; all stopped after.

    It asks for ``transactional_db`` so that the workers stop before the test
    database is flushed (fixtures are torn down in reverse order).
    """
    workers = []

    def start(**options) -> CeleryWorker:
        worker = CeleryWorker(
            redis_server=redis_server,
            email_dir=fault_dirs["mail"],
            media_root=fault_dirs["media"],
            log_dir=fault_dirs["logs"],
            **options,
        )
        workers.append(worker)
        worker.start()
        return worker

    yield start
    for worker in workers:
        worker.stop()
