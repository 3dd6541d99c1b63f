"""The demo loader: seed plan, targets, demo indicators, idempotent."""

import pytest

from plan import demo
from plan.models import IndicatorValue, Plan, PlanTask, YearlyTarget

pytestmark = pytest.mark.django_db


def test_the_demo_loads_once_and_labels_invented_figures(directory_seed):
    demo.load()
    counts = (YearlyTarget.objects.count(), IndicatorValue.objects.count())
    lines = demo.load()
    assert (YearlyTarget.objects.count(), IndicatorValue.objects.count()) == counts
    assert "yearly targets: 0 created" in lines
    assert YearlyTarget.objects.filter(unit__isnull=True).count() == 8 * 10
    assert IndicatorValue.objects.filter(is_demo=False).count() == 0
    assert set(IndicatorValue.objects.values_list("year", flat=True)) == set(
        range(2020, 2027)
    )
    assert Plan.objects.get().number == "66/KH-UBND"


def test_a_group_code_stands_for_its_training_bullets(directory_seed):
    demo.load()
    plan = Plan.objects.get()
    assert [t.code for t in demo.tasks_for_code(plan, "III.4")] == ["III.4.5"]
    assert len(demo.tasks_for_code(plan, "III.9")) == 2
    assert [t.code for t in demo.tasks_for_code(plan, "III.1.2")] == ["III.1.2"]
    assert PlanTask.objects.filter(is_training=True).count() == 5
