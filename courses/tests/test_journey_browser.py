"""A learner's whole journey in Chromium: catalogue → sign-up → profile → lesson."""

import re

import pytest
from django.core import mail

from tests.playwright import console_errors

from .factories import catalogue_make, course_make

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "Mật-khẩu-dài-để-thử-2026"


def test_a_visitor_browses_signs_up_enrols_studies_and_sees_progress(
    page, live_server, home_page, directory_seed, artifacts_dir
):
    console = console_errors(page)
    from directory.models import AudienceGroup, Unit

    catalogue = catalogue_make(home_page)
    officials = AudienceGroup.objects.get(code="can-bo-quan-ly-nha-nuoc")
    course_make(
        catalogue,
        title="Sở hữu trí tuệ cơ bản cho cán bộ",
        level="basic",
        audience_groups=[officials],
        modules=1,
        lessons=3,
    )
    course_make(catalogue, title="Định giá tài sản trí tuệ", level="advanced")
    base = live_server.url

    # 1. Anonymous: browse and filter the catalogue.
    page.goto(base + "/")
    page.get_by_role("link", name="Danh mục khóa học").first.click()
    page.wait_for_url(re.compile(r"/khoa-hoc/"))
    assert page.get_by_role("link", name="Định giá tài sản trí tuệ").is_visible()
    page.get_by_label("Trình độ").select_option("basic")
    page.get_by_role("button", name="Lọc").click()
    page.wait_for_url(re.compile(r"level=basic"))
    assert page.get_by_role("link", name="Định giá tài sản trí tuệ").count() == 0
    page.screenshot(path=str(artifacts_dir / "courses-catalogue.png"), full_page=True)
    page.get_by_role("link", name="Sở hữu trí tuệ cơ bản cho cán bộ").click()
    course_url = page.url

    # 2. Sign up and confirm the e-mail address (read from the outbox).
    page.get_by_role("link", name="Đăng ký", exact=True).first.click()
    page.get_by_label("Email").fill("hoc.vien.moi@example.vn")
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.get_by_role("main").get_by_role("button", name="Đăng ký").click()
    page.wait_for_url(re.compile(r"/accounts/confirm-email/"))
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+", mail.outbox[-1].body)
    page.goto(base + re.sub(r"^https?://[^/]+", "", link.group(0)))
    page.get_by_role("button", name="Xác nhận").click()
    page.wait_for_url(re.compile(r"/accounts/profile/"))

    # 3. The course page asks for the profile; complete it.
    page.goto(course_url)
    page.get_by_role("link", name="Hoàn thiện hồ sơ").click()
    page.wait_for_url(re.compile(r"/accounts/profile/\?next="))
    page.locator("#id_full_name").fill("Lê Thị Ánh Tuyết")
    page.locator("#id_audience_group").select_option(str(officials.pk))
    page.locator("#id_organisation").fill("UBND phường V")
    unit = Unit.objects.get(code="ubnd-tp-vi-thanh")
    page.locator("#id_unit").select_option(str(unit.pk))
    page.locator("#id_position").fill("Công chức")
    page.get_by_role("button", name="Lưu hồ sơ").click()
    page.wait_for_url(course_url)

    # 4. Enrol, open the first lesson, mark it as done.
    page.get_by_role("button", name="Đăng ký học").click()
    page.get_by_role("link", name="Bắt đầu bài học đầu tiên").click()
    assert "Bài 1.1" in page.locator("h1").inner_text()
    page.get_by_role("button", name=re.compile("Đánh dấu đã học")).click()
    page.wait_for_url(re.compile(r"/bai-2/"))

    # 5. The dashboard shows the progress bar moved.
    page.get_by_role("link", name="Khóa học của tôi").first.click()
    page.wait_for_url(re.compile(r"/my-courses/"))
    bar = page.locator("progress").first
    assert bar.get_attribute("value") == "33"
    assert "Bài 1.2" in page.get_by_role("main").inner_text()
    page.screenshot(path=str(artifacts_dir / "courses-dashboard.png"), full_page=True)
    assert not [e for e in console if "Content Security Policy" in e]
