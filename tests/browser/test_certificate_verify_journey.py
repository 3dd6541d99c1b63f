"""Journey (c) of issue 13: a visitor verifies a certificate by the number
printed on it and the holder's name, from the home page, clicking only."""

import datetime

import pytest

from certificates import services
from certificates.tests import factories as cert_factories
from tests.factories import UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def printed(home_page):
    """An issued certificate: the number and name as printed on the paper."""
    learner = UserFactory()
    learner.profile.full_name = "Lê Thị Đoan Trang"
    learner.profile.date_of_birth = datetime.date(1992, 7, 3)
    learner.profile.save()
    course = cert_factories.course_page(home_page)
    enrollment = cert_factories.enrollment(learner, course)
    certificate = services.certificate_issue(enrollment=enrollment, enqueue=False)
    services.certificate_render(certificate_id=certificate.pk, notify=False)
    certificate.refresh_from_db()
    return certificate


@pytest.mark.parametrize(
    "viewport", [(1280, 900), (390, 844)], ids=["desktop", "phone"]
)
def test_a_visitor_verifies_a_certificate_by_its_printed_number_and_name(
    page, live_server, printed, artifacts_dir, viewport
):
    width, height = viewport
    page.set_viewport_size({"width": width, "height": height})
    tag = "desktop" if width > 500 else "phone"
    page.goto(live_server.url + "/")
    page.screenshot(path=str(artifacts_dir / f"verify-number-0-home-{tag}.png"))
    link = page.get_by_role("link", name="Xác minh chứng nhận")
    link.filter(visible=True).first.click()
    page.wait_for_load_state()
    page.screenshot(path=str(artifacts_dir / f"verify-number-1-form-{tag}.png"))

    # As typed from the paper: "Số: SHTT-…", the name without accents.
    page.get_by_label("Số giấy chứng nhận").fill(f"Số: {printed.serial}")
    page.get_by_label("Họ và tên người được cấp").fill("le thi doan trang")
    page.get_by_role("button", name="Tra cứu").first.click()
    page.wait_for_load_state()
    page.screenshot(
        path=str(artifacts_dir / f"verify-number-2-result-{tag}.png"), full_page=True
    )
    status = page.get_by_role("status")
    assert "Giấy chứng nhận hợp lệ." in status.inner_text()
    facts = page.locator(".certificate-facts").inner_text()
    assert printed.serial in facts and "Lê Thị Đoan Trang" in facts
    assert printed.course_title in facts
    assert "03/07/1992" not in page.content()  # not typed: not shown

    # The same number with another name shows nothing about the certificate.
    page.get_by_label("Số giấy chứng nhận").fill(printed.serial)
    page.get_by_label("Họ và tên người được cấp").fill("Nguyễn Văn Khác")
    page.get_by_role("button", name="Tra cứu").first.click()
    page.wait_for_load_state()
    page.screenshot(path=str(artifacts_dir / f"verify-number-3-wrong-name-{tag}.png"))
    assert page.get_by_role("alert").is_visible()
    assert "Lê Thị Đoan Trang" not in page.content()
    assert printed.course_title not in page.content()
