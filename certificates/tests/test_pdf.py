"""The certificate PDF: exact Vietnamese text, hard inputs, layout and QR code."""

import re
import subprocess

import pytest

from certificates import signing
from certificates.pdf import CertificateDocument, certificate_pdf

from .pdfcheck import (
    outside_frame,
    overlaps,
    pdftotext,
    pypdf_text,
    qr_texts,
    render_png,
    squash,
    word_boxes,
)

URL = "https://shtt.haugiang.gov.vn/verify/AbCdEfGhIjKlMnOpQrStUv/"


_KEY = signing.private_key_generate()
_PUBLIC = {"k1": _KEY.public_key()}


def document(**overrides) -> CertificateDocument:
    key = _KEY
    name = overrides.get("holder_name", "Nguyễn Thị Thu Hà")
    course = overrides.get("course_title", "Sở hữu trí tuệ cơ bản cho cán bộ quản lý")
    claims = signing.Claims(
        serial="SHTT-2026-000123", name=name, course=course, date="2026-04-12"
    )
    payload = signing.payload_sign(claims, private_key=key, key_id="k1")
    values = dict(
        holder_name=name,
        course_title=course,
        serial="SHTT-2026-000123",
        issue_date_text="ngày 12 tháng 4 năm 2026",
        verification_url=URL,
        qr_text=f"{URL}#{payload}",
        verification_code="AbCdEfGhIjKlMnOpQrStUv",
        verify_base_url="https://shtt.haugiang.gov.vn/verify/",
        date_of_birth="05/09/1988",
        level_label="Chuyên sâu",
        hours="3,5",
        class_title="Lớp tập huấn Ngã Bảy – đợt 1",
        class_dates="từ ngày 02/03/2026 đến ngày 06/03/2026",
        signer_title_lines=["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"],
        signer_name="Trần Văn Quý",
    )
    values.update(overrides)
    return CertificateDocument(**values)


EXPECTED_LINES = [
    "UBND TỈNH HẬU GIANG",
    "SỞ KHOA HỌC VÀ CÔNG NGHỆ",
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập – Tự do – Hạnh phúc",
    "Số: SHTT-2026-000123",
    "GIẤY CHỨNG NHẬN",
    "Chứng nhận ông/bà:",
    "Nguyễn Thị Thu Hà",
    "Ngày sinh: 05/09/1988",
    "Đã hoàn thành khóa bồi dưỡng",
    "Sở hữu trí tuệ cơ bản cho cán bộ quản lý",
    "Trình độ: Chuyên sâu",
    "Thời lượng: 3,5 giờ",
    "Lớp tập huấn Ngã Bảy – đợt 1, từ ngày 02/03/2026 đến ngày 06/03/2026",
    "Hậu Giang, ngày 12 tháng 4 năm 2026",
    "KT. GIÁM ĐỐC",
    "PHÓ GIÁM ĐỐC",
    "Trần Văn Quý",
    "Tra cứu, xác thực tại:",
    "Mã tra cứu:",
    "AbCdEfGhIjKlMnOpQrStUv",
]


@pytest.fixture(scope="module")
def standard_pdf() -> bytes:
    return certificate_pdf(document())


def test_pdftotext_returns_every_vietnamese_string_exactly(standard_pdf):
    text = squash(pdftotext(standard_pdf))
    for line in EXPECTED_LINES:
        assert line in text, line


def test_pypdf_returns_every_vietnamese_string_exactly(standard_pdf):
    text = squash(pypdf_text(standard_pdf))
    for line in EXPECTED_LINES:
        assert line in text, line


def test_the_vietnamese_font_is_embedded_from_the_app(standard_pdf, tmp_path):
    path = tmp_path / "c.pdf"
    path.write_bytes(standard_pdf)
    fonts = subprocess.run(
        ["pdffonts", str(path)], capture_output=True, text=True, check=True
    ).stdout
    assert "NotoSerif" in fonts
    assert "Helvetica" not in fonts
    for line in fonts.splitlines()[2:]:
        assert " yes " in line  # embedded (emb column)


def test_the_page_is_a4_landscape(standard_pdf, tmp_path):
    path = tmp_path / "c.pdf"
    path.write_bytes(standard_pdf)
    info = subprocess.run(
        ["pdfinfo", str(path)], capture_output=True, text=True, check=True
    ).stdout
    assert "841.89 x 595.276 pts (A4)" in info
    assert re.search(r"Pages:\s+1\n", info)


