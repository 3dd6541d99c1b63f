"""Turn bench/results/summary.json into docs/benchmarks.md (tables + targets).

Each figure is the median of the runs; where the runs differed, its lowest and
highest value follow in brackets (``summary["spread"]``, bench/aggregate.py).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

TARGETS = {"ratio": 0.40, "p95": 150, "submit_p95": 250}
LEARNER_PAGES = [
    "catalogue",
    "course page",
    "lesson",
    "dashboard",
    "quiz attempt page",
    "quiz submit (20 answers)",
    "certificate verification",
]
#: What one request of each page costs in-process (bench/profile_pages.py).
PROFILE_NOTE = (
    "One request of each learner page, in-process (Django's test client, a "
    "seeded learner, the benchmark database and Redis cache), nothing else "
    "running: median of 30; and the plan's dashboard and headcount report as "
    "the plan manager and as a unit's focal point. The benchmark's learners "
    "accumulate attempts run after run; the quiz intro lists the latest ten and "
    "counts the rest."
)


def _ms(value) -> str:
    return "–" if value is None else f"{value:.0f}"


def _num(value) -> str:
    if value is None:
        return "–"
    if float(value).is_integer() and abs(value) >= 1e5:
        return str(int(value))  # a count or a size: every digit
    return f"{value:g}"


def _cell(value, spread, show=_num) -> str:
    """``value`` and, when the runs differed, "(lowest–highest)"."""
    text = show(value)
    if spread and value is not None and show(spread[0]) != show(spread[1]):
        text += f" ({show(spread[0])}–{show(spread[1])})"
    return text


def _at(spread, *keys):
    for key in keys:
        if not isinstance(spread, dict):
            return None
        spread = spread.get(key)
    return spread


def window_phrase(throughput: dict) -> str:
    seconds = throughput.get("baseline_window_seconds")
    return f"{seconds} s each" if seconds else "(older runs: once, before the pages)"


def _verdict(ok: bool | None) -> str:
    return "–" if ok is None else ("met" if ok else "**missed**")


def throughput_table(data: dict, spread=None) -> list[str]:
    pages = data["pages"]
    lines = [
        "| page | req/s | × baseline | p50 ms | p95 ms | errors | target ≥ 40 % |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]
    baseline = (pages.get("baseline") or {}).get("rps")
    for name, row in pages.items():
        if not row:
            lines.append(f"| {name} | not measured | | | | | |")
            continue
        # Each run compares the page with the baseline it measured just before
        # and just after it (bench/throughput.py); the table shows the median
        # of those ratios (their spread in brackets). The ratio of the median
        # req/s would pair figures from different runs.
        ratio = row.get("ratio_of_baseline")
        if ratio is None and baseline:
            ratio = round(row["rps"] / baseline, 3)
        learner = name in LEARNER_PAGES or name == "quiz submit"
        ok = ratio >= TARGETS["ratio"] if (learner and ratio is not None) else None
        of = _at(spread, "pages", name) or {}
        rps = _cell(row["rps"], of.get("rps"))
        if "rps_in_cycle" in row:  # see bench/throughput.py quiz_throughput
            rps = f"{rps}; cycle: {_cell(row['rps_in_cycle'], of.get('rps_in_cycle'))}"
        lines.append(
            f"| {name} | {rps} | {_cell(ratio, of.get('ratio_of_baseline'))} | "
            f"{_cell(row['p50_ms'], of.get('p50_ms'), _ms)} | "
            f"{_cell(row['p95_ms'], of.get('p95_ms'), _ms)} | "
            f"{_cell(row['errors'], of.get('errors'))} | {_verdict(ok)} |"
        )
    return lines


def profile_table(data: dict, spread=None) -> list[str]:
    lines = ["| page | CPU ms | wall ms | queries |", "|---|---:|---:|---:|"]
    for name, row in data.items():
        if isinstance(row, dict) and "cpu_median_ms" in row:
            of = _at(spread, name) or {}
            lines.append(
                f"| {name} | {_cell(row['cpu_median_ms'], of.get('cpu_median_ms'))} | "
                f"{_cell(row['median_ms'], of.get('median_ms'))} | "
                f"{row.get('queries', '–')} |"
            )
    return lines


def _with_spread(medians, spread):
    """The apps' JSON with each number that varied written "median (lowest–highest)"."""
    if isinstance(medians, dict):
        return {
            key: _with_spread(value, _at(spread, key)) for key, value in medians.items()
        }
    if spread and spread[0] != spread[1]:
        return _cell(medians, spread)
    return medians


