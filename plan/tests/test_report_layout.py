"""The annual report's layout, read back from the files (Decree 30, Appendix I).

The PDF's geometry (text lines and rules) is read with pdfplumber; the DOCX
with python-docx. No database: the renderers take plain data.
"""

import io
import shutil
import subprocess
import unicodedata

import pdfplumber
import pytest
from docx import Document
from reportlab.pdfbase.ttfonts import TTFontFile

from plan import report_docx, report_pdf
from plan.pdf_layout import FONT_DIR, FONT_FILES

MM = 72 / 25.4


def report_data(**document) -> dict:
    doc = {
        "governing_body": "UBND TỈNH HẬU GIANG",
        "issuing_body": "SỞ KHOA HỌC VÀ CÔNG NGHỆ",
        "issuing_body_name": "Sở Khoa học và Công nghệ",
        "number_symbol": "15/BC-SKHCN",
        "place_date": "Hậu Giang, ngày 05 tháng 12 năm 2026",
        "date": "2026-12-05",
        "type": "BÁO CÁO",
        "summary": "Kết quả thực hiện Kế hoạch số 66/KH-UBND năm 2026",
        "addressee": "Chủ tịch Ủy ban nhân dân tỉnh",
        "recipients": ["Chủ tịch UBND tỉnh (để báo cáo)", "Lưu: VT, QLCN"],
        "signer_authority": "KT. GIÁM ĐỐC",
        "signer_title": "PHÓ GIÁM ĐỐC",
        "signer_name": "Nguyễn Văn An",
    }
    doc.update(document)
    return {
        "plan": {
            "number": "66/KH-UBND",
            "title": "Kế hoạch triển khai Chiến lược sở hữu trí tuệ",
            "issued_on_text": "ngày 26 tháng 3 năm 2021",
            "issuer_short": "UBND tỉnh",
        },
        "document": doc,
        "year": 2026,
        "first_year": 2026,
        "as_of": "2026-12-05",
        "kind": "annual",
        "definitions": {"trained": "Được cấp chứng chỉ.", "counting": "Một lần."},
        "headcount": {
            "audience_groups": [{"id": 1, "name": "Cán bộ"}],
            "task_groups": [
                {"code": "III.1", "title": "Đào tạo", "persons": 7, "person_courses": 9}
            ],
            "total_cells": [7],
            "target_cells": [0],
            "percent_cells": [None],
            "total_persons": 7,
            "total_person_courses": 9,
            "target_total": 0,
            "target_percent": None,
            "target_set": False,
            "target_sources": [],
        },
        "by_year": [{"year": 2026, "persons": 7, "target": 0, "percent": None}],
        "courses": {
            "classes": [],
            "courses": [
                {
                    "title": "Khóa A",
                    "level": "Cơ bản",
                    "enrolled": 9,
                    "completed": 8,
                    "trained": 7,
                }
            ],
        },
        "certificates": {
            "rows": [{"course": "Khóa A", "count": 7}],
            "total": 7,
            "revoked": 2,
            "reissued": 1,
        },
        "indicators": [],
        "sections": {"results": "Kết quả tốt.", "difficulties": "", "proposals": ""},
    }


def line_of(page, text: str) -> dict:
    """The words of ``text`` on one text line: x0, x1, bottom."""
    words = page.extract_words(keep_blank_chars=True, use_text_flow=True)
    found = [w for w in words if w["text"].strip() == text]
    assert found, (text, [w["text"] for w in words[:20]])
    return found[0]


def rule_under(page, word: dict) -> dict:
    """The horizontal rule closest under ``word`` (and overlapping it)."""
    below = [
        line
        for line in page.lines
        if abs(line["top"] - line["bottom"]) < 0.5
        and 0 <= line["top"] - word["bottom"] < 12
        and line["x0"] < word["x1"]
        and line["x1"] > word["x0"]
    ]
    assert below, word
    return min(below, key=lambda line: line["top"] - word["bottom"])


