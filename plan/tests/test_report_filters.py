"""The headcount report's filters change the numbers as the hand-counted world says.

People trained in 2022 (plan/tests/factories.headcount_world):
  p1 course B, commune c1 (Huyện Một)     p2 course B, commune c2 (Huyện Hai)
  p3 class K of course C, commune c2      p5 course A, commune c1
Course A: IP area x, task t1; course B: IP area y, task t2; class K: task t1.
"""

import csv
import io
import re

import pytest
from django.urls import reverse

from plan.tests.factories import headcount_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(home_page):
    world = headcount_world(home_page)
    world["plan"].is_current = True
    world["plan"].save()
    return world


def trained_in_2022(client, query: str) -> tuple[int, int]:
    """(people, person-courses) of the CSV export broken down by year."""
    url = reverse("plan_admin:headcount") + f"?export=csv&by=year&year=2022{query}"
    response = client.get(url)
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body)))[1:]
    if not rows:
        return (0, 0)
    ((year, persons, person_courses),) = rows
    assert year == "2022"
    return (int(persons), int(person_courses))


FILTERS = [
    ("no filter", lambda w: "", (4, 4)),
    (
        "commune c1",
        lambda w: f"&commune={w['p'][1].enrollments.first().commune_id}",
        (2, 2),
    ),
    ("district Huyện Hai", lambda w: "&district=Huyện Hai", (2, 2)),
    ("IP area x", lambda w: f"&ip_area={w['x'].pk}", (1, 1)),
    ("IP area y", lambda w: f"&ip_area={w['y'].pk}", (2, 2)),
    ("course B", lambda w: f"&course={w['b'].pk}", (2, 2)),
    ("course C", lambda w: f"&course={w['c'].pk}", (1, 1)),
    ("class K", lambda w: f"&training_class={w['k'].pk}", (1, 1)),
    (
        "plan task t1 (course A or class K)",
        lambda w: f"&plan_task={w['t1'].pk}",
        (2, 2),
    ),
    ("plan task t2", lambda w: f"&plan_task={w['t2'].pk}", (2, 2)),
    ("task group 1", lambda w: f"&task_group={w['tg1'].pk}", (2, 2)),
    (
        "commune c2 and course C",
        lambda w: (
            f"&commune={w['p'][3].enrollments.get(course=w['c']).commune_id}"
            f"&course={w['c'].pk}"
        ),
        (1, 1),
    ),
    (
        "IP area y in unit 2",
        lambda w: f"&ip_area={w['y'].pk}&unit={w['u2'].pk}",
        (1, 1),
    ),
]


@pytest.mark.parametrize(
    ("name", "query", "expected"), FILTERS, ids=[f[0] for f in FILTERS]
)
def test_each_filter_changes_the_count(
    client, world, plan_manager, name, query, expected
):
    client.force_login(plan_manager)
    assert trained_in_2022(client, query(world)) == expected


def test_the_people_list_follows_the_same_filters(client, world, plan_manager):
    client.force_login(plan_manager)
    url = reverse("plan_admin:people") + (
        f"?export=csv&year=2022&training_class={world['k'].pk}"
    )
    body = b"".join(client.get(url).streaming_content).decode("utf-8-sig")
    assert world["p"][3].email in body
    assert world["p"][1].email not in body and world["p"][5].email not in body


def test_the_filter_panel_offers_every_filter(client, world, plan_manager):
    client.force_login(plan_manager)
    html = client.get(reverse("plan_admin:headcount")).content.decode()
    for name in (
        "commune",
        "district",
        "ip_area",
        "course",
        "training_class",
        "plan_task",
        "task_group",
        "unit",
        "audience_group",
        "level",
    ):
        assert f'name="{name}"' in html, name
    assert '<option value="Huyện Hai">Huyện Hai</option>' in html


def test_an_unknown_district_is_reported_and_the_other_filters_still_apply(
    client, world, plan_manager
):
    client.force_login(plan_manager)
    assert trained_in_2022(client, f"&district=Nowhere&course={world['c'].pk}") == (
        1,
        1,
    )


def by_course(client, query: str) -> dict[str, tuple[int, int]]:
    url = reverse("plan_admin:headcount") + f"?export=csv&by=course&year=2022{query}"
    body = b"".join(client.get(url).streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body)))[1:]
    return {course: (int(p), int(pc)) for course, p, pc in rows}


def test_the_cumulative_tick_box_counts_from_the_first_year(
    client, world, plan_manager
):
    client.force_login(plan_manager)
    assert by_course(client, "") == {
        "Khóa a": (1, 1),
        "Khóa b": (2, 2),
        "Khóa c": (1, 1),
    }
    assert by_course(client, "&cumulative=on") == {
        "Khóa a": (4, 4),
        "Khóa b": (2, 2),
        "Khóa c": (1, 1),
    }


