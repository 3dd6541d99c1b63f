"""Playwright: a missing page answers in the site's frame, in Vietnamese, with a
way back, on a desktop and on a phone (issue 13, item 7)."""

from pathlib import Path

import pytest
from django.conf import settings

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts"


@pytest.mark.parametrize("size", [(1280, 900), (390, 844)], ids=["desktop", "phone"])
def test_a_missing_page_is_vietnamese_in_the_frame_with_a_way_home(
    page, live_server, home_page, size
):
    page.set_viewport_size({"width": size[0], "height": size[1]})
    response = page.goto(f"{live_server.url}/khong-co-trang-nay/")
    assert response.status == 404
    assert page.locator("html").get_attribute("lang") == "vi"
    assert page.get_by_role("heading", name="Không tìm thấy trang").is_visible()
    home = page.get_by_role("link", name="Về trang chủ")
    assert home.is_visible()
    box = home.bounding_box()
    assert box["y"] + box["height"] <= size[1]  # within the first screen
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"error-404-{size[0]}.png"))
    home.click()
    page.wait_for_url(f"{live_server.url}/")
