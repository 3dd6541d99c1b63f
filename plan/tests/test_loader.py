"""Loading the plan file: counts, verbatim text, idempotency, bad files."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from plan.loader import SEED, PlanFileError, plan_file_read, plan_load
from plan.models import (
    ImplementingUnitGroup,
    IndicatorKind,
    Objective,
    Plan,
    PlanTask,
    TaskGroup,
    UnitDuty,
)

pytestmark = pytest.mark.django_db
# The plan's full text as published (a copy of shared/seeds/), which the seed's
# task and duty texts must quote word for word.
SOURCE = Path(__file__).resolve().parents[1] / "seeds" / "ke-hoach-66-KH-UBND-2021.txt"


def counts():
    return [
        m.objects.count()
        for m in (
            Plan,
            Objective,
            IndicatorKind,
            TaskGroup,
            PlanTask,
            ImplementingUnitGroup,
            UnitDuty,
        )
    ]


def test_the_seed_plan_has_5_objectives_9_task_groups_and_9_unit_groups(directory_seed):
    out = StringIO()
    call_command("load_plan", str(SEED), stdout=out)
    plan = Plan.objects.get(number="66/KH-UBND")
    assert plan.objectives.count() == 5
    assert plan.task_groups.count() == 9
    assert plan.unit_groups.count() == 9
    bullets = [
        g.tasks.filter(parent__isnull=True).count() for g in plan.task_groups.all()
    ]
    assert bullets == [4, 4, 8, 5, 7, 4, 2, 2, 2]
    assert PlanTask.objects.filter(parent__isnull=False).count() == 5
    assert (plan.period_start, plan.period_end, plan.midterm_year) == (2021, 2030, 2025)
    assert str(plan.issued_on) == "2021-04-12"
    assert "objective created: 5" in out.getvalue()
    assert "task group created: 9" in out.getvalue()


def test_objectives_carry_the_numeric_growth_targets(directory_seed):
    plan_load(data=plan_file_read(SEED))
    ii4 = Objective.objects.get(code="II.4")
    ii5 = Objective.objects.get(code="II.5")
    assert (ii4.growth_min_percent, ii4.growth_max_percent) == (3, 5)
    assert (ii5.growth_min_percent, ii5.growth_max_percent) == (2, 2)
    assert ii4.kinds.count() == 5 and ii5.kinds.count() == 3


def test_units_are_mapped_to_the_directory(directory_seed):
    plan_load(data=plan_file_read(SEED))
    codes = {
        g.code: sorted(g.units.values_list("code", flat=True))
        for g in ImplementingUnitGroup.objects.all()
    }
    assert codes["V.1"] == ["so-khcn"]
    assert codes["V.4"] == ["so-khdt", "so-tai-chinh"]
    assert len(codes["V.9"]) == 8 and all(c.startswith("ubnd-") for c in codes["V.9"])
    assert len(codes["V.6"]) > 1


def test_task_and_duty_texts_are_verbatim(directory_seed):
    plan_load(data=plan_file_read(SEED))
    source = SOURCE.read_text(encoding="utf-8").replace("\xa0", " ")
    for text in PlanTask.objects.values_list("text", flat=True):
        assert text in source
    for text in UnitDuty.objects.values_list("text", flat=True):
        assert text in source
    task = PlanTask.objects.get(code="III.4.5")
    assert task.text.startswith("Xây dựng và triển khai các chương trình tập huấn")
    assert task.is_training


def test_a_second_load_changes_nothing(directory_seed):
    call_command("load_plan", str(SEED), stdout=StringIO())
    before = counts()
    out = StringIO()
    call_command("load_plan", str(SEED), stdout=out)
    assert counts() == before
    assert "nothing changed" in out.getvalue()
    assert "created" not in out.getvalue() and "updated" not in out.getvalue()


def test_an_edited_file_updates_in_place(directory_seed, tmp_path):
    plan_load(data=plan_file_read(SEED))
    data = json.loads(SEED.read_text(encoding="utf-8"))
    data["task_groups"][0]["title"] = "Tiêu đề mới"
    result = plan_load(data=data)
    assert result.counts["task group updated"] == 1
    assert TaskGroup.objects.get(code="III.1").title == "Tiêu đề mới"
    assert counts()[3] == 9


def test_unknown_unit_codes_are_refused_and_nothing_is_written(
    directory_seed, tmp_path
):
    data = json.loads(SEED.read_text(encoding="utf-8"))
    data["implementing_units"][0]["units"] = ["khong-ton-tai"]
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(CommandError, match="khong-ton-tai"):
        call_command("load_plan", str(path), stdout=StringIO())
    assert Plan.objects.count() == 0


def test_a_file_that_is_not_a_plan_gets_a_clear_error(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(PlanFileError, match="JSON"):
        plan_file_read(path)
    path.write_text(json.dumps({"number": "1"}), encoding="utf-8")
    with pytest.raises(PlanFileError, match="format"):
        plan_file_read(path)
