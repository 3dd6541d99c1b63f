"""Benchmark (not a test): the headcount report beside the equivalent raw SQL.

Usage (PostgreSQL, after the benchmark dataset is loaded, e.g. 200k enrolments)::

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/elearn_bench \\
        .venv/bin/python bench/bench_headcount.py [--repeat 7] [--export-rows 100000]

Prints JSON: median/min timings of ``plan.selectors.headcount`` (trained people by
year × unit, and the cumulative total) and of hand-written SQL computing the same
numbers in the same run, their ratio, and the peak memory of writing an XLSX of
``--export-rows`` people rows (tracemalloc peak and max RSS).
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

from accounts.selectors import ALL_UNITS  # noqa: E402
from plan.exports import write_people_xlsx  # noqa: E402
from plan.selectors import HeadcountFilter, headcount  # noqa: E402

RAW_SQL = """
WITH facts AS (
  SELECT e.user_id, e.course_id, e.unit_id,
         CASE WHEN c.awards_certificate THEN EXTRACT(YEAR FROM cert.issued_at
                AT TIME ZONE %(tz)s)
              ELSE EXTRACT(YEAR FROM k.end_date) END::int AS year
  FROM courses_enrollment e
  JOIN courses_coursepage c ON c.page_ptr_id = e.course_id
  LEFT JOIN certificates_certificate cert
         ON cert.enrollment_id = e.id AND cert.status = 'issued'
  LEFT JOIN courses_trainingclass k ON k.id = e.training_class_id
  WHERE (c.awards_certificate AND cert.id IS NOT NULL)
     OR (NOT c.awards_certificate AND e.training_class_id IS NOT NULL
         AND e.status IN ('active', 'completed')
         -- present sessions x 100 >= minimum x sessions (NULL: no session)
         AND (SELECT sum(CASE WHEN EXISTS (
                           SELECT 1 FROM courses_attendance a
                           WHERE a.session_id = s.id AND a.user_id = e.user_id
                             AND a.present)
                         THEN 100 ELSE 0 END - k.min_attendance_percent)
              FROM courses_classsession s
              WHERE s.training_class_id = e.training_class_id) >= 0)
)
SELECT year, unit_id, count(DISTINCT user_id),
       count(DISTINCT (user_id || '-' || course_id || '-' || coalesce(year::text, ''))
                      COLLATE "C")
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


def raw():
    from django.conf import settings

    with connection.cursor() as cursor:
        cursor.execute(RAW_SQL, {"tz": settings.TIME_ZONE})
        return cursor.fetchall()


def orm():
    return headcount(scope=ALL_UNITS, by=["year", "unit"])


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
        out["same_result"] = sorted(
            (r["year"], r["unit"], r["persons"], r["person_courses"]) for r in orm_rows
        ) == sorted(tuple(r) for r in raw_rows)
    out["cumulative_total"], _ = timed(
        lambda: headcount(
            scope=ALL_UNITS,
            flt=HeadcountFilter(year=2030, first_year=2021, cumulative=True),
        ),
        args.repeat,
    )
    out["xlsx_export"] = export_memory(args.export_rows)
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
