"""`make bench`: seed, serve with gunicorn, load with locust, measure, write results.

Steps (the results land in bench/results/*.json, the tables in
docs/benchmarks.md):

1. database ``elearn_bench`` (created and migrated if missing) and the dataset
   (bench/seed.py, skipped when already seeded at this scale);
2. gunicorn (BENCH_WORKERS sync workers) on 127.0.0.1 with elearn.settings.bench,
   its background work on a real Celery worker and a redis-server of our own;
3. (a) closed-loop maximum throughput per page, each between two windows of
   the baseline view (bench/throughput.py);
4. (b) the learner journey at a fixed 50 requests/s (100 users ramped over
   40 s, Moodle's 100-user plan) plus the plan manager and four focal points;
5. the other apps' benchmarks when present (bench/bench_certificates.py,
   bench/bench_headcount.py), run as subprocesses that print JSON;
6. bulk issue of 1,000 certificates through a real Celery worker on a
   redis-server of our own;
7. peak memory of a 100,000-row XLSX export (measured by bench_headcount.py).

Before steps 2–7 the database is vacuumed, analysed and checkpointed, so that
the run before leaves no background maintenance behind. Steps 2–7 run
BENCH_RUNS times (3 by default, 1 with BENCH_QUICK); every figure is reported
as the median of the runs with its lowest and highest value
(bench/aggregate.py), and each run's own figures stay in bench/results/run-<n>.json.

Environment: BENCH_SCALE (default 1), BENCH_QUICK=1 (short phases, for a
smoke run), BENCH_RUNS, BENCH_DB (default elearn_bench), PGHOST/PGUSER.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.aggregate import median_and_spread  # noqa: E402
from bench.harness import (  # noqa: E402
    DB,
    PG,
    PY,
    QUICK,
    RESULTS,
    ROOT,
    RUNS,
    SCALE,
    TMP,
    cache_flush,
    code_version,
    database_settle,
    env,
    free_port,
    gunicorn,
    locust,
    log,
    machine,
    redis_and_worker,
    run,
    write,
)
from bench.report import write_markdown  # noqa: E402
from bench.throughput import step_throughput  # noqa: E402


def step_database() -> dict:
    import psycopg

    from bench.seed import DATASET_VERSION

    with psycopg.connect(f"{PG}/postgres", autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [DB]
        ).fetchone()
        if exists and seeded_version() != DATASET_VERSION:
            log(f"{DB} holds an older dataset: dropping it")
            connection.execute(f'DROP DATABASE "{DB}"')
            exists = None
        if not exists:
            connection.execute(f'CREATE DATABASE "{DB}"')
            (TMP / "dataset.json").unlink(missing_ok=True)
    started = time.monotonic()
    run([PY, "manage.py", "migrate", "--noinput", "-v0"], env=env())
    migrate = time.monotonic() - started
    run([PY, "bench/seed.py", "--scale", str(SCALE)], env=env())
    manifest = json.loads((TMP / "dataset.json").read_text(encoding="utf-8"))
    return {"migrate_seconds": round(migrate, 1), **manifest}


def seeded_version() -> int | None:
    """The dataset version bench/seed.py wrote into the bench database."""
    import psycopg

    with psycopg.connect(f"{PG}/{DB}") as connection:
        table = connection.execute("SELECT to_regclass('bench_meta')").fetchone()[0]
        if table is None:
            return None
        row = connection.execute(
            "SELECT value FROM bench_meta WHERE key = 'dataset'"
        ).fetchone()
    return json.loads(row[0]).get("version") if row else None


PLAN_PAGES = [
    "/admin/plan/dashboard/",
    "/admin/plan/headcount/?year=2025",
    "/admin/plan/headcount/?year=2025&export=csv",
]


def warm_plan_pages(host: str, rounds: int = 6) -> None:
    """Open the plan pages a few times, as each of the plan's staff, before (b).
    Each fresh gunicorn worker compiles the Wagtail admin's templates on its
    first admin page (~0.2 s), and the first count of a scope fills its cache:
    phase (a) did that for the learner pages only."""
    import urllib.request

    for staff in plan_staff():
        for _ in range(rounds):
            for path in PLAN_PAGES:
                request = urllib.request.Request(
                    host + path, headers={"Cookie": f"sessionid={staff['session']}"}
                )
                with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
                    response.read()


def plan_staff() -> list[dict]:
    """The plan manager and the units' focal points of the load test."""
    manifest = json.loads((TMP / "dataset.json").read_text(encoding="utf-8"))
    roles = ("plan_manager", "focal_point")
    return [s for s in manifest["sessions"] if s["role"] in roles]