def staff_phrase(fixed_rate: dict) -> str:
    """Who opened the plan pages in (b): runs before the focal points had one."""
    focal_points = fixed_rate.get("plan_staff", 1) - 1
    if not focal_points:
        return "one plan manager"
    return f"one plan manager and {focal_points} units' focal points (own unit each)"


def fixed_rate_table(data: dict, spread=None) -> list[str]:
    lines = [
        "| page | requests | req/s | p50 ms | p95 ms | p99 ms | errors | target |",
        "|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for name, row in data["pages"].items():
        limit = (
            TARGETS["submit_p95"] if name.startswith("quiz submit") else TARGETS["p95"]
        )
        ok = None
        if name != "Aggregated" and row["p95_ms"] is not None:
            ok = row["p95_ms"] <= limit and row["errors"] == 0
        target = f"p95 ≤ {limit} ms, 0 errors" if name != "Aggregated" else ""
        of = _at(spread, "pages", name) or {}
        cells = [
            _cell(row["requests"], of.get("requests")),
            _cell(row["rps"], of.get("rps")),
            *(_cell(row[k], of.get(k), _ms) for k in ("p50_ms", "p95_ms", "p99_ms")),
            _cell(row["errors"], of.get("errors")),
        ]
        lines.append(
            f"| {name} | {' | '.join(cells)} | "
            f"{target} {_verdict(ok) if ok is not None else ''} |"
        )
    return lines


def code_phrase(codes: list) -> str:
    """Which code the runs measured: the commit, and any change not committed."""
    if not codes or None in codes:
        return "not recorded (runs made before the commit was written down)"

    def one(code: dict) -> str:
        text = f"commit `{code['commit']}`"
        if code["uncommitted"]:
            text += " with uncommitted changes to " + ", ".join(code["uncommitted"])
        return text

    described = [one(code) for code in codes]
    if len(set(described)) == 1:
        return f"{described[0]}, every run"
    return "; ".join(
        f"run {number}: {text}" for number, text in enumerate(described, 1)
    )


def write_markdown(summary: dict, path: Path) -> None:
    m = summary["machine"]
    d = summary["dataset"]
    apps = summary.get("apps", {})
    bulk = summary.get("bulk_issue", {})
    spread = summary.get("spread") or {}
    runs = summary.get("runs", 1)
    bulk_seconds = _cell(
        bulk.get("wall_seconds"), _at(spread, "bulk_issue", "wall_seconds")
    )
    bulk_rate = _cell(bulk.get("per_second"), _at(spread, "bulk_issue", "per_second"))
    lines = [
        "# Benchmarks",
        "",
        "Produced by `make bench` (bench/run.py); raw figures in",
        "`bench/results/*.json`.",
        "Re-run it after a change that touches a page, a query or a PDF, and commit",
        "the new table with the change.",
        "",
        f"Every figure is the median of {runs} runs of the measurements on the "
        "same dataset; where the runs differed, the lowest and highest value "
        "follow in brackets. Targets are judged on the median; each run's own "
        "figures are in `bench/results/run-<n>.json`.",
        "",
        "## Machine and versions",
        "",
        f"- Code measured: {code_phrase(summary.get('code'))}",
        f"- CPU: {m['cpu']}, {m['cores']} cores, {m['memory_gib']} GiB RAM; {m['os']}",
        f"- Python {m['python']}, Django {m['django']}, Wagtail {m['wagtail']}, "
        f"PostgreSQL {m.get('postgresql')}, Redis {m.get('redis')}, "
        f"gunicorn {m.get('gunicorn')} ({m['gunicorn_workers']} sync workers), "
        f"locust {m.get('locust')}, ReportLab {m.get('reportlab')}, "
        f"Celery {m.get('celery')}",
        "- Everything on one machine: gunicorn, PostgreSQL, Redis and the load "
        "generator share the two cores, so the figures are a floor.",
        "",
        "## Dataset",
        "",
        f"Scale {d['scale']} (bench/seed.py, COPY; seeded in {d['seconds']} s):",
        "",
        "| table | rows |",
        "|---|---:|",
        *[f"| {k} | {v:,} |" for k, v in d["counts"].items()],
        "",
        "Enrolments, progress, attempts and certificates are spread over 2021–2026 "
        "and every unit, commune and audience group of the directory seed. Plan "
        "66/KH-UBND is loaded as the current plan, with yearly targets, and each "
        "course serves one or two of its training tasks.",
        "",
        "## Command",
        "",
        "```",
        "make bench            # = .venv/bin/python bench/run.py",
        "BENCH_QUICK=1 BENCH_SCALE=0.05 .venv/bin/python bench/run.py   # smoke run",
        "```",
        "",
        "## (a) Maximum throughput per page (closed loop)",
        "",
        f"{summary['throughput']['clients']} locust clients with no think time, "
        f"{summary['throughput']['seconds']} s per page, signed in as learners. "
        "The baseline is a bare Django view (one query, a template padded to the "
        f"catalogue's size, {summary['throughput']['baseline_bytes']} bytes) behind "
        "the same middleware and the same site header. It is measured before "
        f"every page and after the last, {window_phrase(summary['throughput'])}; "
        'a page\'s "× baseline" is its req/s over the mean of the two baseline '
        "windows around it, so that the shared machine's drift over the phase "
        "falls on both (the baseline row is the first window).",
        "",
        *throughput_table(summary["throughput"], spread.get("throughput")),
        "",
        "A submit needs a fresh attempt, so the quiz steps run as one cycle "
        "(intro, start, attempt page, submit) and each is served as often as the "
        "cycle (*cycle* req/s). A step's own req/s is its requests ÷ its share of "
        "the clients' waiting time (requests × mean latency), i.e. what the "
        "clients would get if they spent all their time on that step "
        "(`bench/throughput.py`, `quiz_throughput`).",
        "",
        "## (b) Latency at 50 requests/s (Moodle's 100-user plan)",
        "",
        "100 learners ramped over 40 s, each looping catalogue → course page → "
        "lesson → dashboard → quiz (intro, start, attempt page, submit of 20 "
        "answers) → certificate verification at 0.5 requests/s (50 requests/s in "
        f"all), plus {staff_phrase(summary['fixed_rate'])} on the dashboard, the "
        "headcount report and its CSV export, each every 2 s; "
        f"{summary['fixed_rate']['seconds']} s including the ramp. "
        "The site's background work (certificates, e-mail, dashboard recounts) "
        "goes to a real Celery worker on the same machine. The plan pages are "
        "opened six times before the run (phase (a) warmed the learner pages): "
        "a fresh gunicorn worker compiles the admin's templates on its first "
        "admin page.",
        "",
        *fixed_rate_table(summary["fixed_rate"], spread.get("fixed_rate")),
        "",
        "For scale: Open edX's published load test of subsection gating measured "
        "p95 1.1 s at 600 users on 3 application servers.",
        "",
        "## One request of each page, in-process",
        "",
        PROFILE_NOTE,
        "",
        *profile_table(
            apps.get("profile_pages", {}), _at(spread, "apps", "profile_pages")
        ),
        "",
        "## Certificates, headcount, bulk issue, export",
        "",
        'A number that varied between the runs is written "median (lowest–highest)".',
        "",
        "```json",
        json.dumps(
            _with_spread(
                {k: v for k, v in apps.items() if k != "profile_pages"},
                spread.get("apps"),
            ),
            ensure_ascii=False,
            indent=1,
        )[:8000],
        "```",
        "",
        f"Bulk issue through a real Celery worker (2 processes, own redis-server): "
        f"{bulk.get('done')} of {bulk.get('total')} certificates in "
        f"{bulk_seconds} s ({bulk_rate}/s), status "
        f"{bulk.get('status')}, ZIP archive "
        f"{'written' if bulk.get('archive') else 'missing'}.",
        "",
        "## Timings of the run",
        "",
        *[
            f"- {k}: {_cell(v, _at(spread, 'timings', k))} s"
            for k, v in summary.get("timings", {}).items()
        ],
        "",
    ]
    path.parent.mkdir(exist_ok=True)
    notes = path.parent / "benchmarks-notes.md"
    if notes.exists():
        lines += ["## Notes", "", notes.read_text(encoding="utf-8")]
    path.write_text("\n".join(lines), encoding="utf-8")


if __name__ == "__main__":
    root = Path(__file__).resolve().parent.parent
    summary = json.loads((root / "bench" / "results" / "summary.json").read_text())
    write_markdown(
        summary,
        Path(sys.argv[1]) if len(sys.argv) > 1 else root / "docs" / "benchmarks.md",
    )
