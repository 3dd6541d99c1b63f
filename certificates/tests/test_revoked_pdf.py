"""A revoked certificate's PDF is stamped "ĐÃ THU HỒI" with date, reason and
the replacement; the holder never gets the unmarked original again."""

import pytest
from django.urls import reverse

from certificates import services

from .pdfcheck import pypdf_text, render_png, squash


@pytest.fixture
def issued(completed, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        certificate = services.certificate_issue(enrollment=completed)
    certificate.refresh_from_db()
    return certificate


def _download(client, certificate) -> bytes:
    client.force_login(certificate.user)
    response = client.get(reverse("certificates:download", args=[certificate.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def test_a_valid_certificate_downloads_without_a_stamp(client, issued):
    assert "ĐÃ THU HỒI" not in squash(pypdf_text(_download(client, issued)))


def test_a_revoked_certificate_downloads_stamped_with_date_and_reason(
    client, issued, editor, tmp_path
):
    revoked = services.certificate_revoke(
        certificate=issued, actor=editor, reason="Cấp nhầm người học"
    )
    content = _download(client, revoked)
    text = squash(pypdf_text(content))
    assert "ĐÃ THU HỒI" in text
    assert "Lý do: Cấp nhầm người học" in text
    day = revoked.revoked_at
    assert f"năm {day.year}" in text and "Thay thế" not in text
    # Still the same certificate underneath (same name and serial).
    assert issued.serial in text and issued.holder_name in text
    render_png(content, tmp_path / "revoked.png", dpi=60)  # looked at


def test_a_reissued_certificate_s_old_pdf_names_the_replacement(
    client, issued, editor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        new = services.certificate_reissue(
            certificate=issued, actor=editor, reason="Sửa ngày sinh"
        )
    issued.refresh_from_db()
    text = squash(pypdf_text(_download(client, issued)))
    assert "ĐÃ THU HỒI" in text
    assert f"Thay thế bằng giấy chứng nhận số {new.serial}" in text


def test_the_learner_s_list_offers_the_stamped_pdf_of_a_revoked_certificate(
    client, issued, editor
):
    services.certificate_revoke(certificate=issued, actor=editor, reason="Sai tên")
    client.force_login(issued.user)
    page = client.get(reverse("certificates:mine")).content.decode()
    assert reverse("certificates:download", args=[issued.pk]) in page
    assert "Sai tên" in page
