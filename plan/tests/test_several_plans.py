"""Several plans at once: one file with several plans, a plan superseding
others, a course serving tasks of two plans, dashboards choosing the plan."""

import copy
import json

import pytest
from django.urls import reverse

from plan.loader import SEED, PlanFileError, plan_file_validate, plans_load
from plan.models import Plan, PlanTask, YearlyTarget
from plan.selectors import ALL_UNITS, HeadcountFilter, headcount_total
from plan.tests.factories import certify, course, enrol
from tests.factories import AudienceGroupFactory, UnitFactory, UserFactory

pytestmark = pytest.mark.django_db


def _small_plan(number, *, start, end, task_code, superseded_by=None):
    plan = {
        "number": number,
        "title": f"Kế hoạch {number}",
        "date": f"{start}-03-01",
        "period": {"start": start, "end": end, "milestones": [end]},
        "objectives": [{"code": "II.1", "text": "Mục tiêu"}],
        "task_groups": [
            {
                "code": "III.1",
                "title": "Đào tạo",
                "tasks": [{"code": task_code, "text": "Tập huấn", "training": True}],
            }
        ],
    }
    if superseded_by:
        plan["superseded_by"] = superseded_by
    return plan


@pytest.fixture
def three_plans():
    from directory.services import directory_load

    directory_load()
    plan_66 = json.loads(SEED.read_text(encoding="utf-8"))
    plan_66.pop("format")
    plan_66["superseded_by"] = "01/KH-UBND-CT"
    data = {
        "format": "plan-as-data/1",
        "plans": [
            plan_66,
            _small_plan(
                "45/KH-UBND-ST",
                start=2022,
                end=2030,
                task_code="III.1.1",
                superseded_by="01/KH-UBND-CT",
            ),
            _small_plan("01/KH-UBND-CT", start=2026, end=2035, task_code="III.1.1"),
        ],
    }
    return data, plans_load(data=data)


def test_one_file_loads_several_plans_with_their_periods_and_successor(three_plans):
    data, results = three_plans
    assert [r.plan.number for r in results] == [
        "66/KH-UBND",
        "45/KH-UBND-ST",
        "01/KH-UBND-CT",
    ]
    city = Plan.objects.get(number="01/KH-UBND-CT")
    assert (city.period_start, city.period_end) == (2026, 2035)
    assert set(city.supersedes.values_list("number", flat=True)) == {
        "66/KH-UBND",
        "45/KH-UBND-ST",
    }
    # Loading the same file again changes nothing.
    assert not any(result.changed for result in plans_load(data=data))


def test_a_plan_superseded_by_an_unknown_plan_is_refused():
    data = {
        "format": "plan-as-data/1",
        "plans": [
            _small_plan(
                "A", start=2021, end=2025, task_code="III.1.1", superseded_by="Z"
            ),
            _small_plan("B", start=2021, end=2025, task_code="III.1.1"),
        ],
    }
    with pytest.raises(PlanFileError, match="Z"):
        plan_file_validate(copy.deepcopy(data))
    assert not Plan.objects.exists()


def test_a_course_serving_tasks_of_two_plans_counts_for_each(three_plans, home_page):
    task_66 = PlanTask.objects.get(group__plan__number="66/KH-UBND", code="III.4.5")
    task_st = PlanTask.objects.get(group__plan__number="45/KH-UBND-ST", code="III.1.1")
    task_city = PlanTask.objects.get(
        group__plan__number="01/KH-UBND-CT", code="III.1.1"
    )
    shared = course(home_page, "chung", tasks=[task_66, task_st])
    unit, group = UnitFactory(), AudienceGroupFactory()
    enrolment = enrol(
        UserFactory(), shared, unit=unit, group=group, commune=None, year=2024
    )
    certify(enrolment, year=2024)

    def trained(task):
        flt = HeadcountFilter(year=2024, plan_task=task.pk)
        return headcount_total(scope=ALL_UNITS, flt=flt)["persons"]

    assert trained(task_66) == 1
    assert trained(task_st) == 1
    assert trained(task_city) == 0


def test_the_dashboard_shows_the_plan_chosen_side_by_side(
    three_plans, client, plan_manager
):
    st = Plan.objects.get(number="45/KH-UBND-ST")
    city = Plan.objects.get(number="01/KH-UBND-CT")
    YearlyTarget.objects.create(
        plan=st, year=2026, audience_group=AudienceGroupFactory(), target=17
    )
    client.force_login(plan_manager)
    url = reverse("plan_admin:dashboard")

    html_66 = client.get(url + "?plan=66/KH-UBND&year=2026").content.decode()
    html_st = client.get(url + f"?plan={st.pk}&year=2026").content.decode()
    html_city = client.get(url + f"?plan={city.pk}&year=2035").content.decode()

    assert "66/KH-UBND — " in html_66 and "(2021–2030)" in html_66
    assert "Thay thế bởi kế hoạch 01/KH-UBND-CT" in html_66
    assert "45/KH-UBND-ST — " in html_st and "(2022–2030)" in html_st
    assert '<span class="plan-total__value">17</span>' in html_st
    assert "01/KH-UBND-CT — " in html_city and "(2026–2035)" in html_city
    # Each page offers the other plans.
    for html in (html_66, html_st, html_city):
        assert html.count('name="plan"') == 1
        assert "45/KH-UBND-ST (2022–2030)" in html
