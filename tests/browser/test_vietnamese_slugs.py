"""Playwright: typing a Vietnamese title in Wagtail's admin gives a readable ASCII
slug ("Sở hữu trí tuệ – Đăng ký" → "so-huu-tri-tue-dang-ky"; issue 13, item 6)."""

from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from tests.factories import UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts"


def sign_in_as_admin(page, live_server):
    admin = UserFactory(is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(admin)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )


def test_a_vietnamese_course_title_gives_an_ascii_slug(page, live_server, home_page):
    from courses.tests.factories import catalogue_make

    catalogue = catalogue_make(home_page)
    sign_in_as_admin(page, live_server)
    page.goto(f"{live_server.url}/admin/pages/add/courses/coursepage/{catalogue.pk}/")
    page.wait_for_load_state("networkidle")
    page.locator("#id_title").fill("Sở hữu trí tuệ – Đăng ký nhãn hiệu")
    page.locator("#id_title").blur()
    page.get_by_role("tab", name="Quảng bá").click()
    expect(page.locator("#id_slug")).to_have_value("so-huu-tri-tue-dang-ky-nhan-hieu")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "admin-vietnamese-slug.png"))


def test_a_quiz_title_fills_an_ascii_slug(page, live_server, db):
    sign_in_as_admin(page, live_server)
    page.goto(f"{live_server.url}/admin/snippets/quizzes/quiz/add/")
    page.wait_for_load_state("networkidle")
    page.locator("#id_title").fill("Kiểm tra cuối khóa: Đơn đăng ký")
    page.locator("#id_title").blur()
    expect(page.locator("#id_slug")).to_have_value("kiem-tra-cuoi-khoa-don-dang-ky")
