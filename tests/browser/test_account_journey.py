import re

import pytest
from django.core import mail

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "Mật-khẩu-dài-để-thử-2026"


def test_a_visitor_signs_up_confirms_logs_in_and_switches_language(
    page, live_server, home_page, artifacts_dir
):
    page.goto(live_server.url + "/")
    assert page.locator("html").get_attribute("lang") == "vi"
    page.get_by_role("link", name="Đăng ký", exact=True).first.click()

    page.get_by_label("Email").fill("nguoi.hoc@example.vn")
    page.locator("#id_password1").fill(PASSWORD)
    page.get_by_label("Mật khẩu (nhập lại)").fill(PASSWORD)
    page.get_by_role("button", name="Đăng ký").click()
    page.wait_for_url(re.compile(r"/accounts/confirm-email/"))
    assert "Xác minh địa chỉ email của bạn" in page.content()

    assert len(mail.outbox) == 1
    link = re.search(
        r"https?://\S+/accounts/confirm-email/\S+", mail.outbox[0].body
    ).group(0)
    path = re.sub(r"^https?://[^/]+", "", link)
    page.goto(live_server.url + path)
    page.get_by_role("button", name="Xác nhận").click()

    # Confirmation logs the new learner in and asks for the profile first.
    page.wait_for_url(re.compile(r"/accounts/profile/"))
    assert "Hồ sơ của tôi" in page.content()

    page.context.clear_cookies()
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Email").fill("nguoi.hoc@example.vn")
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("main").get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(re.compile(r"/accounts/profile/"))

    page.goto(live_server.url + "/")
    assert page.get_by_role("link", name="Danh mục khóa học").first.is_visible()
    page.screenshot(path=str(artifacts_dir / "home-vi.png"), full_page=True)

    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("link", name="Course catalogue").first.is_visible()
    page.screenshot(path=str(artifacts_dir / "home-en.png"), full_page=True)

    page.get_by_role("button", name="Tiếng Việt").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "vi"
