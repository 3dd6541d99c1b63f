"""Broker down when a certificate becomes due: recorded as pending, nothing lost.

Starts its own redis-server on a free port, points Celery at it (eager mode off),
stops it, issues, then restarts it and runs the periodic sweep.
"""

import os
import shutil
import socket
import subprocess
import time
from contextlib import contextmanager

import pytest
import redis
from kombu import pools as kombu_pools

from certificates import services, tasks
from certificates.models import Certificate
from elearn.celery import app as celery_app

pytestmark = pytest.mark.redis_server


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class RedisServer:
    def __init__(self, port: int):
        self.port = port
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            [
                shutil.which("redis-server"),
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        client = redis.Redis(port=self.port)
        for _ in range(100):
            try:
                client.ping()
                return
            except redis.ConnectionError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self):
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None


@contextmanager
def celery_on(url: str):
    """Point Celery at ``url`` with eager mode off; restore everything after.

    kombu keeps global registries of connection and producer pools; they are
    reset on the way in and out (and the app's pools dropped, to be recreated
    lazily), so no pool bound to the test's own Redis outlives the test.
    """
    saved_conf = {k: celery_app.conf[k] for k in ("broker_url", "task_always_eager")}
    # Celery prefers the CELERY_BROKER_URL environment variable (set in CI) to
    # its configuration, so it is pointed at the test's Redis too.
    saved_env = os.environ.get("CELERY_BROKER_URL")
    os.environ["CELERY_BROKER_URL"] = url
    _drop_pools()
    celery_app.conf.update(broker_url=url, task_always_eager=False)
    try:
        yield
    finally:
        _drop_pools()
        if saved_env is None:
            os.environ.pop("CELERY_BROKER_URL", None)
        else:
            os.environ["CELERY_BROKER_URL"] = saved_env
        celery_app.conf.update(saved_conf)


def _drop_pools() -> None:
    kombu_pools.reset()
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@pytest.fixture
def redis_server():
    server = RedisServer(_free_port())
    server.start()
    yield server
    server.stop()


def test_with_the_broker_down_the_certificate_stays_pending_then_the_sweep_issues_it(
    completed, redis_server, django_capture_on_commit_callbacks, mailoutbox, settings
):
    settings.CERTIFICATE_SWEEP_GRACE_SECONDS = 0
    url = f"redis://127.0.0.1:{redis_server.port}/0"
    with celery_on(url):
        redis_server.stop()
        started = time.monotonic()
        with django_capture_on_commit_callbacks(execute=True):
            certificate = services.certificate_issue(enrollment=completed)
        assert time.monotonic() - started < 15  # publishing fails fast
        certificate.refresh_from_db()
        assert certificate.status == "pending" and not certificate.pdf
        assert Certificate.objects.count() == 1

        redis_server.start()
        # The beat schedule runs this task; here we run its body directly.
        result = tasks.render_pending.run()
    certificate.refresh_from_db()
    assert certificate.status == "issued" and certificate.pdf
    assert result["rendered"] == 1 and result["emailed"] == 1
    assert len(mailoutbox) == 1


def test_with_the_broker_up_the_render_is_queued_for_a_worker(
    completed, redis_server, django_capture_on_commit_callbacks
):
    url = f"redis://127.0.0.1:{redis_server.port}/0"
    with celery_on(url):
        with django_capture_on_commit_callbacks(execute=True):
            certificate = services.certificate_issue(enrollment=completed)
        queued = redis.Redis(port=redis_server.port).llen("elearn")
    certificate.refresh_from_db()
    assert queued == 1  # the message waits for a worker
    assert certificate.status == "pending"


def test_the_sweep_is_on_the_beat_schedule(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["certificates-render-pending"]
    assert entry["task"] == tasks.render_pending.name
