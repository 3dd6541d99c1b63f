"""preview_certificate and verify_certificate (the latter without the database)."""

import json

import pytest
from django.core.management import CommandError, call_command

from certificates import keys, services, signing

from .pdfcheck import pdftotext, squash


@pytest.fixture
def issued(completed, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        certificate = services.certificate_issue(enrollment=completed)
    certificate.refresh_from_db()
    return certificate


@pytest.fixture
def keys_file(issued, tmp_path):
    path = tmp_path / "keys.json"
    path.write_text(json.dumps(keys.published_keys()))
    return path


def test_preview_certificate_writes_the_sample_pdf(tmp_path, db, capsys):
    output = tmp_path / "preview.pdf"
    call_command(
        "preview_certificate",
        "--name",
        "Đặng Thị Ánh & <Hồng>",
        "--course",
        "Bảo hộ giống cây trồng",
        "--hours",
        "12",
        "--output",
        str(output),
    )
    text = squash(pdftotext(output.read_bytes()))
    assert "Đặng Thị Ánh & <Hồng>" in text
    assert "Bảo hộ giống cây trồng" in text and "Thời lượng: 12 giờ" in text


def test_a_preview_never_verifies(tmp_path, db, keys_file):
    output = tmp_path / "preview.pdf"
    call_command(
        "preview_certificate", "--name", "A B", "--course", "C", "--output", str(output)
    )
    with pytest.raises(CommandError, match="unknown key"):
        call_command(
            "verify_certificate", "--pdf", str(output), "--keys", str(keys_file)
        )


def test_verify_certificate_checks_a_payload_without_the_database(
    issued, keys_file, capsys, django_assert_num_queries
):
    with django_assert_num_queries(0):
        call_command(
            "verify_certificate",
            "--payload",
            issued.data["qr_text"],
            "--keys",
            str(keys_file),
        )
    out = capsys.readouterr().out
    assert "VALID" in out and issued.serial in out and "Nguyễn Thị Thu Hà" in out


def test_verify_certificate_checks_a_pdf_without_the_database(
    issued, keys_file, tmp_path, capsys, django_assert_num_queries
):
    pdf = tmp_path / "c.pdf"
    pdf.write_bytes(issued.pdf.read())
    with django_assert_num_queries(0):
        call_command("verify_certificate", "--pdf", str(pdf), "--keys", str(keys_file))
    assert "VALID" in capsys.readouterr().out


def test_a_tampered_payload_fails(issued, keys_file):
    header, claims, sig = issued.payload.split(".")
    data = json.loads(signing.b64url_decode(claims))
    data["n"] = "Người Khác"
    forged = f"{header}.{signing.b64url_encode(signing.canonical_json(data))}.{sig}"
    with pytest.raises(CommandError, match="INVALID"):
        call_command(
            "verify_certificate", "--payload", forged, "--keys", str(keys_file)
        )


def test_a_pdf_whose_printed_name_was_changed_fails(issued, keys_file, tmp_path):
    from certificates.documents import document_from_data
    from certificates.pdf import certificate_pdf

    data = dict(issued.data, holder_name="Người Khác")  # same signed QR payload
    pdf = tmp_path / "forged.pdf"
    pdf.write_bytes(certificate_pdf(document_from_data(data)))
    with pytest.raises(CommandError, match="not what the PDF prints"):
        call_command("verify_certificate", "--pdf", str(pdf), "--keys", str(keys_file))


def test_a_missing_keys_file_or_pdf_is_a_clear_error(tmp_path, db):
    with pytest.raises(CommandError, match="cannot read the keys"):
        call_command(
            "verify_certificate",
            "--payload",
            "a.b.c",
            "--keys",
            str(tmp_path / "none.json"),
        )
    with pytest.raises(CommandError, match="does not exist"):
        call_command("verify_certificate", "--pdf", str(tmp_path / "none.pdf"))