def test_an_unticked_box_is_not_listed_as_an_active_filter(client, world, plan_manager):
    client.force_login(plan_manager)
    html = client.get(reverse("plan_admin:headcount") + "?year=2022").content.decode()
    assert "False" not in html


def test_within_the_fresh_window_the_report_is_recounted_in_the_background(
    client, world, plan_manager, settings, django_capture_on_commit_callbacks
):
    """The report's rows follow the dashboard's window; its exports never do."""
    from unittest import mock

    from plan.tasks import headcount_rows_refresh
    from plan.tests.test_dashboard import p4_attends_class_k

    settings.PLAN_DASHBOARD_FRESH_SECONDS = 60
    client.force_login(plan_manager)
    url = reverse("plan_admin:headcount") + "?by=year&year=2022"

    def people_2022():
        html = client.get(url).content.decode()
        table = html.split('<table class="listing">', 1)[1].split("</table>", 1)[0]
        cells = re.findall(r"<td\s*>\s*(\d+)\s*</td>", table)
        assert cells[0] == "2022"
        return int(cells[1])

    assert people_2022() == 4
    p4_attends_class_k(world)
    assert trained_in_2022(client, "") == (5, 5)  # an export is exact
    with mock.patch("plan.tasks.headcount_rows_refresh.apply_async") as enqueued:
        with django_capture_on_commit_callbacks(execute=True):
            assert people_2022() == 4  # the rows counted a moment ago
    assert enqueued.call_count == 1
    headcount_rows_refresh(*enqueued.call_args.kwargs["args"])
    assert people_2022() == 5


# --- the filters' options come from the cache ------------------------------------


def option_queries(client, url) -> list[str]:
    """The queries of one visit that read a filter's options."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    tables = ("directory_unit", "directory_commune", "plan_plantask", "courses_ip")
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return [
        q["sql"]
        for q in queries
        if q["sql"].startswith("SELECT")
        and any(f'FROM "{table}' in q["sql"] for table in tables)
    ]


def test_the_filter_options_are_read_once_then_from_the_cache(
    client, world, plan_manager
):
    client.force_login(plan_manager)
    url = reverse("plan_admin:headcount") + "?year=2022"
    assert option_queries(client, url)  # units, communes, districts, tasks, areas
    assert option_queries(client, url) == []


def edit_unit(world):
    world["u1"].name = "Sở Khoa học và Công nghệ (mới)"
    world["u1"].save()
    return "Sở Khoa học và Công nghệ (mới)"


def new_commune(world):
    from tests.factories import CommuneFactory

    CommuneFactory(name="Xã Tân Lập", former_district="Huyện Ba")
    return '<option value="Huyện Ba">Huyện Ba</option>'


def new_class(world):
    from plan.tests.factories import training_class

    training_class(world["c"], "mới 2026")
    return "Lớp mới 2026"


def renamed_task(world):
    world["t2"].text = "Tập huấn cho doanh nghiệp OCOP"
    world["t2"].save()
    return "Tập huấn cho doanh nghiệp OCOP"


def renamed_course(world):
    world["b"].title = "Khóa b (cập nhật 2026)"
    world["b"].save_revision().publish()
    return "Khóa b (cập nhật 2026)"


@pytest.mark.parametrize(
    "change", [edit_unit, new_commune, new_class, renamed_task, renamed_course]
)
def test_a_change_to_what_the_filters_offer_shows_on_the_next_visit(
    client, world, plan_manager, change
):
    client.force_login(plan_manager)
    url = reverse("plan_admin:headcount") + "?year=2022"
    client.get(url)
    shown = change(world)
    assert shown in client.get(url).content.decode()


def test_options_are_kept_per_language(client, world, plan_manager):
    from wagtail.users.models import UserProfile

    world["g1"].name_en = "Group one"
    world["g1"].save()
    client.force_login(plan_manager)
    url = reverse("plan_admin:headcount") + "?year=2022"
    assert ">Nhóm 1</option>" in client.get(url).content.decode()
    profile = UserProfile.get_for_user(plan_manager)
    profile.preferred_language = "en"
    profile.save()
    assert ">Group one</option>" in client.get(url).content.decode()


def test_every_cached_filter_reads_a_model_whose_changes_bump_its_generation():
    """A new cached filter over another model must add that model to
    FILTER_OPTION_MODELS (pages are covered by the content generation)."""
    from wagtail.models import Page

    from core.filters import QuickModelChoiceFilter
    from plan.filters import FILTER_OPTION_MODELS, BreakdownFilterSet

    cached = [
        f
        for f in BreakdownFilterSet.base_filters.values()
        if isinstance(f, QuickModelChoiceFilter) and f.extra.get("cached_under")
    ]
    assert len(cached) == 9  # with the plan filter (issue 18)
    for declared in cached:
        model = declared.extra["queryset"].model
        assert model in FILTER_OPTION_MODELS or issubclass(model, Page), model