@pytest.fixture(scope="module")
def first_page():
    data = report_pdf.render(report_data())
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        yield pdf.pages[0]


def test_the_line_under_the_issuing_body_is_a_third_to_half_of_it_and_centred(
    first_page,
):
    word = line_of(first_page, "SỞ KHOA HỌC VÀ CÔNG NGHỆ")
    rule = rule_under(first_page, word)
    text_width = word["x1"] - word["x0"]
    ratio = (rule["x1"] - rule["x0"]) / text_width
    assert 1 / 3 <= ratio <= 1 / 2
    centre_off = (rule["x0"] + rule["x1"]) / 2 - (word["x0"] + word["x1"]) / 2
    assert abs(centre_off) < 0.5 * MM


def test_the_line_under_the_motto_is_as_long_as_it_and_centred(first_page):
    word = line_of(first_page, "Độc lập - Tự do - Hạnh phúc")
    rule = rule_under(first_page, word)
    assert abs((rule["x1"] - rule["x0"]) - (word["x1"] - word["x0"])) < 0.5 * MM
    centre_off = (rule["x0"] + rule["x1"]) / 2 - (word["x0"] + word["x1"]) / 2
    assert abs(centre_off) < 0.5 * MM


def test_nothing_reaches_into_the_margins(first_page):
    left, right = 30 * MM, (210 - 15) * MM
    for char in first_page.chars:
        assert char["x0"] >= left - 0.5, char["text"]
        assert char["x1"] <= right + 0.5, char["text"]
    for line in first_page.lines:
        assert line["x0"] >= left - 0.5 and line["x1"] <= right + 0.5


def test_the_font_is_a_times_metric_serif_with_every_vietnamese_letter(first_page):
    fonts = {char["fontname"].split("+")[-1] for char in first_page.chars}
    assert fonts <= {"Tinos", "Tinos-Bold", "Tinos-Italic", "Tinos-BoldItalic"}
    letters = "aăâbcdđeêghiklmnoôơpqrstuưvxy"
    marks = ["", "\u0300", "\u0301", "\u0303", "\u0309", "\u0323"]
    wanted = {
        unicodedata.normalize("NFC", letter + mark)
        for letter in letters + letters.upper()
        for mark in marks
    }
    wanted = {c for c in wanted if len(c) == 1}
    assert len(wanted) > 200
    for filename in FONT_FILES.values():
        cmap = TTFontFile(str(FONT_DIR / filename)).charToGlyph
        missing = sorted(c for c in wanted if ord(c) not in cmap)
        assert not missing, (filename, missing)


def test_the_signer_block_prints_what_was_chosen_and_nothing_else():
    def text_of(**document):
        data = report_pdf.render(report_data(**document))
        return subprocess.run(
            ["pdftotext", "-layout", "-", "-"],
            input=data,
            capture_output=True,
            check=True,
        ).stdout.decode()

    signed_for = text_of()
    assert "KT. GIÁM ĐỐC" in signed_for and "Nguyễn Văn An" in signed_for
    direct = text_of(signer_authority="", signer_title="GIÁM ĐỐC")
    assert "KT." not in direct and "GIÁM ĐỐC" in direct


def test_recipients_start_with_nhu_tren_when_the_report_has_an_addressee():
    from plan.pdf_layout import recipient_lines

    doc = report_data()["document"]
    assert recipient_lines(doc) == [
        "- Như trên;",
        "- Chủ tịch UBND tỉnh (để báo cáo);",
        "- Lưu: VT, QLCN.",
    ]
    assert recipient_lines({**doc, "addressee": ""})[0] == (
        "- Chủ tịch UBND tỉnh (để báo cáo);"
    )


def test_without_an_official_target_the_report_says_so_and_prints_no_percentage():
    data = report_pdf.render(report_data())
    text = " ".join(
        subprocess.run(
            ["pdftotext", "-", "-"], input=data, capture_output=True, check=True
        )
        .stdout.decode()
        .split()
    )
    assert "chưa đặt chỉ tiêu" in text
    assert "đạt" not in text.split("Năm 2026, 7 người")[1].split(".")[0]
    assert "thu hồi 2 giấy chứng nhận" in text


