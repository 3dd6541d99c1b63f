"""Several runs of `make bench` as one result: every figure's median and spread.

One run on a shared two-core machine varies (the baseline's throughput moved
between 198 and 277 req/s from one run to the next), so bench/run.py runs the
measurements BENCH_RUNS times (3 by default) and reports, for every number, the
median and the lowest and highest value; the targets are judged on the median.
"""

from __future__ import annotations

import statistics


def _is_number(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def median_and_spread(runs: list):
    """(medians, spreads) of runs that share one structure (dicts of dicts…).

    A number becomes the median of its values in the runs (rounded as they
    were) and, in ``spreads``, the pair (lowest, highest); anything else (a
    text, a list) is taken from the first run, with no spread. A key missing
    from some runs is aggregated over the runs that have it."""
    present = [value for value in runs if value is not None]
    if not present:
        return None, None
    if all(isinstance(value, dict) for value in present):
        keys = list(dict.fromkeys(key for value in present for key in value))
        medians, spreads = {}, {}
        for key in keys:
            medians[key], spreads[key] = median_and_spread(
                [value.get(key) for value in present]
            )
        return medians, spreads
    if all(_is_number(value) for value in present):
        middle = statistics.median(present)
        if all(isinstance(value, int) for value in present):
            middle = round(middle)
        else:
            digits = max(_decimals(value) for value in present)
            middle = round(middle, digits)
        return middle, (min(present), max(present))
    return present[0], None


def _decimals(value: float) -> int:
    text = repr(float(value))
    return len(text.split(".")[1]) if "." in text and "e" not in text else 3
