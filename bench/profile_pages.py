"""Profile (not a test): what one request of each page costs the server.

The load test says how fast pages are under load on a machine shared with the
load generator; this says where a single request's time goes, with nothing
else running: each page of the learner journey is requested ``--repeat`` times
in-process (Django's test client, a seeded learner's session, the benchmark
database), and so are the plan's dashboard and headcount report, as the plan
manager and as a unit's focal point; the median wall and CPU time and the query
count are printed as JSON. ``--profile PAGE`` also writes pyinstrument's text
report of that page to ``bench/results/tmp/profile-<page>.txt``.

Usage (after ``bench/seed.py`` on PostgreSQL)::

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/elearn_bench \\
        .venv/bin/python bench/profile_pages.py [--repeat 30] [--profile catalogue]
"""

import argparse
import functools
import json
import os
import random
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "elearn.settings.bench")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

OUT = ROOT / "bench" / "results" / "tmp"
MANIFEST = Path(os.environ.get("BENCH_MANIFEST") or OUT / "dataset.json")
FIELD = re.compile(r'name="(q\d+)"')


def pages(manifest: dict, baseline_bytes: int) -> dict[str, str]:
    """The learner pages; the baseline padded to ``baseline_bytes`` (the
    catalogue's size, as in bench/run.py's throughput phase)."""
    learner = next(s for s in manifest["sessions"] if s["role"] == "learner")
    code = manifest["verification_codes"][0]
    return {
        "baseline": f"/bench/baseline/?bytes={baseline_bytes}",
        "catalogue": manifest["catalogue_url"],
        "course page": learner["course_url"],
        "lesson": learner["lesson_url"],
        "dashboard": "/my-courses/",
        "quiz intro": learner["quiz_url"],
        "certificate verification": f"/verify/{code}/",
    }


# The plan's pages, as the plan manager (every unit) and as a unit's focal point.
PLAN_PAGES = {
    "plan dashboard": "/admin/plan/dashboard/",
    "headcount report": "/admin/plan/headcount/?year=2025",
}


def client_as(manifest: dict, role: str) -> Client:
    who = next(s for s in manifest["sessions"] if s["role"] == role)
    client = Client(HTTP_HOST="127.0.0.1")
    client.cookies[settings.SESSION_COOKIE_NAME] = who["session"]
    return client


def measure(client: Client, path: str, repeat: int) -> dict:
    response = client.get(path)  # warm: templates compiled, connections open
    assert response.status_code == 200, (path, response.status_code)
    walls, cpus = [], []
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        client.get(path)
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    with CaptureQueriesContext(connection) as queries:
        client.get(path)
    return {
        "median_ms": round(statistics.median(walls) * 1000, 1),
        "cpu_median_ms": round(statistics.median(cpus) * 1000, 1),
        "queries": len(queries),
        "bytes": len(response.content),
    }


def quiz_cycle(client: Client, manifest: dict, repeat: int, timings: dict) -> None:
    """Start an attempt, open it, submit 20 answers; time each step."""
    learner = next(s for s in manifest["sessions"] if s["role"] == "learner")
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        response = client.post(learner["quiz_start_url"])
        _record(timings, "quiz start", wall, cpu)
        assert response.status_code == 302, response.status_code
        attempt_url = response["Location"]
        wall, cpu = time.perf_counter(), time.process_time()
        html = client.get(attempt_url).content.decode()
        _record(timings, "quiz attempt page", wall, cpu)
        fields = set(FIELD.findall(html))
        answers = {field: str(random.randrange(4)) for field in fields}
        assert len(answers) >= 20, len(answers)
        wall, cpu = time.perf_counter(), time.process_time()
        response = client.post(attempt_url + "nop/", answers)
        _record(timings, "quiz submit (20 answers)", wall, cpu)
        assert response.status_code == 302, response.status_code


def _record(timings: dict, name: str, wall: float, cpu: float) -> None:
    entry = timings.setdefault(name, ([], []))
    entry[0].append(time.perf_counter() - wall)
    entry[1].append(time.process_time() - cpu)


def quiz(client: Client, manifest: dict, repeat: int) -> dict:
    quiz_cycle(client, manifest, 1, {})  # warm
    timings: dict = {}
    quiz_cycle(client, manifest, repeat, timings)
    return {
        name: {
            "median_ms": round(statistics.median(walls) * 1000, 1),
            "cpu_median_ms": round(statistics.median(cpus) * 1000, 1),
        }
        for name, (walls, cpus) in timings.items()
    }


def _get_many(client: Client, path: str, repeat: int) -> None:
    for _ in range(repeat):
        client.get(path)


def profile(client: Client, name: str, run) -> Path:
    from pyinstrument import Profiler

    profiler = Profiler(interval=0.0005)
    with profiler:
        run()
    OUT.mkdir(parents=True, exist_ok=True)
    target = OUT / f"profile-{name.replace(' ', '-')}.txt"
    target.write_text(profiler.output_text(unicode=True, show_all=False))
    return target


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--profile", action="append", default=[])
    args = parser.parse_args()
    manifest = json.loads(MANIFEST.read_text(encoding="utf-8"))
    client = client_as(manifest, "learner")
    staff = [
        (role, client_as(manifest, role))
        for role in ("plan_manager", "focal_point")
        if any(s["role"] == role for s in manifest["sessions"])
    ]
    catalogue_bytes = len(client.get(manifest["catalogue_url"]).content)
    visits = [
        (name, path, client) for name, path in pages(manifest, catalogue_bytes).items()
    ]
    visits += [
        (name if role == "plan_manager" else f"{name} (focal point)", path, who)
        for role, who in staff
        for name, path in PLAN_PAGES.items()
    ]
    out = {}
    for name, path, who in visits:
        out[name] = measure(who, path, args.repeat)
        if name in args.profile:
            run = functools.partial(_get_many, who, path, args.repeat)
            out[name]["profile"] = str(profile(who, name, run))
    out.update(quiz(client, manifest, args.repeat))
    if "quiz" in args.profile:
        run = functools.partial(quiz_cycle, client, manifest, args.repeat, {})
        out["quiz"] = {"profile": str(profile(client, "quiz", run))}
    print(json.dumps(out, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