def docx_text(document) -> str:
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts += [cell.text for cell in row.cells]
    return "\n".join(parts)


def test_the_docx_has_the_same_blocks_and_words_as_the_pdf():
    data = report_data()
    document = Document(io.BytesIO(report_docx.render(data)))
    text = docx_text(document)
    for expected in [
        "UBND TỈNH HẬU GIANG",
        "SỞ KHOA HỌC VÀ CÔNG NGHỆ",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số: 15/BC-SKHCN",
        "Hậu Giang, ngày 05 tháng 12 năm 2026",
        "BÁO CÁO",
        "Kính gửi: Chủ tịch Ủy ban nhân dân tỉnh",
        "Năm 2026, 7 người được đào tạo, bồi dưỡng (9 lượt người",
        "Đã ghi danh",
        "Hoàn thành",
        "Được đào tạo",
        "Nơi nhận:",
        "- Như trên;",
        "- Lưu: VT, QLCN.",
        "KT. GIÁM ĐỐC",
        "PHÓ GIÁM ĐỐC",
        "Nguyễn Văn An",
    ]:
        assert expected in text, expected
    pdf = subprocess.run(
        ["pdftotext", "-", "-"],
        input=report_pdf.render(data),
        capture_output=True,
        check=True,
    ).stdout.decode()
    flat_pdf, flat_docx = " ".join(pdf.split()), " ".join(text.split())
    for sentence in ("Trên đây là báo cáo", "Thực hiện Kế hoạch số 66/KH-UBND"):
        assert sentence in flat_pdf and sentence in flat_docx
    section = document.sections[0]
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297
    assert round(section.left_margin.mm) == 30 and round(section.right_margin.mm) == 15
    fonts = {
        run.font.name
        for paragraph in document.paragraphs
        for run in paragraph.runs
        if run.text.strip()
    }
    assert fonts == {"Times New Roman"}


def test_the_docx_header_rules_have_the_decree_lengths():
    """The rules are bottom borders of empty paragraphs indented to the length."""
    document = Document(io.BytesIO(report_docx.render(report_data())))
    header = document.tables[0]
    cell_width = {0: header.rows[0].cells[0].width, 1: header.rows[0].cells[1].width}
    for column, text, low, high in (
        (0, "SỞ KHOA HỌC VÀ CÔNG NGHỆ", 1 / 3, 1 / 2),
        (1, "Độc lập - Tự do - Hạnh phúc", 0.97, 1.03),
    ):
        from reportlab.pdfbase.pdfmetrics import stringWidth

        from plan.pdf_layout import FONT_BOLD, register_fonts

        register_fonts()
        size = 12 if column == 0 else 13
        text_width = stringWidth(text, FONT_BOLD, size)
        cell = header.rows[0].cells[column]
        rule = next(p for p in cell.paragraphs if p._p.pPr.find(
            "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}pBdr"
        ) is not None)  # fmt: skip
        fmt = rule.paragraph_format
        width = cell_width[column].pt - fmt.left_indent.pt - fmt.right_indent.pt
        assert low <= width / text_width <= high
        assert abs(fmt.left_indent.pt - fmt.right_indent.pt) < 0.5


@pytest.mark.skipif(not shutil.which("libreoffice"), reason="LibreOffice absent")
def test_libreoffice_converts_the_docx(tmp_path):  # pragma: no cover
    path = tmp_path / "bao-cao.docx"
    path.write_bytes(report_docx.render(report_data()))
    subprocess.run(
        [
            "libreoffice",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            tmp_path,
            path,
        ],
        check=True,
        timeout=120,
    )
    assert (tmp_path / "bao-cao.pdf").read_bytes().startswith(b"%PDF")
