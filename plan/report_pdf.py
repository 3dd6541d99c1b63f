"""The annual report (or review) as a PDF in the layout of Decree 30/2020/NĐ-CP.

Data in (``report_data.annual_report_data``), bytes out; no ORM queries here.
A4 portrait, margins 20/20/30/15 mm, issuing body top left and national motto
top right, number/symbol and place/date, "BÁO CÁO" with its summary line, body
with headings I., 1., a), then "Nơi nhận:" and the signer; page numbers from
page 2, centred in the top margin.
"""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    HRFlowable,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from certificates.fonts import FONT_BOLD, FONT_ITALIC, FONT_REGULAR, register_fonts

FONT_BOLD_ITALIC = "NotoSerif-BoldItalic"
MARGINS = {"top": 20 * mm, "bottom": 20 * mm, "left": 30 * mm, "right": 15 * mm}
WIDTH = A4[0] - MARGINS["left"] - MARGINS["right"]
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII"]


def number(value) -> str:
    """1234 → "1.234"; None → "-"."""
    if value is None:
        return "-"
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.1f}".replace(",", " ").replace(".", ",").replace(" ", ".")
    return f"{int(value):,}".replace(",", ".")


def percent(value) -> str:
    if value is None:
        return "-"
    return f"{value:.1f}%".replace(".", ",")


def _styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("base", fontName=FONT_REGULAR, fontSize=13, leading=17)
    return {
        "body": ParagraphStyle(
            "body",
            parent=base,
            alignment=TA_JUSTIFY,
            firstLineIndent=10 * mm,
            spaceAfter=6,
        ),
        "h1": ParagraphStyle(
            "h1",
            parent=base,
            fontName=FONT_BOLD,
            spaceBefore=6,
            spaceAfter=6,
            firstLineIndent=10 * mm,
        ),
        "h2": ParagraphStyle(
            "h2", parent=base, fontName=FONT_BOLD, spaceAfter=4, firstLineIndent=10 * mm
        ),
        "h3": ParagraphStyle(
            "h3",
            parent=base,
            fontName=FONT_ITALIC,
            spaceAfter=4,
            firstLineIndent=10 * mm,
        ),
        "center12": ParagraphStyle(
            "c12", parent=base, fontSize=12, leading=15, alignment=TA_CENTER
        ),
        "center12b": ParagraphStyle(
            "c12b",
            parent=base,
            fontName=FONT_BOLD,
            fontSize=12,
            leading=15,
            alignment=TA_CENTER,
        ),
        "center13b": ParagraphStyle(
            "c13b", parent=base, fontName=FONT_BOLD, alignment=TA_CENTER
        ),
        "center13": ParagraphStyle("c13", parent=base, alignment=TA_CENTER),
        "center13i": ParagraphStyle(
            "c13i", parent=base, fontName=FONT_ITALIC, alignment=TA_CENTER
        ),
        "title": ParagraphStyle(
            "title",
            parent=base,
            fontName=FONT_BOLD,
            fontSize=14,
            leading=18,
            alignment=TA_CENTER,
        ),
        "cell": ParagraphStyle("cell", parent=base, fontSize=10.5, leading=13),
        "cellc": ParagraphStyle(
            "cellc", parent=base, fontSize=10.5, leading=13, alignment=TA_CENTER
        ),
        "cellr": ParagraphStyle(
            "cellr", parent=base, fontSize=10.5, leading=13, alignment=TA_RIGHT
        ),
        "head": ParagraphStyle(
            "head",
            parent=base,
            fontName=FONT_BOLD,
            fontSize=10.5,
            leading=13,
            alignment=TA_CENTER,
        ),
        "note": ParagraphStyle(
            "note",
            parent=base,
            fontName=FONT_ITALIC,
            fontSize=11,
            leading=14,
            alignment=TA_JUSTIFY,
            firstLineIndent=10 * mm,
            spaceAfter=4,
        ),
        "recipients_title": ParagraphStyle(
            "rt",
            parent=base,
            fontName=FONT_BOLD_ITALIC,
            fontSize=12,
            leading=14,
        ),
        "recipient": ParagraphStyle(
            "r", parent=base, fontSize=11, leading=13, alignment=TA_LEFT
        ),
    }


def _p(text, style) -> Paragraph:
    """A paragraph of literal text: <, > and & print as they are."""
    return Paragraph(escape(str(text)).replace("\n", "<br/>"), style)


