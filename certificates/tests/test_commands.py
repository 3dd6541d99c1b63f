"""preview_certificate and verify_certificate (the latter without the database)."""

import datetime
import json

import pytest
from django.core.management import CommandError, call_command

from certificates import keys, services, signing

from .pdfcheck import pdftotext, squash


@pytest.fixture
def issued(completed, django_capture_on_commit_callbacks):
    """Issued with every optional fact printed (date of birth, level, hours,
    class and its dates)."""
    completed.user.profile.date_of_birth = datetime.date(1988, 9, 5)
    completed.user.profile.save()
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
    out = capsys.readouterr().out
    assert "VALID" in out and "hours: 8" in out and "date_of_birth: 1988-09-05" in out
    assert "revocation not checked" in out


def test_a_tampered_payload_fails(issued, keys_file):
    header, claims, sig = issued.payload.split(".")
    data = json.loads(signing.b64url_decode(claims))
    data["n"] = "Người Khác"
    forged = f"{header}.{signing.b64url_encode(signing.canonical_json(data))}.{sig}"
    with pytest.raises(CommandError, match="INVALID"):
        call_command(
            "verify_certificate", "--payload", forged, "--keys", str(keys_file)
        )


def _forge(tmp_path, data: dict, *, keywords: str | None = None):
    """A PDF rendered by our own renderer from ``data`` (the forger's tool),
    its Keywords optionally replaced afterwards with pypdf."""
    from pypdf import PdfReader, PdfWriter

    from certificates.documents import document_from_data
    from certificates.pdf import KEYWORDS_PREFIX, certificate_pdf

    path = tmp_path / "forged.pdf"
    path.write_bytes(certificate_pdf(document_from_data(data)))
    if keywords is not None:
        writer = PdfWriter(clone_from=PdfReader(path))
        writer.add_metadata({"/Keywords": KEYWORDS_PREFIX + keywords})
        with path.open("wb") as handle:
            writer.write(handle)
    return path


def _verify_pdf(path, keys_file):
    call_command(
        "verify_certificate", "--pdf", str(path), "--keys", str(keys_file), "--offline"
    )


def test_a_pdf_whose_printed_name_was_changed_fails(issued, keys_file, tmp_path):
    path = _forge(tmp_path, dict(issued.data, holder_name="Người Khác"))
    with pytest.raises(CommandError, match="prints a different name"):
        _verify_pdf(path, keys_file)


def test_a_genuine_qr_copied_onto_another_course_hours_and_date_is_refused(
    issued, keys_file, tmp_path
):
    path = _forge(
        tmp_path,
        dict(
            issued.data,
            course_title="Quản trị tài sản trí tuệ nâng cao",
            hours="400",
            issue_date_text="ngày 01 tháng 02 năm 2020",
        ),
    )
    with pytest.raises(CommandError) as caught:
        _verify_pdf(path, keys_file)
    message = str(caught.value)
    assert "course" in message and "hours" in message and "date" in message


@pytest.mark.parametrize(
    "field,value,named",
    [
        ("hours", "40", "hours"),
        ("level_label", "Chuyên sâu", "level"),
        ("date_of_birth", "01/01/1970", "date_of_birth"),
        ("class_title", "Lớp khác", "class"),
        ("class_dates", "ngày 09/09/2025", "class_dates"),
        ("issuer_lines", ["UBND TỈNH KHÁC", "SỞ KHOA HỌC VÀ CÔNG NGHỆ"], "issuer"),
    ],
)
def test_each_edited_printed_fact_is_refused_naming_the_field(
    issued, keys_file, tmp_path, field, value, named
):
    path = _forge(tmp_path, dict(issued.data, **{field: value}))
    with pytest.raises(CommandError, match=f"prints a different {named}"):
        _verify_pdf(path, keys_file)


def test_a_date_of_birth_added_to_a_certificate_that_printed_none_is_refused(
    completed, tmp_path, django_capture_on_commit_callbacks
):
    assert completed.user.profile.date_of_birth is None
    with django_capture_on_commit_callbacks(execute=True):
        certificate = services.certificate_issue(enrollment=completed)
    certificate.refresh_from_db()
    keys_path = tmp_path / "keys.json"
    keys_path.write_text(json.dumps(keys.published_keys()))
    assert "b" not in json.loads(
        signing.b64url_decode(certificate.payload.split(".")[1])
    )
    path = _forge(tmp_path, dict(certificate.data, date_of_birth="05/09/1988"))
    with pytest.raises(CommandError, match="date_of_birth"):
        _verify_pdf(path, keys_path)


