"""Benchmark (not a test): the headcount report beside the equivalent raw SQL.

Usage (PostgreSQL, after the benchmark dataset is loaded, e.g. 200k enrolments)::

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/elearn_bench \\
        .venv/bin/python bench/bench_headcount.py [--repeat 7] [--export-rows 100000]

Prints JSON: median/min timings of ``plan.selectors.headcount`` (trained people by
year × unit, and the cumulative total) and of hand-written SQL computing the same
numbers in the same run, their ratio, the plan dashboard (figures and the full
admin page, with a cold and a warm cache), and the peak memory of writing an XLSX
of ``--export-rows`` people rows (tracemalloc peak and max RSS).

Two hand-written queries: ``raw_sql`` reads the same ``Enrollment.trained_on``
column as the ORM (the ratio compares them: same data, ORM against SQL);
``raw_sql_source`` computes "trained" from the source tables (certificate
chains, attendance), and ``same_result_source`` checks that the column the ORM
reads gives the same rows as the definition.
"""

import argparse
import json
import os
import resource
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "elearn.settings.dev")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from accounts.selectors import ALL_UNITS  # noqa: E402
from plan.exports import write_people_xlsx  # noqa: E402
from plan.selectors import HeadcountFilter, headcount  # noqa: E402

#: What the ORM runs, by hand: the same column, the same person-course key.
RAW_SQL = """
SELECT EXTRACT(YEAR FROM e.trained_on)::int AS year, e.unit_id,
       count(DISTINCT e.user_id),
       count(DISTINCT (e.user_id || '-' || e.course_id || '-'
                       || EXTRACT(YEAR FROM e.trained_on)::int) COLLATE "C")
FROM courses_enrollment e
WHERE e.trained_on IS NOT NULL
GROUP BY 1, 2 ORDER BY 1, 2
"""

RAW_CUMULATIVE_SQL = """
SELECT count(DISTINCT e.user_id),
       count(DISTINCT (e.user_id || '-' || e.course_id || '-'
                       || EXTRACT(YEAR FROM e.trained_on)::int) COLLATE "C")
FROM courses_enrollment e
WHERE e.trained_on BETWEEN '2021-01-01' AND '2030-12-31'
"""

#: The definition from the source tables (see courses/trained.py and
#: certificates/chains.py): the first issue of each certificate chain whose
#: latest version is not revoked; attendance present x 100 >= minimum x sessions
#: for courses without certificate.
RAW_SOURCE_SQL = """
WITH RECURSIVE chain (head, replaces_id, issued_at) AS (
  SELECT c.id, c.replaces_id, c.issued_at
  FROM certificates_certificate c
  WHERE c.status <> 'revoked' AND c.enrollment_id IS NOT NULL
  UNION ALL
  SELECT chain.head, p.replaces_id, p.issued_at
  FROM chain JOIN certificates_certificate p ON p.id = chain.replaces_id
),
first_issue AS (
  SELECT c.enrollment_id, min((f.first AT TIME ZONE %(tz)s)::date) AS day
  FROM (SELECT head, min(issued_at) AS first FROM chain GROUP BY head) f
  JOIN certificates_certificate c ON c.id = f.head
  WHERE f.first IS NOT NULL
  GROUP BY c.enrollment_id
),
facts AS (
  SELECT e.user_id, e.course_id, e.unit_id,
         EXTRACT(YEAR FROM CASE WHEN cp.awards_certificate THEN fi.day
                                ELSE k.end_date END)::int AS year
  FROM courses_enrollment e
  JOIN courses_coursepage cp ON cp.page_ptr_id = e.course_id
  LEFT JOIN first_issue fi ON fi.enrollment_id = e.id
  LEFT JOIN courses_trainingclass k ON k.id = e.training_class_id
  WHERE (cp.awards_certificate AND fi.day IS NOT NULL)
     OR (NOT cp.awards_certificate AND e.training_class_id IS NOT NULL
         AND e.status IN ('active', 'completed')
         AND (SELECT sum(CASE WHEN EXISTS (
                           SELECT 1 FROM courses_attendance a
                           WHERE a.session_id = s.id AND a.user_id = e.user_id
                             AND a.present)
                         THEN 100 ELSE 0 END - k.min_attendance_percent)
              FROM courses_classsession s
              WHERE s.training_class_id = e.training_class_id) >= 0)
)
SELECT year, unit_id, count(DISTINCT user_id),
       count(DISTINCT (user_id || '-' || course_id || '-' || year) COLLATE "C")
FROM facts GROUP BY year, unit_id ORDER BY year, unit_id
"""


def timed(fn, repeat):
    """Wall time, and this process's CPU time (Python's share: steadier than the
    wall time on a busy machine, where the database's work does not show)."""
    times, cpu = [], []
    result = None
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        result = fn()
        times.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    return {
        "median_ms": round(statistics.median(times), 1),
        "min_ms": round(min(times), 1),
        "python_cpu_median_ms": round(statistics.median(cpu), 2),
    }, result


def raw(sql=RAW_SQL):
    from django.conf import settings

    with connection.cursor() as cursor:
        cursor.execute(sql, {"tz": settings.TIME_ZONE})
        return cursor.fetchall()


