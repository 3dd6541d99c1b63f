"""Playwright: the learner downloads their certificate; the public verifies it."""

import pytest

from certificates import services
from tests.factories import PASSWORD

from .pdfcheck import pdftotext, squash

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_the_learner_downloads_and_the_public_verifies_by_code(
    page, live_server, completed, artifacts_dir, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        certificate = services.certificate_issue(enrollment=completed)
    certificate.refresh_from_db()
    assert certificate.status == "issued"

    page.goto(live_server.url + "/accounts/login/")
    page.locator("#id_login").fill(completed.user.email)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    page.goto(live_server.url + "/my-certificates/")
    assert page.get_by_role("heading", name="Chứng chỉ của tôi").is_visible()
    page.screenshot(path=str(artifacts_dir / "certificates-mine.png"), full_page=True)
    with page.expect_download() as info:
        page.get_by_role("link", name=f"Tải PDF {certificate.serial}").click()
    saved = artifacts_dir / "certificate-download.pdf"
    info.value.save_as(saved)
    text = squash(pdftotext(saved.read_bytes()))
    assert "Nguyễn Thị Thu Hà" in text and certificate.serial in text

    page.context.clear_cookies()
    page.goto(live_server.url + "/verify/")
    page.get_by_label("Mã tra cứu").fill(certificate.verification_code)
    page.get_by_role("button", name="Tra cứu").click()
    page.wait_for_url(f"**/verify/{certificate.verification_code}/")
    assert page.get_by_text("Giấy chứng nhận hợp lệ.").is_visible()
    assert page.get_by_text("Nguyễn Thị Thu Hà").is_visible()
    page.screenshot(path=str(artifacts_dir / "certificates-verify.png"), full_page=True)
