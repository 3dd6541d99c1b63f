"""Phase (a) of `make bench`: each page alone, closed loop, against the baseline.

The machine is a shared two-core VM: its speed drifts over minutes (in-process,
the same request cost 4.6 ms of CPU, then 7.4 ms a minute later). A page
compared with a baseline measured minutes before carried that drift in its
ratio, so the baseline is measured in a window just before every page and once
after the last: a page's ratio is its req/s over the mean of the two baseline
windows around it (``ratios_paired``). The first window, as long as a page's,
is also the baseline's own row.
"""

from __future__ import annotations

import statistics
import urllib.request

from bench.harness import QUICK, locust, log

PAGES = [
    "catalogue",
    "course page",
    "lesson",
    "dashboard",
    "quiz submit",
    "certificate verification",
]
QUIZ_STEPS = (
    "quiz intro",
    "quiz start",
    "quiz attempt page",
    "quiz submit (20 answers)",
)


def step_throughput(host: str, manifest: dict) -> dict:
    """(a) each page alone, closed loop, 4 clients: requests/s the server sustains."""
    seconds = 6 if QUICK else 20
    window = 4 if QUICK else 10
    size, padding = baseline_padding(host, manifest)

    def measure(page: str, length: int) -> dict:
        return locust(
            host,
            4,
            4,
            length,
            ["SinglePage"],
            "tp",
            BENCH_PAGE=page,
            BENCH_BASELINE_BYTES=str(padding),
        )

    log("throughput: warming the workers up (not measured)")
    measure("baseline", window)  # fresh workers: imports, templates, connections
    log("throughput: baseline")
    windows = [measure("baseline", seconds).get("baseline", {})]
    measured = {"baseline": dict(windows[0])}
    rows_of = {}
    for page in PAGES:
        log(f"throughput: {page}, then the baseline again")
        stats = measure(page, seconds)
        rows = (
            quiz_throughput(stats)
            if page == "quiz submit"
            else {page: stats.get(page, {})}
        )
        measured.update(rows)
        rows_of[page] = list(rows)
        windows.append(measure("baseline", window).get("baseline", {}))
    pages = ratios_paired(measured, rows_of, [row.get("rps") for row in windows])
    return {
        "clients": 4,
        "seconds": seconds,
        "baseline_window_seconds": window,
        "baseline_bytes": size,
        "baseline_windows_rps": [row.get("rps") for row in windows],
        "pages": pages,
    }


def ratios_paired(measured: dict, rows_of: dict, windows: list) -> dict:
    """``measured`` with each page's ``baseline_rps`` (the mean of the baseline
    windows before and after it: ``windows[i]`` and ``windows[i + 1]`` for the
    i-th page of ``rows_of``) and ``ratio_of_baseline`` (three decimals).
    ``rows_of`` maps each page measured, in order, to the rows it produced (the
    quiz cycle produces several)."""
    pages = {name: dict(row) for name, row in measured.items()}
    if pages.get("baseline"):
        pages["baseline"]["ratio_of_baseline"] = 1.0
    for index, names in enumerate(rows_of.values()):
        around = [rps for rps in windows[index : index + 2] if rps]
        if not around:
            continue
        base = statistics.mean(around)
        for name in names:
            row = pages.get(name)
            if row:
                row["baseline_rps"] = round(base, 1)
                row["ratio_of_baseline"] = round(row["rps"] / base, 3)
    return pages


def page_bytes(host: str, path: str, session: str) -> int:
    """The size of a page's HTML as a signed-in learner gets it (uncompressed)."""
    request = urllib.request.Request(
        host + path, headers={"Cookie": f"sessionid={session}"}
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        return len(response.read())


def baseline_padding(host: str, manifest: dict) -> tuple[int, int]:
    """(the catalogue's size, the ``bytes`` to ask the baseline for) so that the
    baseline page is as large as the catalogue, to a row of filler."""
    session = next(s for s in manifest["sessions"] if s["role"] == "learner")
    size = page_bytes(host, manifest["catalogue_url"], session["session"])
    padding = size
    for _round in range(3):  # the view's estimate of its own frame, corrected
        got = page_bytes(host, f"/bench/baseline/?bytes={padding}", session["session"])
        if abs(got - size) <= 400:
            break
        padding += size - got
    else:
        raise SystemExit(f"the baseline is {got} bytes, the catalogue {size}")
    log(f"catalogue {size} bytes; baseline {got} bytes (bytes={padding})")
    return size, padding


def quiz_throughput(stats: dict) -> dict:
    """Each quiz step's own throughput, from the closed loop of the whole cycle.

    A submit needs a fresh attempt, so the loop runs the cycle (intro, start,
    attempt page, submit) and every step is served as often as the cycle: its
    raw req/s is the cycle's rate, whatever the step costs. A step's own
    throughput is what the clients would get if they spent all their time on
    it: its requests ÷ (the run's length × its share of the clients' waiting
    time, requests × mean latency). Both figures are kept.
    """
    busy = sum(
        stats[name]["requests"] * stats[name]["avg_ms"]
        for name in QUIZ_STEPS
        if name in stats
    )
    rows = {}
    for name in ("quiz attempt page", "quiz submit (20 answers)"):
        row = dict(stats.get(name, {}))
        if row and busy:
            share = row["requests"] * row["avg_ms"] / busy
            row["rps_in_cycle"] = row["rps"]
            row["rps"] = round(row["rps"] / share, 1)
        rows[name] = row
    rows["quiz cycle (4 requests)"] = stats.get("Aggregated", {})
    return rows
