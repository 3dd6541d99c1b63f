"""Playwright: the dashboard, an XLSX export and the annual report in Chromium."""

import pytest

from accounts.services import units_set
from plan.models import AnnualReport
from plan.tests.factories import headcount_world
from tests.factories import PASSWORD

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def login(page, live_server, user):
    page.set_viewport_size({"width": 1400, "height": 1000})  # the wide admin tables
    page.goto(live_server.url + "/accounts/login/")
    page.locator("#id_login").fill(user.email)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()


@pytest.fixture
def world(home_page):
    world = headcount_world(home_page)
    plan = world["plan"]
    plan.is_current = True
    plan.period_start, plan.period_end = 2021, 2030
    plan.place, plan.report_symbol = "Hậu Giang", "BC-SKHCN"
    plan.save()
    return world


def test_a_plan_manager_filters_exports_and_generates_the_report(
    page, live_server, world, plan_manager, artifacts_dir
):
    page = page
    login(page, live_server, plan_manager)
    page.goto(live_server.url + "/admin/plan/dashboard/")
    page.select_option("#plan-year", "2022")
    page.select_option("#plan-unit", str(world["u1"].pk))
    page.get_by_role("button", name="Xem").click()
    page.wait_for_load_state()
    assert page.get_by_test_id("trained").inner_text() == "2"
    svg = page.locator("svg.plan-chart").first
    assert svg.bounding_box()["width"] > 200
    page.screenshot(path=str(artifacts_dir / "plan-dashboard.png"), full_page=True)

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Tải XLSX").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".xlsx")

    report = AnnualReport.objects.create(plan=world["plan"], year=2022)
    page.goto(live_server.url + f"/admin/plan/annual-reports/{report.pk}/generate/")
    page.get_by_role("button", name="Tạo báo cáo").click()
    link = page.locator("#plan-job-download")
    link.wait_for(state="visible", timeout=20000)
    with page.expect_download() as download_info:
        link.click()
    assert download_info.value.suggested_filename.endswith(".pdf")
    page.screenshot(path=str(artifacts_dir / "plan-report-job.png"))


def test_a_focal_point_sees_only_their_unit(
    page, live_server, world, focal_point, artifacts_dir
):
    units_set(user=focal_point, units=[world["u2"]])
    page = page
    login(page, live_server, focal_point)
    page.goto(live_server.url + "/admin/plan/dashboard/?year=2022")
    assert page.get_by_test_id("trained").inner_text() == "2"
    assert page.locator("#plan-unit").count() == 0
    assert "Đơn vị 2" in page.content()
    page.screenshot(
        path=str(artifacts_dir / "plan-dashboard-focal-point.png"), full_page=True
    )
    response = page.goto(
        live_server.url + f"/admin/plan/dashboard/?unit={world['u1'].pk}"
    )
    assert response.status == 403
