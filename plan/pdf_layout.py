"""Page furniture of an administrative document (Decree 30/2020/NĐ-CP), ReportLab.

What every such document shares, whatever its body: A4 portrait with margins
20/20/30/15 mm, Tinos (the metrics of Times New Roman, which the decree
names, with every Vietnamese glyph; Apache 2.0, from Debian's fonts-croscore),
paragraph and table styles, the header block (issuing body top left, national
motto top right, number/symbol, place and date, document type and summary
line), the "Nơi nhận:" and signer block, page numbers from page 2 centred in
the top margin, and Vietnamese number formatting. ``plan.report_pdf`` writes
the body of the annual report with them. No ORM queries here.
"""

from __future__ import annotations

import io
import threading
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.fonts import addMapping
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (
    Flowable,
    HRFlowable,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

FONT_DIR = Path(__file__).resolve().parent / "fonts"
FAMILY = "Tinos"
FONT_REGULAR = "Tinos"
FONT_BOLD = "Tinos-Bold"
FONT_ITALIC = "Tinos-Italic"
FONT_BOLD_ITALIC = "Tinos-BoldItalic"
FONT_FILES = {
    FONT_REGULAR: "Tinos-Regular.ttf",
    FONT_BOLD: "Tinos-Bold.ttf",
    FONT_ITALIC: "Tinos-Italic.ttf",
    FONT_BOLD_ITALIC: "Tinos-BoldItalic.ttf",
}
MOTTO = "Độc lập - Tự do - Hạnh phúc"
NATION = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
#: The line under the issuing body, as a share of its text line (1/3 to 1/2).
ISSUER_RULE = 0.4
#: Widths of the header's columns (issuing body, motto); together the text width.
HEADER_COLUMNS = (0.42, 0.58)
_lock = threading.Lock()
MARGINS = {"top": 20 * mm, "bottom": 20 * mm, "left": 30 * mm, "right": 15 * mm}
WIDTH = A4[0] - MARGINS["left"] - MARGINS["right"]


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


def styles() -> dict[str, ParagraphStyle]:
    """The paragraph styles (registers the fonts first)."""
    register_fonts()
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


def para(text, style) -> Paragraph:
    """A paragraph of literal text: <, > and & print as they are."""
    return Paragraph(escape(str(text)).replace("\n", "<br/>"), style)


class CentredRule(Flowable):
    """A solid line centred in its column, ``fraction`` of the longest line
    ``text`` takes there (the text is centred in the same column, so the line
    is centred under it, whatever the column's width)."""

    def __init__(self, text: str, font: str, size: float, fraction: float = 1.0):
        super().__init__()
        self.text, self.font, self.size, self.fraction = text, font, size, fraction
        self.line_width = 0.0

    def wrap(self, avail_width, avail_height):
        from reportlab.lib.utils import simpleSplit

        lines = simpleSplit(self.text, self.font, self.size, avail_width) or [""]
        longest = max(
            pdfmetrics.stringWidth(line, self.font, self.size) for line in lines
        )
        self.line_width = self.fraction * longest
        self.width = avail_width
        self.height = 3
        return avail_width, self.height

    def draw(self):
        self.canv.setLineWidth(0.6)
        start = (self.width - self.line_width) / 2
        self.canv.line(start, 1.5, start + self.line_width, 1.5)


def header(doc: dict, st) -> list:
    """Issuing body and motto side by side, each centred over its line; the
    table spans the text width exactly (nothing reaches into the margins)."""
    issuing = doc["issuing_body"].upper()
    left = [
        para(doc["governing_body"].upper(), st["center12"]),
        para(issuing, st["center12b"]),
        CentredRule(issuing, FONT_BOLD, 12, ISSUER_RULE),
    ]
    right = [
        para(NATION, st["center12b"]),
        para(MOTTO, st["center13b"]),
        CentredRule(MOTTO, FONT_BOLD, 13),
    ]
    table = Table(
        [
            [left, right],
            [
                para(f"Số: {doc['number_symbol']}", st["center13"]),
                para(doc["place_date"], st["center13i"]),
            ],
        ],
        colWidths=[share * WIDTH for share in HEADER_COLUMNS],
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
        para(doc["type"], st["title"]),
        para(doc["summary"], st["title"]),
        HRFlowable(
            width="25%", thickness=0.6, color=colors.black, spaceBefore=5, spaceAfter=8
        ),
    ]


def grid_table(
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
            cells.append(value if isinstance(value, Paragraph) else para(value, style))
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


def paragraphs(text: str, st, empty: str) -> list:
    parts = [p.strip() for p in (text or "").replace("\r", "").split("\n\n")]
    parts = [p for p in parts if p]
    if not parts:
        return [para(empty, st["body"])]
    return [para(part, st["body"]) for part in parts]


def recipient_lines(doc: dict) -> list[str]:
    """ "Nơi nhận" lines: "- Như trên;" first when the document has a "Kính
    gửi" addressee, each line ending with ";" and the last (Lưu) with "."."""
    recipients = [line.strip().lstrip("-").strip() for line in doc["recipients"]]
    recipients = [line for line in recipients if line]
    if doc.get("addressee") and not any(
        line.rstrip(";.").lower() == "như trên" for line in recipients
    ):
        recipients.insert(0, "Như trên")
    out = []
    for i, line in enumerate(recipients):
        end = "." if i == len(recipients) - 1 else ";"
        out.append(f"- {line.rstrip(';.')}{end}")
    return out


def signer_lines(doc: dict) -> list[str]:
    """Authority (only when one was chosen, e.g. "KT. GIÁM ĐỐC") and title,
    upper case; the name is printed apart, under the space for the signature."""
    return [
        line.upper()
        for line in (doc.get("signer_authority", ""), doc.get("signer_title", ""))
        if line
    ]


def closing(doc: dict, st) -> list:
    left = [para("Nơi nhận:", st["recipients_title"])]
    left += [para(line, st["recipient"]) for line in recipient_lines(doc)]
    right = [para(line, st["center13b"]) for line in signer_lines(doc)]
    right += [Spacer(1, 24 * mm), para(doc["signer_name"] or " ", st["center13b"])]
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


def build(story: list, *, title: str, author: str) -> bytes:
    """Lay ``story`` out on A4 with the margins and page numbers; PDF bytes."""
    buffer = io.BytesIO()
    template = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGINS["left"],
        rightMargin=MARGINS["right"],
        topMargin=MARGINS["top"],
        bottomMargin=MARGINS["bottom"],
        title=title,
        author=author,
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


def register_fonts() -> None:
    """Register Tinos with ReportLab (once per process)."""
    if FONT_BOLD_ITALIC in pdfmetrics.getRegisteredFontNames():
        return
    with _lock:
        if FONT_BOLD_ITALIC in pdfmetrics.getRegisteredFontNames():
            return
        for name, filename in FONT_FILES.items():
            pdfmetrics.registerFont(TTFont(name, str(FONT_DIR / filename)))
        addMapping(FAMILY, 0, 0, FONT_REGULAR)
        addMapping(FAMILY, 1, 0, FONT_BOLD)
        addMapping(FAMILY, 0, 1, FONT_ITALIC)
        addMapping(FAMILY, 1, 1, FONT_BOLD_ITALIC)