def test_the_qr_code_decodes_to_the_verification_url_and_signed_payload(
    standard_pdf, artifacts_dir
):
    png = render_png(standard_pdf, artifacts_dir / "certificate.png")
    (text,) = qr_texts(png)
    assert text.startswith(URL + "#")
    claims = signing.payload_verify(text, public_keys=_PUBLIC).claims
    assert claims.name == "Nguyễn Thị Thu Hà"
    assert claims.serial == "SHTT-2026-000123"


def test_no_word_overlaps_another_or_leaves_the_frame(standard_pdf):
    boxes = word_boxes(standard_pdf)
    assert boxes
    assert overlaps(boxes) == []
    assert outside_frame(boxes) == []


HARD_NAME = ('Nguyễn Hoàng <b>Thị</b> & "Phương" O\'Neil Trần Lê Phạm Huỳnh ' * 3)[:120]
HARD_COURSE = (
    "Quản trị tài sản trí tuệ, định giá & chuyển giao quyền sử dụng nhãn hiệu tập "
    'thể, chỉ dẫn địa lý <OCOP> cho doanh nghiệp "vừa và nhỏ" của tỉnh Hậu Giang; '
) * 2
HARD_COURSE = HARD_COURSE[:250].strip()


@pytest.mark.parametrize(
    "name,course",
    [
        (HARD_NAME, "Sở hữu trí tuệ cơ bản"),
        ("Lê Văn A", HARD_COURSE),
        (HARD_NAME, HARD_COURSE),
        ("A" * 120, "B" * 250),  # no spaces at all: broken between characters
    ],
    ids=["long-name", "long-title", "both", "unbreakable"],
)
def test_hard_inputs_shrink_or_wrap_without_overflow_or_overlap(
    name, course, artifacts_dir, request
):
    assert len(name) <= 120 and len(course) <= 250
    content = certificate_pdf(document(holder_name=name, course_title=course))
    boxes = word_boxes(content)
    assert overlaps(boxes) == []
    assert outside_frame(boxes) == []
    text = squash(pdftotext(content))
    if " " in name:
        assert squash(name) in text
        assert squash(course) in text
    else:
        assert name in text.replace(" ", "")
    png = artifacts_dir / f"certificate-{request.node.callspec.id}.png"
    render_png(content, png, dpi=200)
    (qr,) = qr_texts(png)
    assert qr.startswith(URL)


def test_markup_characters_print_literally():
    name = "Trần <i>Bảo</i> & 'Ngọc' \"Anh\" <br/>"
    content = certificate_pdf(document(holder_name=name))
    text = squash(pdftotext(content))
    assert name.strip() in text
    assert squash(pypdf_text(content)).count("<i>Bảo</i>") == 1


def test_missing_optional_fields_leave_no_gaps():
    full = certificate_pdf(document())
    bare = certificate_pdf(
        document(
            date_of_birth="",
            level_label="",
            hours="",
            class_title="",
            class_dates="",
            signer_name="",
            signer_title_lines=[],
        )
    )
    text = squash(pdftotext(bare))
    for absent in ("Ngày sinh", "Trình độ", "Thời lượng", "Lớp", "None", "PHÓ"):
        assert absent not in text

    # The middle lines close up: consecutive lines stay close together.
    def middle_rows(content):
        rows = sorted(
            {
                round(b[1])
                for b in word_boxes(content)
                if 170 < b[1] < 380 and 120 < b[0] < 720
            }
        )
        return rows

    rows = middle_rows(bare)
    assert max(b - a for a, b in zip(rows, rows[1:], strict=False)) < 45
    assert len(middle_rows(full)) > len(rows)


def test_output_is_deterministic_with_the_invariant_flag():
    doc = document()
    assert certificate_pdf(doc, invariant=True) == certificate_pdf(doc, invariant=True)


def test_signature_and_seal_images_are_drawn(tmp_path):
    from PIL import Image

    def png(colour, size):
        path = tmp_path / f"{colour}.png"
        Image.new("RGBA", size, colour).save(path)
        return path.read_bytes()

    content = certificate_pdf(
        document(
            signature_image=png("blue", (300, 100)), seal_image=png("red", (200, 200))
        )
    )
    path = tmp_path / "c.pdf"
    path.write_bytes(content)
    images = subprocess.run(
        ["pdfimages", "-list", str(path)], capture_output=True, text=True, check=True
    ).stdout
    assert len(images.strip().splitlines()) >= 4  # header lines + two images