def _header(doc: dict, st) -> list:
    left = [
        _p(doc["governing_body"].upper(), st["center12"]),
        _p(doc["issuing_body"].upper(), st["center12b"]),
        HRFlowable(
            width="30%", thickness=0.6, color=colors.black, spaceBefore=2, spaceAfter=0
        ),
    ]
    right = [
        _p("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", st["center12b"]),
        _p("Độc lập - Tự do - Hạnh phúc", st["center13b"]),
        HRFlowable(
            width="52%", thickness=0.6, color=colors.black, spaceBefore=2, spaceAfter=0
        ),
    ]
    table = Table(
        [
            [left, right],
            [
                _p(f"Số: {doc['number_symbol']}", st["center13"]),
                _p(doc["place_date"], st["center13i"]),
            ],
        ],
        colWidths=[74 * mm, WIDTH - 74 * mm + 10 * mm],
    )
    table.hAlign = "CENTER"
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 1), (-1, 1), 6),
            ]
        )
    )
    return [
        table,
        Spacer(1, 8 * mm),
        _p(doc["type"], st["title"]),
        _p(doc["summary"], st["title"]),
        HRFlowable(
            width="25%", thickness=0.6, color=colors.black, spaceBefore=5, spaceAfter=8
        ),
    ]


def _table(
    rows: list[list],
    widths: list[float],
    st,
    header_rows: int = 1,
    bold_last: bool = False,
) -> Table:
    data = []
    for r, row in enumerate(rows):
        cells = []
        for c, value in enumerate(row):
            if r < header_rows:
                style = st["head"]
            elif c == 0 and isinstance(value, str) and len(row) > 2:
                style = st["cellc"] if len(str(value)) <= 6 else st["cell"]
            elif isinstance(value, str) and not value[:1].isdigit() and value != "-":
                style = st["cell"]
            else:
                style = st["cellr"]
            cells.append(value if isinstance(value, Paragraph) else _p(value, style))
        data.append(cells)
    table = Table(data, colWidths=[w * WIDTH for w in widths], repeatRows=header_rows)
    commands = [
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
    if bold_last:
        commands.append(("BACKGROUND", (0, -1), (-1, -1), colors.HexColor("#f0f0f0")))
    table.setStyle(TableStyle(commands))
    table.spaceAfter = 6
    return table


def _paragraphs(text: str, st, empty: str) -> list:
    parts = [p.strip() for p in (text or "").replace("\r", "").split("\n\n")]
    parts = [p for p in parts if p]
    if not parts:
        return [_p(empty, st["body"])]
    return [_p(part, st["body"]) for part in parts]


def _headcount_section(data: dict, st) -> list:
    hc = data["headcount"]
    period = _period(data)
    out = [
        _p("1. Kết quả đào tạo, bồi dưỡng về sở hữu trí tuệ", st["h2"]),
        _p(
            f"{period.capitalize()}, {number(hc['total_persons'])} người được đào tạo, "
            f"bồi dưỡng ({number(hc['total_person_courses'])} lượt người "
            "theo khóa học), "
            f"đạt {percent(hc['target_percent'])} chỉ tiêu "
            f"({number(hc['target_total'])} người).",
            st["body"],
        ),
        _p("a) Theo nhóm đối tượng, so với chỉ tiêu", st["h3"]),
    ]
    rows = [["TT", "Nhóm đối tượng", "Số người được đào tạo", "Chỉ tiêu", "Tỷ lệ đạt"]]
    for i, group in enumerate(hc["audience_groups"], 1):
        rows.append(
            [
                str(i),
                group["name"],
                number(hc["total_cells"][i - 1]),
                number(hc["target_cells"][i - 1]),
                percent(hc["percent_cells"][i - 1]),
            ]
        )
    rows.append(
        [
            "",
            "Tổng cộng (người, không trùng lặp)",
            number(hc["total_persons"]),
            number(hc["target_total"]),
            percent(hc["target_percent"]),
        ]
    )
    out.append(_table(rows, [0.07, 0.45, 0.18, 0.14, 0.16], st, bold_last=True))
    out += [Spacer(1, 4), _p("b) Theo nhóm nhiệm vụ của Kế hoạch (Mục III)", st["h3"])]
    rows = [["Mã", "Nhóm nhiệm vụ", "Số người", "Lượt người"]]
    for task in hc["task_groups"]:
        rows.append(
            [
                task["code"],
                task["title"],
                number(task["persons"]),
                number(task["person_courses"]),
            ]
        )
    out.append(_table(rows, [0.1, 0.6, 0.15, 0.15], st))
    if len(data["by_year"]) > 1:
        out += [Spacer(1, 4), _p("c) Theo năm, so với chỉ tiêu", st["h3"])]
        rows = [["Năm", "Số người được đào tạo", "Chỉ tiêu", "Tỷ lệ đạt"]]
        for row in data["by_year"]:
            rows.append(
                [
                    str(row["year"]),
                    number(row["persons"]),
                    number(row["target"]),
                    percent(row["percent"]),
                ]
            )
        out.append(_table(rows, [0.16, 0.34, 0.25, 0.25], st))
    return out


def _courses_section(data: dict, st) -> list:
    courses = data["courses"]
    out = [_p("2. Các khóa học và lớp tập huấn đã tổ chức", st["h2"])]
    if courses["courses"]:
        rows = [
            ["TT", "Khóa học", "Trình độ", "Ghi danh", "Hoàn thành", "Được đào tạo"]
        ]
        for i, c in enumerate(courses["courses"], 1):
            rows.append(
                [
                    str(i),
                    c["title"],
                    c["level"],
                    number(c["enrolled"]),
                    number(c["completed"]),
                    number(c["trained"]),
                ]
            )
        out.append(_table(rows, [0.07, 0.43, 0.14, 0.12, 0.12, 0.12], st))
    else:
        out.append(
            _p("Không có khóa học nào có học viên trong kỳ báo cáo.", st["body"])
        )
    if courses["classes"]:
        out += [Spacer(1, 4), _p("Các lớp tập huấn:", st["h3"])]
        rows = [["TT", "Lớp tập huấn", "Thời gian", "Địa điểm", "Học viên"]]
        for i, c in enumerate(courses["classes"], 1):
            rows.append(
                [
                    str(i),
                    f"{c['title']} ({c['course']})",
                    f"{c['start']} - {c['end']}",
                    c["place"],
                    number(c["enrolled"]),
                ]
            )
        out.append(_table(rows, [0.07, 0.43, 0.2, 0.18, 0.12], st))
    return out


def _certificates_section(data: dict, st) -> list:
    certs = data["certificates"]
    out = [
        _p("3. Chứng chỉ đã cấp", st["h2"]),
        _p(
            f"Đã cấp {number(certs['total'])} giấy chứng nhận còn hiệu lực"
            + (f"; thu hồi {number(certs['revoked'])}" if certs["revoked"] else "")
            + ".",
            st["body"],
        ),
    ]
    if certs["rows"]:
        rows = [["TT", "Khóa học", "Số chứng chỉ"]]
        for i, r in enumerate(certs["rows"], 1):
            rows.append([str(i), r["course"], number(r["count"])])
        out.append(_table(rows, [0.08, 0.72, 0.2], st))
    return out


def _indicator_section(data: dict, st) -> list:
    out = [_p("4. Kết quả thực hiện các chỉ tiêu về đơn đăng ký", st["h2"])]
    for ind in data["indicators"]:
        target = (
            f"{number(ind['target_min'])}%"
            if ind["target_min"] == ind["target_max"]
            else f"{number(ind['target_min'])} - {number(ind['target_max'])}%"
        )
        verdict = (
            "chưa đủ số liệu để đánh giá"
            if ind["met"] is None
            else ("đạt chỉ tiêu" if ind["met"] else "chưa đạt chỉ tiêu")
        )
        out.append(
            _p(
                f"Chỉ tiêu {ind['code']}: {ind['indicator']} tăng trung bình "
                f"{target}/năm. Tăng trưởng bình quân từ năm "
                f"{ind['rows'][0]['year']}: {percent(ind['average_growth'])}/năm, "
                f"{verdict}.",
                st["body"],
            )
        )
        head = ["Năm", *ind["kinds"], "Tổng", "Tăng so với năm trước"]
        rows = [head]
        for row in ind["rows"]:
            rows.append(
                [
                    str(row["year"]),
                    *[number(v) for v in row["by_kind"]],
                    number(row["total"]),
                    percent(row["growth"]),
                ]
            )
        n = len(ind["kinds"])
        kind_width = 0.56 / n
        out.append(_table(rows, [0.1, *([kind_width] * n), 0.14, 0.2], st))
        if ind["demo"]:
            out.append(_p("Ghi chú: số liệu minh họa (dữ liệu demo).", st["note"]))
        out.append(Spacer(1, 4))
    return out


def _period(data: dict) -> str:
    if data["first_year"] == data["year"]:
        return f"năm {data['year']}"
    return f"giai đoạn {data['first_year']} - {data['year']}"


def _closing(doc: dict, st) -> list:
    left = [_p("Nơi nhận:", st["recipients_title"])]
    recipients = doc["recipients"]
    for i, line in enumerate(recipients):
        end = "." if i == len(recipients) - 1 else ";"
        left.append(_p(f"- {line.rstrip(';.')}{end}", st["recipient"]))
    right = [
        _p(doc["signer_authority"].upper(), st["center13b"]),
        _p(doc["signer_title"].upper(), st["center13b"]),
        Spacer(1, 24 * mm),
        _p(doc["signer_name"] or " ", st["center13b"]),
    ]
    table = Table([[left, right]], colWidths=[WIDTH * 0.5, WIDTH * 0.5])
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return [Spacer(1, 6 * mm), KeepTogether([table])]


def render(data: dict) -> bytes:
    """The report PDF for ``data`` (see ``report_data.annual_report_data``)."""
    register_fonts()
    _register_bold_italic()
    st = _styles()
    doc = data["document"]
    plan = data["plan"]
    story = _header(doc, st)
    if doc.get("addressee"):
        story.append(_p(f"Kính gửi: {doc['addressee']}", st["center13"]))
        story.append(Spacer(1, 8))
    subject = plan["title"]
    if subject.lower().startswith("kế hoạch "):
        subject = subject[len("kế hoạch ") :]
    story.append(
        _p(
            f"Thực hiện Kế hoạch số {plan['number']} {plan['issued_on_text']} của "
            f"{plan['issuer_short']} {subject}, {doc['issuing_body_name']} "
            f"báo cáo kết quả thực hiện {_period(data)} như sau:",
            st["body"],
        )
    )
    story.append(_p("I. KẾT QUẢ THỰC HIỆN", st["h1"]))
    story += _headcount_section(data, st)
    story += _courses_section(data, st)
    story += _certificates_section(data, st)
    story += _indicator_section(data, st)
    story.append(_p("5. Đánh giá chung", st["h2"]))
    story += _paragraphs(data["sections"]["results"], st, "(Chưa có nội dung.)")
    story.append(_p("II. KHÓ KHĂN, VƯỚNG MẮC", st["h1"]))
    story += _paragraphs(data["sections"]["difficulties"], st, "Không có.")
    story.append(_p("III. ĐỀ XUẤT, KIẾN NGHỊ", st["h1"]))
    story += _paragraphs(data["sections"]["proposals"], st, "Không có.")
    story.append(
        _p(
            f"Ghi chú: {data['definitions']['trained']} "
            f"{data['definitions']['counting']}",
            st["note"],
        )
    )
    story.append(
        _p(
            f"Trên đây là báo cáo kết quả thực hiện Kế hoạch số {plan['number']} "
            f"{_period(data)} của {doc['issuing_body_name']}./.",
            st["body"],
        )
    )
    story += _closing(doc, st)

    buffer = io.BytesIO()
    template = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGINS["left"],
        rightMargin=MARGINS["right"],
        topMargin=MARGINS["top"],
        bottomMargin=MARGINS["bottom"],
        title=f"{doc['type']} {doc['summary']}",
        author=doc["issuing_body"],
    )
    template.build(story, onLaterPages=_page_number)
    return buffer.getvalue()


def _page_number(canvas, doc) -> None:
    canvas.saveState()
    canvas.setFont(FONT_REGULAR, 13)
    canvas.drawCentredString(
        MARGINS["left"] + WIDTH / 2, A4[1] - MARGINS["top"] / 2 - 4, str(doc.page)
    )
    canvas.restoreState()


def _register_bold_italic() -> None:
    """Bold italic for "Nơi nhận:" (Noto Serif, OFL, committed in plan/fonts/)."""
    from pathlib import Path

    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if FONT_BOLD_ITALIC in pdfmetrics.getRegisteredFontNames():
        return
    path = Path(__file__).resolve().parent / "fonts" / "NotoSerif-BoldItalic.ttf"
    pdfmetrics.registerFont(TTFont(FONT_BOLD_ITALIC, str(path)))