def orm():
    return headcount(scope=ALL_UNITS, by=["year", "unit"])


def cumulative():
    return headcount(
        scope=ALL_UNITS,
        flt=HeadcountFilter(year=2030, first_year=2021, cumulative=True),
    )


def dashboard(repeat: int) -> dict:
    """The plan dashboard of 2025 for a plan manager: its figures
    (``dashboard_data``) and the whole admin page through the test client, with
    the cache made cold (generation bumped) before each run, then warm."""
    from django.test import Client

    from accounts.models import User
    from accounts.roles import Role
    from plan.dashboard import current_plan, dashboard_data, dashboard_data_cached
    from plan.loader import SEED, plan_file_read, plan_load
    from plan.services import generation_bump

    plan = current_plan() or plan_load(data=plan_file_read(SEED)).plan
    manager = User.objects.filter(groups__name=Role.PLAN_MANAGER.value).first()
    client = Client(HTTP_HOST="127.0.0.1")  # allowed by every settings module
    client.force_login(manager)
    url = "/admin/plan/dashboard/?year=2025"

    def page():
        response = client.get(url)
        assert response.status_code == 200, response.status_code
        return response

    def cold_page():
        generation_bump()
        return page()

    from django.test import override_settings

    out = {}
    out["figures_uncached"], _ = timed(
        lambda: dashboard_data(scope=ALL_UNITS, plan=plan, year=2025), repeat
    )
    page()  # templates, session, plan loaded once
    # Cold: counted while the reader waits (no fresh window, as on the first
    # view or a minute after the last count); after a change within the window
    # the page is served like a warm one while a task counts.
    with override_settings(PLAN_DASHBOARD_FRESH_SECONDS=0):
        out["page_cold"], _ = timed(cold_page, repeat)
        generation_bump()
        with CaptureQueriesContext(connection) as queries:
            page()
        out["page_cold"]["queries"] = len(queries)
    out["page_warm"], _ = timed(page, repeat)
    with CaptureQueriesContext(connection) as queries:
        page()
    out["page_warm"]["queries"] = len(queries)
    out["home_panel_warm"], _ = timed(
        lambda: dashboard_data_cached(
            scope=ALL_UNITS, plan=plan, year=2025, compact=True
        ),
        repeat,
    )
    return out


def export_memory(rows: int) -> dict:
    fake = (
        {
            "full_name": f"Nguyễn Văn {i}",
            "email": f"hv{i}@example.vn",
            "audience_group_name": "Cán bộ",
            "unit_name": "Sở Khoa học và Công nghệ",
            "commune_name": "Vị Tân",
            "district": "Thành phố Vị Thanh",
            "course_title": "Sở hữu trí tuệ cơ bản",
            "class_title": "",
            "year": 2026,
        }
        for i in range(rows)
    )
    tracemalloc.start()
    start = time.perf_counter()
    with tempfile.TemporaryFile() as handle:
        write_people_xlsx(fake, handle)
        size = handle.tell()
    elapsed = time.perf_counter() - start
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {
        "rows": rows,
        "seconds": round(elapsed, 1),
        "tracemalloc_peak_mb": round(peak / 2**20, 1),
        "max_rss_mb": round(
            resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1
        ),
        "file_mb": round(size / 2**20, 1),
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--export-rows", type=int, default=100_000)
    args = parser.parse_args()
    from courses.models import Enrollment

    out = {"vendor": connection.vendor, "enrollments": Enrollment.objects.count()}
    orm()  # warm up
    out["orm"], orm_rows = timed(orm, args.repeat)
    if connection.vendor == "postgresql":
        raw()
        out["raw_sql"], raw_rows = timed(raw, args.repeat)
        out["ratio"] = round(
            out["orm"]["median_ms"] / max(out["raw_sql"]["median_ms"], 0.001), 2
        )
        orm_table = sorted(
            (r["year"], r["unit"], r["persons"], r["person_courses"]) for r in orm_rows
        )
        out["same_result"] = orm_table == sorted(tuple(r) for r in raw_rows)
        out["raw_sql_source"], source_rows = timed(
            lambda: raw(RAW_SOURCE_SQL), max(3, args.repeat // 2)
        )
        out["same_result_source"] = orm_table == sorted(tuple(r) for r in source_rows)
        out["person_courses_counted"] = sum(r[3] for r in source_rows)
    out["cumulative_total"], total = timed(cumulative, args.repeat)
    if connection.vendor == "postgresql":
        out["cumulative_raw_sql"], raw_total = timed(
            lambda: raw(RAW_CUMULATIVE_SQL), args.repeat
        )
        out["cumulative_ratio"] = round(
            out["cumulative_total"]["median_ms"]
            / max(out["cumulative_raw_sql"]["median_ms"], 0.001),
            2,
        )
        out["cumulative_same_result"] = [
            (total[0]["persons"], total[0]["person_courses"])
        ] == raw_total
    out["dashboard"] = dashboard(args.repeat)
    out["xlsx_export"] = export_memory(args.export_rows)
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