def step_fixed_rate(host: str) -> dict:
    """(b) Moodle's 100-user plan at 50 requests/s: latency per page."""
    seconds = 60 if QUICK else 150
    warm_plan_pages(host)
    staff = len(plan_staff())
    # 100 learners x 0.5 requests/s = 50 requests/s; ramped over 40 s. The plan's
    # staff add one request every 2 s each.
    stats = locust(
        host,
        100 + staff,
        2.5,
        seconds,
        ["LearnerJourney", "PlanManager"],
        "rate",
        BENCH_RATE="0.5",
    )
    return {
        "users": 100,
        "plan_staff": staff,
        "ramp_seconds": 40,
        "target_rps": 50,
        "seconds": seconds,
        "pages": stats,
    }


def parse_json(text: str) -> dict:
    """The JSON object a script printed last (indented or on one line)."""
    start = text.rfind("\n{")
    return json.loads(text[start + 1 if start >= 0 else text.index("{") :])


def step_app_benchmarks() -> dict:
    results = {}
    for name in ("profile_pages", "bench_certificates", "bench_headcount"):
        script = ROOT / "bench" / f"{name}.py"
        if not script.exists():
            results[name] = {"status": "not present"}
            continue
        log(f"running {script.name}")
        started = time.monotonic()
        completed = subprocess.run(
            [PY, str(script)],
            cwd=ROOT,
            env=env(),
            capture_output=True,
            text=True,
            timeout=600,
        )
        try:
            results[name] = parse_json(completed.stdout)
        except (ValueError, IndexError):
            results[name] = {
                "status": f"exit {completed.returncode}",
                "stderr": completed.stderr[-2000:],
            }
        results[name]["wall_seconds"] = round(time.monotonic() - started, 1)
    return results


BULK_SCRIPT = """
import json, time, django
django.setup()
from accounts.models import User
from certificates.bulk import bulk_issue_start
from certificates.models import BulkIssueJob, Certificate, CertificateEvent
from courses.models import TrainingClass
klass = TrainingClass.objects.get(pk={klass})
actor = User.objects.get(email="ql.kehoach@bench.haugiang.vn")
# Each run issues the class from scratch: an earlier run's certificates (whose
# PDFs went with its media folder) are removed from this benchmark database.
earlier = Certificate.objects.filter(training_class=klass)
CertificateEvent.objects.filter(certificate__in=earlier).delete()
earlier.update(replaces=None)
earlier.delete()
before = Certificate.objects.filter(training_class=klass).count()
started = time.monotonic()
job = bulk_issue_start(training_class=klass, actor=actor)
while True:
    job.refresh_from_db()
    if job.status in ("done", "failed") or time.monotonic() - started > 480:
        break
    time.sleep(0.5)
wall = time.monotonic() - started
issued = Certificate.objects.filter(training_class=klass, status="issued").count()
print(json.dumps({{"status": job.status, "total": job.total, "done": job.done,
    "issued_before": before, "issued_after": issued, "wall_seconds": round(wall, 1),
    "per_second": round(job.done / wall, 1) if wall else None,
    "archive": bool(job.archive), "error": job.error[:500]}}))
"""


def step_bulk_issue(manifest: dict) -> dict:
    log("bulk issue through a real worker")
    with redis_and_worker() as broker:
        completed = subprocess.run(
            [PY, "-c", BULK_SCRIPT.format(klass=manifest["bulk_class"])],
            cwd=ROOT,
            env=env(CELERY_BROKER_URL=broker),
            capture_output=True,
            text=True,
            timeout=600,
        )
    try:
        return parse_json(completed.stdout)
    except (ValueError, IndexError):
        return {
            "status": f"exit {completed.returncode}",
            "stderr": completed.stderr[-2000:],
        }


