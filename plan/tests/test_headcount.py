"""Headcount arithmetic on a hand-built world (plan/tests/factories.py).

People, by the snapshot on their enrolment:
  p1 u1/g1: A certificate 2021; B certificate 2022
  p2 u1/g2 in 2021 (A certificate), u2/g1 in 2022 (B certificate)
  p3 u2/g1: A certificate revoked; class K (course C, no certificate) 3/4 present
  p4 u2/g2: class K 2/4 present (below 75%); A certificate pending
  p5 u1/g1: A enrolled 2021, certificate 2022
  p6 u1/g1: two enrolments in A in 2021, both certified → counted once
"""

import pytest

from accounts.selectors import ALL_UNITS
from plan.selectors import HeadcountFilter, Metric, headcount, headcount_total
from plan.tests.factories import headcount_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(home_page):
    return headcount_world(home_page)


def table(rows, *keys):
    return {
        tuple(r[k] for k in keys): (r["persons"], r["person_courses"]) for r in rows
    }


def year(y, **kw):
    return HeadcountFilter(year=y, first_year=2021, **kw)


def test_trained_people_per_year_count_each_person_once_per_course(world):
    rows = headcount(scope=ALL_UNITS, by=["year"])
    assert table(rows, "year") == {(2021,): (3, 3), (2022,): (4, 4)}


def test_cumulative_counts_distinct_people_but_adds_person_courses_over_years(world):
    total = headcount_total(
        scope=ALL_UNITS,
        flt=HeadcountFilter(year=2022, first_year=2021, cumulative=True),
    )
    assert (total["persons"], total["person_courses"]) == (5, 7)


def test_people_who_moved_are_counted_in_the_unit_they_were_in(world):
    u1, u2 = world["u1"].pk, world["u2"].pk
    assert table(headcount(scope=ALL_UNITS, by=["year", "unit"]), "year", "unit") == {
        (2021, u1): (3, 3),
        (2022, u1): (2, 2),
        (2022, u2): (2, 2),
    }
    cumulative = HeadcountFilter(year=2022, first_year=2021, cumulative=True)
    assert table(headcount(scope=ALL_UNITS, by=["unit"], flt=cumulative), "unit") == {
        (u1,): (4, 5),
        (u2,): (2, 2),
    }


def test_people_who_changed_audience_group_are_counted_in_the_group_they_were_in(
    world,
):
    g1, g2 = world["g1"].pk, world["g2"].pk
    rows = headcount(scope=ALL_UNITS, by=["year", "audience_group"])
    assert table(rows, "year", "audience_group") == {
        (2021, g1): (2, 2),
        (2021, g2): (1, 1),
        (2022, g1): (4, 4),
    }


def test_breakdowns_by_level_ip_area_course_and_district(world):
    flt = year(2022)
    assert table(headcount(scope=ALL_UNITS, by=["level"], flt=flt), "level") == {
        ("advanced",): (1, 1),
        ("basic",): (1, 1),
        ("intermediate",): (2, 2),
    }
    x, y = world["x"].pk, world["y"].pk
    assert table(headcount(scope=ALL_UNITS, by=["ip_area"], flt=flt), "ip_area") == {
        (x,): (1, 1),
        (y,): (2, 2),
        (None,): (1, 1),
    }
    a, b, c = world["a"].pk, world["b"].pk, world["c"].pk
    assert table(headcount(scope=ALL_UNITS, by=["course"], flt=flt), "course") == {
        (a,): (1, 1),
        (b,): (2, 2),
        (c,): (1, 1),
    }
    assert table(headcount(scope=ALL_UNITS, by=["district"], flt=flt), "district") == {
        ("Huyện Một",): (2, 2),
        ("Huyện Hai",): (2, 2),
    }


def test_plan_tasks_count_through_the_course_or_the_class(world):
    tg1, tg2 = world["tg1"].pk, world["tg2"].pk
    rows = headcount(scope=ALL_UNITS, by=["year", "task_group"])
    assert table(rows, "year", "task_group") == {
        (2021, tg1): (3, 3),
        (2022, tg1): (2, 2),
        (2022, tg2): (2, 2),
    }
    t1 = world["t1"].pk
    total = headcount_total(scope=ALL_UNITS, flt=year(2022, plan_task=t1))
    assert (total["persons"], total["person_courses"]) == (2, 2)


def test_enrolled_in_progress_and_completed(world):
    def per_year(metric):
        return table(headcount(scope=ALL_UNITS, by=["year"], metric=metric), "year")

    assert per_year(Metric.ENROLLED) == {(2021,): (5, 5), (2022,): (4, 5)}
    assert per_year(Metric.IN_PROGRESS) == {(2022,): (2, 3)}
    assert per_year(Metric.COMPLETED) == {(2021,): (4, 4), (2022,): (3, 3)}


def test_a_focal_point_scope_counts_only_their_unit(world):
    rows = headcount(scope=world["u2"], by=["year"])
    assert table(rows, "year") == {(2022,): (2, 2)}


def test_filters_combine(world):
    flt = year(2022, unit=world["u1"].pk, level="intermediate")
    assert headcount_total(scope=ALL_UNITS, flt=flt)["persons"] == 1
    flt = year(2022, ip_area=world["y"].pk, audience_group=world["g1"].pk)
    assert headcount_total(scope=ALL_UNITS, flt=flt)["persons"] == 2


def test_each_breakdown_is_one_query(world, django_assert_num_queries):
    with django_assert_num_queries(1):
        headcount(scope=ALL_UNITS, by=["year", "unit", "audience_group", "level"])
