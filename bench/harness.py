"""The processes a benchmark run starts and reads: gunicorn, locust, a Celery
worker on a redis-server of its own, the machine's description (bench/run.py)."""

from __future__ import annotations

import contextlib
import csv
import json
import os
import platform
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
TMP = RESULTS / "tmp"
PY = sys.executable
QUICK = os.environ.get("BENCH_QUICK") == "1"
RUNS = int(os.environ.get("BENCH_RUNS", "1" if QUICK else "3"))
SCALE = float(os.environ.get("BENCH_SCALE", "1"))
DB = os.environ.get("BENCH_DB", "elearn_bench")
PG = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
WORKERS = int(os.environ.get("BENCH_WORKERS", "3"))
#: The cache the served site uses, as in production (docker-compose): Redis,
#: shared by the gunicorn workers. Flushed at the start of a run.
CACHE = os.environ.get("BENCH_CACHE_URL", "redis://127.0.0.1:6379/12")


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


def env(**extra) -> dict:
    base = dict(os.environ)
    base.update(
        DJANGO_SETTINGS_MODULE="elearn.settings.bench",
        DATABASE_URL=f"{PG}/{DB}",
        PYTHONPATH=str(ROOT),
        BENCH_MANIFEST=str(TMP / "dataset.json"),
        REDIS_CACHE_URL=CACHE,
    )
    base.pop("CELERY_BROKER_URL", None)
    base.update(extra)
    return base


def run(command: list[str], **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(command, cwd=ROOT, check=True, **kwargs)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def write(name: str, data) -> None:
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"{name}.json").write_text(
        json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8"
    )


@contextlib.contextmanager
def gunicorn(port: int, broker: str):
    """The site, sending its background work (certificates, e-mail, dashboard
    recounts) to a real Celery worker through ``broker``, as in production."""
    log(f"gunicorn: {WORKERS} workers on 127.0.0.1:{port}")
    process = subprocess.Popen(
        [
            str(Path(PY).parent / "gunicorn"),
            "elearn.wsgi",
            "-w",
            str(WORKERS),
            "-b",
            f"127.0.0.1:{port}",
            "--access-logfile",
            "-" if os.environ.get("BENCH_ACCESS_LOG") else "/dev/null",
            "--error-logfile",
            str(TMP / "gunicorn.log"),
            "--timeout",
            "60",
        ],
        cwd=ROOT,
        env=env(CELERY_BROKER_URL=broker),
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            with (
                contextlib.suppress(OSError),
                socket.create_connection(("127.0.0.1", port), timeout=1),
            ):
                break
            time.sleep(0.3)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)


def locust(
    host: str,
    users: int,
    spawn: float,
    seconds: int,
    classes: list[str],
    prefix: str,
    **extra,
) -> dict:
    stats = TMP / prefix
    command = [
        str(Path(PY).parent / "locust"),
        "-f",
        str(ROOT / "bench" / "locustfile.py"),
        "--headless",
        "--host",
        host,
        "-u",
        str(users),
        "-r",
        str(spawn),
        "-t",
        f"{seconds}s",
        "--csv",
        str(stats),
        "--only-summary",
        "--loglevel",
        "WARNING",
        "--stop-timeout",
        "10",
        *classes,
    ]
    subprocess.run(
        command, cwd=ROOT, env=env(**extra), check=False, stdout=subprocess.DEVNULL
    )
    return read_stats(Path(f"{stats}_stats.csv"))


def read_stats(path: Path) -> dict:
    rows = {}
    with path.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            rows[row["Name"]] = {
                "requests": int(row["Request Count"]),
                "errors": int(row["Failure Count"]),
                "rps": round(float(row["Requests/s"]), 1),
                "p50_ms": _num(row["50%"]),
                "p95_ms": _num(row["95%"]),
                "p99_ms": _num(row["99%"]),
                "avg_ms": round(float(row["Average Response Time"]), 1),
                "avg_bytes": round(float(row["Average Content Size"])),
            }
    return rows


def _num(value: str):
    return None if value in ("", "N/A") else float(value)


@contextlib.contextmanager
def redis_and_worker(concurrency: int = 2):
    port = free_port()
    redis = subprocess.Popen(
        ["redis-server", "--port", str(port), "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    broker = f"redis://127.0.0.1:{port}/0"
    time.sleep(0.5)
    worker = subprocess.Popen(
        [
            str(Path(PY).parent / "celery"),
            "-A",
            "elearn",
            "worker",
            "-l",
            "WARNING",
            "-c",
            str(concurrency),
            "-Q",
            "elearn",
            "--without-mingle",
            "--without-gossip",
        ],
        cwd=ROOT,
        env=env(CELERY_BROKER_URL=broker),
        stdout=(TMP / "worker.log").open("w"),
        stderr=subprocess.STDOUT,
    )
    try:
        yield broker
    finally:
        worker.send_signal(signal.SIGTERM)
        with contextlib.suppress(subprocess.TimeoutExpired):
            worker.wait(timeout=30)
        worker.kill()
        redis.terminate()
        redis.wait(timeout=10)


def machine() -> dict:
    import django
    import wagtail

    versions = {
        "python": platform.python_version(),
        "django": django.get_version(),
        "wagtail": wagtail.__version__,
    }
    for module in ("locust", "gunicorn", "reportlab", "celery", "psycopg"):
        with contextlib.suppress(Exception):
            versions[module] = __import__(module).__version__
    pg = subprocess.run(
        ["psql", PG + "/postgres", "-Atc", "show server_version"],
        capture_output=True,
        text=True,
    )
    versions["postgresql"] = pg.stdout.strip()
    redis = subprocess.run(
        ["redis-server", "--version"], capture_output=True, text=True
    )
    versions["redis"] = redis.stdout.split()[2] if redis.stdout else "?"
    cpu = "?"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gib": round(memory, 1),
        "os": platform.platform(),
        "gunicorn_workers": WORKERS,
        **versions,
    }


# What a run writes itself: a change there does not change what was measured.
_RUN_OUTPUT = ("bench/results/", "docs/benchmarks.md")


def code_version(root: Path = ROOT) -> dict:
    """The commit a run measures, and the files changed beside it (not yet
    committed), so that docs/benchmarks.md says which code its figures are of."""

    def git(*args: str) -> str:
        return subprocess.run(
            ["git", *args], cwd=root, capture_output=True, text=True
        ).stdout

    commit = git("rev-parse", "--short=12", "HEAD").strip() or "?"
    changed = [line[3:] for line in git("status", "--porcelain").splitlines()]
    return {
        "commit": commit,
        "uncommitted": [path for path in changed if not path.startswith(_RUN_OUTPUT)],
    }


def cache_flush() -> None:
    import redis

    redis.Redis.from_url(CACHE).flushdb()


def database_settle() -> dict:
    """VACUUM ANALYZE and CHECKPOINT the bench database before a run is measured,
    as pgbench does before each of its runs: the writes of the run before (a
    load phase's attempts, 1,000 certificates) otherwise leave autovacuum and
    the checkpointer to start in the middle of the next run's throughput phase,
    on the same two cores as the server. Returns how long it took."""
    import psycopg

    started = time.monotonic()
    with psycopg.connect(f"{PG}/{DB}", autocommit=True) as connection:
        connection.execute("VACUUM (ANALYZE)")
        connection.execute("CHECKPOINT")
    return {"settle_seconds": round(time.monotonic() - started, 1)}
