"""Snapshot of plan outputs (not part of the repo): run before and after a refactor."""
import itertools
import json
import os

import pytest

OUT = os.environ.get("SNAP_OUT", "/tmp/planfix/snap")


@pytest.mark.django_db
def test_snapshot():
    from reportlab import rl_config

    rl_config.invariant = 1
    from core.services import site_home_ensure
    from accounts.selectors import ALL_UNITS
    from plan import selectors as s
    from plan.models import AnnualReport
    from plan.report_data import annual_report_data
    from plan import report_pdf
    from plan.tests.factories import headcount_world
    from django.utils import translation

    w = headcount_world(site_home_ensure())
    out = {}
    dims = list(s.ALL_DIMENSIONS)
    combos = [()] + [(d,) for d in dims] + [
        c for c in itertools.combinations(dims, 2) if not set(c) >= {"plan_task", "task_group"}
    ]
    flts = {
        "none": s.HeadcountFilter(),
        "2022": s.HeadcountFilter(year=2022, first_year=2021),
        "cum": s.HeadcountFilter(year=2022, first_year=2021, cumulative=True),
        "u1": s.HeadcountFilter(unit=w["u1"].pk),
        "area": s.HeadcountFilter(ip_area=w["x"].pk),
        "task": s.HeadcountFilter(plan_task=w["t1"].pk),
        "tg": s.HeadcountFilter(task_group=w["tg2"].pk),
        "lvl": s.HeadcountFilter(level="intermediate", year=2022, first_year=2021),
        "dist": s.HeadcountFilter(district="Huyện Hai"),
        "course": s.HeadcountFilter(course=w["c"].pk),
        "class": s.HeadcountFilter(training_class=w["k"].pk),
        "commune": s.HeadcountFilter(commune=w["p"][1].enrollments.first().commune_id),
    }
    for metric in s.Metric.values:
        for fname, flt in flts.items():
            for by in combos:
                for scope_name, scope in (("all", ALL_UNITS), ("u2", w["u2"])):
                    rows = s.headcount(scope=scope, by=by, metric=metric, flt=flt)
                    out[f"{metric}|{fname}|{','.join(by)}|{scope_name}"] = sorted(
                        json.dumps(r, sort_keys=True, default=str) for r in rows
                    )
            rows = list(s.facts_filtered(scope=ALL_UNITS, metric=metric, flt=flt).values("pk", "year"))
            out[f"facts|{metric}|{fname}"] = sorted(json.dumps(r) for r in rows)
    out["labels"] = s.labelled(s.headcount(scope=ALL_UNITS, by=["level", "course"]), ["level", "course"])
    with open(OUT + ".json", "w") as f:
        json.dump(out, f, indent=1, sort_keys=True, default=str)
    report = AnnualReport.objects.create(plan=w["plan"], year=2022, kind="midterm")
    with translation.override("vi"):
        data = annual_report_data(report=report)
        data["document"]["place_date"] = "fixed"
        data["document"]["date"] = "fixed"
        pdf = report_pdf.render(data)
    with open(OUT + ".pdf", "wb") as f:
        f.write(pdf)