def one_run(dataset: dict) -> dict:
    """Steps 2–7 once: the served site under load, the apps, the bulk issue."""
    run, timings = {"code": code_version()}, {}
    cache_flush()
    timings.update(database_settle())
    with redis_and_worker() as broker, gunicorn(free_port(), broker) as host:
        t = time.monotonic()
        run["throughput"] = step_throughput(host, dataset)
        timings["throughput"] = round(time.monotonic() - t, 1)
        t = time.monotonic()
        run["fixed_rate"] = step_fixed_rate(host)
        timings["fixed_rate"] = round(time.monotonic() - t, 1)
    t = time.monotonic()
    run["apps"] = step_app_benchmarks()
    timings["apps"] = round(time.monotonic() - t, 1)
    t = time.monotonic()
    run["bulk_issue"] = step_bulk_issue(dataset)
    timings["bulk_issue"] = round(time.monotonic() - t, 1)
    run["timings"] = timings
    return run


def main() -> None:
    TMP.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    summary = {"machine": machine(), "scale": SCALE, "quick": QUICK, "runs": RUNS}
    t = time.monotonic()
    dataset = step_database()
    seeded = round(time.monotonic() - t, 1)
    summary["dataset"] = {k: dataset[k] for k in ("counts", "seconds", "scale")}
    write("dataset", summary["dataset"])
    runs = []
    for number in range(1, RUNS + 1):
        log(f"run {number} of {RUNS}")
        runs.append(one_run(dataset))
        write(f"run-{number}", runs[-1])
    summary["timings"] = {
        "seed_and_migrate": seeded,
        "total": round(time.monotonic() - started, 1),
    }
    report(summary, runs)
    log(f"done in {summary['timings']['total']} s; see docs/benchmarks.md")
    shutil.rmtree(TMP / "media", ignore_errors=True)


def ratios_unpaired_fill(runs: list[dict]) -> None:
    """Each page's ratio to its run's baseline, with three decimals, in runs
    written before the baseline was measured around each page (or before the
    ratios had three decimals). A paired row keeps the ratio bench.throughput
    computed: its baseline_rps is rounded, and dividing by it again moved the
    third decimal (0.777 → 0.776)."""
    for figures in runs:
        pages = figures.get("throughput", {}).get("pages", {})
        base = (pages.get("baseline") or {}).get("rps") or 1
        for row in pages.values():
            if row and "baseline_rps" not in row:
                row["ratio_of_baseline"] = round(row["rps"] / base, 3)


def report(summary: dict, runs: list[dict]) -> None:
    """summary.json and docs/benchmarks.md from the runs' own figures."""
    ratios_unpaired_fill(runs)
    medians, spreads = median_and_spread(runs)
    timings = summary.get("timings", {})
    summary.update(medians)
    summary["code"] = [figures.get("code") for figures in runs]
    summary["spread"] = spreads
    summary["timings"] = {
        "seed_and_migrate": timings.get("seed_and_migrate"),
        **medians["timings"],
        "total": timings.get("total"),
    }
    write("summary", summary)
    write_markdown(summary, ROOT / "docs" / "benchmarks.md")


def report_again() -> None:
    """``bench/run.py --report``: rebuild the summary and docs/benchmarks.md from
    bench/results/run-*.json, without measuring (after a change of the report)."""
    summary = json.loads((RESULTS / "summary.json").read_text(encoding="utf-8"))
    keep = ("machine", "scale", "quick", "runs", "dataset", "timings")
    summary = {key: summary[key] for key in keep if key in summary}
    runs = [
        json.loads((RESULTS / f"run-{number}.json").read_text(encoding="utf-8"))
        for number in range(1, summary["runs"] + 1)
    ]
    report(summary, runs)
    log("docs/benchmarks.md written again from bench/results/run-*.json")


if __name__ == "__main__":
    report_again() if "--report" in sys.argv[1:] else main()
