"""What the fault tests share: a Redis of their own, Celery pointed at it, and
real Celery worker processes they can stop, kill and restart.

Nothing here touches the shared Redis on 6379: each test starts a
``redis-server`` on a free port and points Celery (and the cache) at it.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path

import psutil
import pytest
import redis
from kombu import pools as kombu_pools

from elearn.celery import app as celery_app

BASE_DIR = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class RedisServer:
    """A redis-server of the test's own, without persistence: a restart is empty."""

    def __init__(self, port: int):
        self.port = port
        self.process = None

    def url(self, db: int = 0) -> str:
        return f"redis://127.0.0.1:{self.port}/{db}"

    def start(self) -> None:
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

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None


@pytest.fixture
def redis_server():
    server = RedisServer(free_port())
    server.start()
    yield server
    server.stop()


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


def database_url() -> str:
    """The URL of the database the test runs on (the test database)."""
    from django.db import connection

    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    host = db["HOST"] or "127.0.0.1"
    port = db["PORT"] or 5432
    return f"postgres://{db['USER']}{password}@{host}:{port}/{db['NAME']}"


class CeleryWorker:
    """``celery worker --pool prefork`` in its own process group, on the test's
    database, Redis, media folder and e-mail folder (tests/faults/worker_settings).
    """

    def __init__(
        self,
        *,
        redis_server: RedisServer,
        email_dir: Path,
        media_root: Path,
        log_dir: Path,
        visibility_timeout: int = 3600,
        concurrency: int = 1,
        env: dict[str, str] | None = None,
    ):
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.faults.worker_settings",
            "DATABASE_URL": database_url(),
            "DB_CONN_MAX_AGE": "0",
            "CELERY_BROKER_URL": redis_server.url(0),
            "REDIS_CACHE_URL": redis_server.url(1),
            "CELERY_VISIBILITY_TIMEOUT": str(visibility_timeout),
            "FAULT_EMAIL_DIR": str(email_dir),
            "FAULT_MEDIA_ROOT": str(media_root),
            **(env or {}),
        }
        self.env.pop("TEST_DATABASE_NAME", None)
        self.concurrency = concurrency
        self.log_dir = log_dir
        self.process = None
        self.log_path = None
        self.name = uuid.uuid4().hex[:8]
        self.starts = 0

    def start(self, *, timeout: float = 30) -> None:
        self.starts += 1
        self.log_path = self.log_dir / f"worker-{self.name}-{self.starts}.log"
        log = self.log_path.open("wb")
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "elearn",
                "worker",
                "--pool",
                "prefork",
                "--concurrency",
                str(self.concurrency),
                "-Q",
                "elearn",
                "--loglevel",
                "INFO",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                "--hostname",
                f"fault-{self.name}-{self.starts}@%h",
            ],
            cwd=BASE_DIR,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        log.close()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if " ready." in self.log():
                return
            if self.process.poll() is not None:
                break
            time.sleep(0.1)
        raise RuntimeError(f"the worker did not start:\n{self.log()[-3000:]}")

    def log(self) -> str:
        if self.log_path is None or not self.log_path.exists():
            return ""
        return self.log_path.read_text(errors="replace")

    def pool_processes(self) -> list[psutil.Process]:
        return psutil.Process(self.process.pid).children()

    def kill_pool_process(self) -> int:
        """SIGKILL the pool process running the task (the main process lives on)."""
        (child,) = self.pool_processes()
        child.send_signal(signal.SIGKILL)
        return child.pid

    def kill(self) -> None:
        """SIGKILL the whole worker at once: main process and pool, like an
        out-of-memory kill of its container or the loss of its machine."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)
        self.process = None

    def stop(self) -> None:
        if self.process is None:
            return
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)
        except ProcessLookupError:
            pass
        self.process = None


def wait_for(
    predicate,
    *,
    timeout: float,
    interval: float = 0.2,
    message: str | Callable[[], str] = "",
):
    """Poll ``predicate`` until it returns something truthy; fail after timeout
    with ``message`` (a callable is asked then: a worker's log as it is at the
    end, not as it was when the wait began)."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() >= deadline:
            text = message() if callable(message) else message
            raise AssertionError(text or f"timed out after {timeout} s")
        time.sleep(interval)


def sent_emails(folder: Path) -> list:
    """Every message Django's file-based e-mail backend wrote in ``folder``."""
    from email import message_from_string, policy

    separator = "-" * 79
    messages = []
    for path in sorted(folder.glob("*.log")):
        for chunk in path.read_text().split(separator):
            if chunk.strip():
                messages.append(
                    message_from_string(chunk.strip(), policy=policy.default)
                )
    return messages
