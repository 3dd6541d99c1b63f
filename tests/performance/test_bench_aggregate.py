"""bench/aggregate.py and bench/report.py: three runs reported as medians with
their spread, the targets judged on the median."""

import subprocess

from bench.aggregate import median_and_spread
from bench.harness import code_version
from bench.report import code_phrase, throughput_table


def _run(baseline_rps, catalogue_rps, p95, label="x"):
    return {
        "throughput": {
            "clients": 4,
            "baseline_bytes": 14725,
            "label": label,
            "pages": {
                "baseline": {
                    "rps": baseline_rps,
                    "p50_ms": 14.0,
                    "p95_ms": 21.0,
                    "errors": 0,
                },
                "catalogue": {
                    "rps": catalogue_rps,
                    "p50_ms": 16.0,
                    "p95_ms": p95,
                    "errors": 0,
                },
            },
        }
    }


def test_every_number_becomes_its_median_with_the_lowest_and_highest_value():
    runs = [
        _run(277.2, 248.9, 23.0, "a"),
        _run(198.0, 90.1, 25.0),
        _run(250.0, 100.0, 24.0),
    ]
    medians, spreads = median_and_spread(runs)
    catalogue = medians["throughput"]["pages"]["catalogue"]
    assert catalogue == {"rps": 100.0, "p50_ms": 16.0, "p95_ms": 24.0, "errors": 0}
    assert spreads["throughput"]["pages"]["catalogue"]["rps"] == (90.1, 248.9)
    assert medians["throughput"]["baseline_bytes"] == 14725
    assert spreads["throughput"]["baseline_bytes"] == (14725, 14725)
    # Texts come from the first run and have no spread.
    assert medians["throughput"]["label"] == "a"
    assert spreads["throughput"]["label"] is None


def test_a_figure_missing_from_a_run_is_the_median_of_the_runs_that_have_it():
    runs = [{"a": 1.0}, {"a": 3.0, "b": 7}, {"a": 2.0, "b": 9}]
    medians, spreads = median_and_spread(runs)
    assert medians == {"a": 2.0, "b": 8}
    assert spreads == {"a": (1.0, 3.0), "b": (7, 9)}


def test_the_table_shows_the_spread_and_judges_the_target_on_the_median():
    runs = [_run(200.0, 70.0, 23.0), _run(200.0, 90.0, 25.0), _run(200.0, 85.0, 24.0)]
    medians, spreads = median_and_spread(runs)
    lines = throughput_table(medians["throughput"], spreads["throughput"])
    catalogue = next(line for line in lines if line.startswith("| catalogue"))
    # Median 85 req/s of 200: 0.425 of the baseline, the target (0.40) met;
    # the lowest run (70: 0.35) would have missed it.
    assert "| 85 (70–90) |" in catalogue
    assert catalogue.endswith("| met |")
    assert "| 24 (23–25) |" in catalogue


def test_the_ratio_is_the_median_of_each_runs_own_ratio_not_of_the_medians():
    # A fast baseline in one run and a slow page in another: the medians of
    # req/s (150 and 81) would give 0.54, but two runs of three missed.
    runs = [_run(150.0, 81.0, 23.0), _run(234.0, 85.0, 25.0), _run(140.0, 52.0, 24.0)]
    for run in runs:
        pages = run["throughput"]["pages"]
        for row in pages.values():
            row["ratio_of_baseline"] = round(row["rps"] / pages["baseline"]["rps"], 3)
    medians, spreads = median_and_spread(runs)
    lines = throughput_table(medians["throughput"], spreads["throughput"])
    catalogue = next(line for line in lines if line.startswith("| catalogue"))
    assert "| 0.371 (0.363–0.54) |" in catalogue
    assert catalogue.endswith("| **missed** |")


def test_each_page_is_compared_with_the_baseline_measured_around_it():
    """The machine drifts over the phase: a page's ratio uses the mean of the
    baseline windows just before and just after it, not the first one."""
    from bench.throughput import ratios_paired

    measured = {
        "baseline": {"rps": 200.0},
        "catalogue": {"rps": 150.0},
        "quiz attempt page": {"rps": 90.0},
        "quiz submit (20 answers)": {"rps": 60.0},
        "lesson": {"rps": 50.0},
    }
    rows_of = {
        "catalogue": ["catalogue"],
        "quiz submit": ["quiz attempt page", "quiz submit (20 answers)"],
        "lesson": ["lesson"],
    }
    pages = ratios_paired(measured, rows_of, [200.0, 100.0, 140.0, None])
    assert pages["baseline"]["ratio_of_baseline"] == 1.0
    assert pages["catalogue"]["baseline_rps"] == 150.0
    assert pages["catalogue"]["ratio_of_baseline"] == 1.0
    assert pages["quiz attempt page"]["ratio_of_baseline"] == 0.75  # 90 / 120
    assert pages["quiz submit (20 answers)"]["ratio_of_baseline"] == 0.5
    # The window after the lesson failed: the one before it is the baseline.
    assert pages["lesson"]["ratio_of_baseline"] == round(50 / 140, 3)
    assert measured["catalogue"] == {"rps": 150.0}  # the input is left as it was


def test_a_paired_ratio_is_kept_and_an_older_run_gets_its_ratio_against_its_baseline():
    from bench.run import ratios_unpaired_fill

    paired = {"rps": 197.6, "baseline_rps": 254.5, "ratio_of_baseline": 0.777}
    older = {"rps": 81.2, "ratio_of_baseline": 0.54}
    runs = [
        {"throughput": {"pages": {"baseline": {"rps": 150.3}, "course page": older}}},
        {"throughput": {"pages": {"catalogue": paired}}},
    ]
    ratios_unpaired_fill(runs)
    assert paired["ratio_of_baseline"] == 0.777  # not 197.6 / 254.5 = 0.776
    assert older["ratio_of_baseline"] == round(81.2 / 150.3, 3)


def test_the_report_names_the_commit_every_run_measured():
    clean = {"commit": "9e2cd63abcde", "uncommitted": []}
    assert code_phrase([clean, clean, clean]) == "commit `9e2cd63abcde`, every run"


def test_the_report_names_uncommitted_code_and_runs_that_measured_different_code():
    changed = {"commit": "9e2cd63abcde", "uncommitted": ["courses/views.py"]}
    clean = {"commit": "9e2cd63abcde", "uncommitted": []}
    phrase = code_phrase([clean, changed])
    assert phrase == (
        "run 1: commit `9e2cd63abcde`; run 2: commit `9e2cd63abcde` with "
        "uncommitted changes to courses/views.py"
    )
    assert code_phrase([clean, None]).startswith("not recorded")


def test_a_run_records_its_commit_and_changed_code_but_not_its_own_output(tmp_path):
    def git(*args):
        return subprocess.run(
            ["git", *args], cwd=tmp_path, check=True, capture_output=True, text=True
        ).stdout

    git("init", "-q")
    for name in ("views.py", "bench/results/run-1.json", "docs/benchmarks.md"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("1")
    git("add", "-A")
    git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "one")
    for name in ("views.py", "bench/results/run-1.json", "docs/benchmarks.md"):
        (tmp_path / name).write_text("2")
    (tmp_path / "new.py").write_text("x")

    code = code_version(tmp_path)

    head = git("rev-parse", "--short=12", "HEAD").strip()
    assert code == {"commit": head, "uncommitted": ["views.py", "new.py"]}
