"""Dashboard: charts render, query count does not grow with the data."""

import pytest
from django.urls import reverse

from plan.tests.factories import certify, enrol, headcount_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(home_page):
    world = headcount_world(home_page)
    world["plan"].is_current = True
    world["plan"].save()
    return world


def more_data(world, n):
    from tests.factories import UserFactory

    for i in range(n):
        user = UserFactory()
        e = enrol(
            user,
            world["b"],
            unit=world["u2"],
            group=world["g2"],
            commune=None,
            year=2022,
        )
        certify(e, year=2022, offering_key=1000 + i)


def test_the_dashboard_shows_svg_charts_and_milestones(client, world, plan_manager):
    client.force_login(plan_manager)
    response = client.get(reverse("plan_admin:dashboard") + "?year=2022")
    html = response.content.decode()
    assert html.count("<svg") >= 5
    assert "<progress" in html
    assert 'data-testid="trained">4<' in html


def test_the_dashboard_query_count_does_not_depend_on_data_size(
    client, world, plan_manager, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(plan_manager)
    url = reverse("plan_admin:dashboard") + "?year=2022"
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    more_data(world, 30)
    with CaptureQueriesContext(connection) as large:
        response = client.get(url)
    assert 'data-testid="trained">34<' in response.content.decode()
    assert len(small) == len(large)


def test_the_admin_home_shows_the_plan_panel_to_plan_managers(
    client, world, plan_manager, editor
):
    client.force_login(plan_manager)
    assert (
        "plan-home-panel" in client.get(reverse("wagtailadmin_home")).content.decode()
    )
    client.force_login(editor)
    assert (
        "plan-home-panel"
        not in client.get(reverse("wagtailadmin_home")).content.decode()
    )