def test_copied_keywords_do_not_make_a_forged_qr_valid(issued, keys_file, tmp_path):
    """The forger signs their own QR and copies the genuine Keywords in: the
    QR image is what counts, and Keywords that differ from it are refused."""
    from certificates.documents import verification_url

    forger_key = signing.private_key_generate()
    claims = signing.Claims(
        serial=issued.serial, name="Người Khác", course="Khóa khác", date="2020-02-01"
    )
    forged = signing.payload_sign(claims, private_key=forger_key, key_id=issued.key_id)
    qr = f"{verification_url(issued.verification_code)}#{forged}"
    data = dict(issued.data, holder_name="Người Khác", qr_text=qr)
    path = _forge(tmp_path, data, keywords=issued.data["qr_text"])
    with pytest.raises(CommandError, match="Keywords are not the QR"):
        _verify_pdf(path, keys_file)
    path = _forge(tmp_path, data)  # Keywords left as the forged QR
    with pytest.raises(CommandError, match="signature does not match"):
        _verify_pdf(path, keys_file)


def test_a_pdf_without_a_readable_qr_is_refused(issued, keys_file, tmp_path):
    path = _forge(tmp_path, dict(issued.data, qr_text="x"))  # a QR of "x"
    with pytest.raises(CommandError, match="INVALID"):
        _verify_pdf(path, keys_file)


def test_the_qr_payload_verifies_with_pyjwt_against_the_published_keys(issued):
    import jwt

    jwk = next(k for k in keys.published_keys()["keys"] if k["kid"] == issued.key_id)
    public_key = jwt.PyJWK(jwk).key
    claims = jwt.decode(issued.payload, public_key, algorithms=["EdDSA"])
    data = issued.data
    assert data["date_of_birth"] == "05/09/1988" and data["class_title"]
    assert claims == {
        "v": 2,
        "s": issued.serial,
        "n": data["holder_name"],
        "b": "1988-09-05",
        "c": data["course_title"],
        "l": data["level_label"],
        "h": data["hours"],
        "k": data["class_title"],
        "f": data["class_start"],
        "t": data["class_end"],
        "i": " / ".join(data["issuer_lines"]),
        "d": data["issue_date"],
    }
    header = jwt.get_unverified_header(issued.payload)
    assert header == {"alg": "EdDSA", "kid": issued.key_id}
    header_b64, body, signature = issued.payload.split(".")
    data = json.loads(signing.b64url_decode(body))
    data["h"] = "400"
    forged = signing.b64url_encode(signing.canonical_json(data))
    tampered = f"{header_b64}.{forged}.{signature}"
    with pytest.raises(jwt.InvalidTokenError):
        jwt.decode(tampered, public_key, algorithms=["EdDSA"])


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


# serialized_rollback: an earlier transactional test (the demo's) flushed the
# content types and pages the migrations made; this test needs them back.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_online_the_command_reports_a_revocation_with_date_and_reason(
    live_server, settings, completed, editor, tmp_path, capsys
):
    settings.SITE_URL = live_server.url
    certificate = services.certificate_issue(enrollment=completed, enqueue=False)
    services.certificate_render(certificate_id=certificate.pk, notify=False)
    certificate.refresh_from_db()
    pdf = tmp_path / "c.pdf"
    pdf.write_bytes(certificate.pdf.read())
    keys_path = tmp_path / "keys.json"
    keys_path.write_text(json.dumps(keys.published_keys()))
    command = ["verify_certificate", "--pdf", str(pdf), "--keys", str(keys_path)]
    call_command(*command)
    assert "status: issued" in capsys.readouterr().out
    services.certificate_revoke(
        certificate=certificate, actor=editor, reason="Sai họ tên"
    )
    with pytest.raises(CommandError, match="REVOKED on .*Sai họ tên"):
        call_command(*command)
