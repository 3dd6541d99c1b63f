"""The annual report (or review) as DOCX, for the văn thư to edit in Word.

Same data as the PDF (``report_data.annual_report_data``), bytes out, no ORM.
The layout follows Decree 30/2020/NĐ-CP as the PDF does (``pdf_layout``): A4
with margins 20/20/30/15 mm, Times New Roman, the header as a borderless
two-column table (issuing body | national motto, number | place and date), the
lines under the issuing body (``ISSUER_RULE`` of its text) and under the motto
(its length) drawn as the bottom border of an empty paragraph indented so that
the border is centred and as long as wanted, "Nơi nhận:" and the signer block
side by side. The sentences are the PDF's (``report_text``).
"""

from __future__ import annotations

import io

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from reportlab.pdfbase import pdfmetrics

from . import report_text
from .pdf_layout import (
    FONT_BOLD,
    HEADER_COLUMNS,
    ISSUER_RULE,
    MARGINS,
    MOTTO,
    NATION,
    WIDTH,
    number,
    percent,
    recipient_lines,
    register_fonts,
    signer_lines,
)

FONT = "Times New Roman"
PT_PER_MM = 72 / 25.4


def _run(paragraph, text, *, size=13, bold=False, italic=False):
    run = paragraph.add_run(text)
    run.font.name = FONT
    run.font.size = Pt(size)
    run.bold, run.italic = bold, italic
    # East-Asian and complex-script slots too, or Word may substitute a font.
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    for slot in ("w:eastAsia", "w:cs"):
        fonts.set(qn(slot), FONT)
    return run


def _para(container, text="", *, size=13, bold=False, italic=False, align=None):
    paragraph = container.add_paragraph()
    if text:
        _run(paragraph, text, size=size, bold=bold, italic=italic)
    if align is not None:
        paragraph.alignment = align
    fmt = paragraph.paragraph_format
    fmt.space_before, fmt.space_after = Pt(0), Pt(0)
    return paragraph


def _body(document, text, *, bold=False, italic=False, size=13, indent=True):
    paragraph = _para(
        document, text, bold=bold, italic=italic, size=size,
        align=WD_ALIGN_PARAGRAPH.JUSTIFY,
    )  # fmt: skip
    fmt = paragraph.paragraph_format
    if indent:
        fmt.first_line_indent = Mm(10)
    fmt.space_after = Pt(6)
    return paragraph


def _rule(cell, cell_width_pt: float, line_width_pt: float):
    """An empty paragraph whose bottom border is ``line_width_pt`` long, centred
    in the cell (the indents take the rest)."""
    paragraph = _para(cell, size=2)
    side = max(0.0, (cell_width_pt - line_width_pt) / 2)
    paragraph.paragraph_format.left_indent = Pt(side)
    paragraph.paragraph_format.right_indent = Pt(side)
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (
        ("val", "single"),
        ("sz", "6"),
        ("space", "1"),
        ("color", "000000"),
    ):
        bottom.set(qn(f"w:{key}"), value)
    borders.append(bottom)
    paragraph._p.get_or_add_pPr().append(borders)
    return paragraph


def _no_borders(table):
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{side}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    table._tbl.tblPr.append(borders)


def _widths(table, widths_pt):
    table.autofit = False
    for row in table.rows:
        for cell, width in zip(row.cells, widths_pt, strict=True):
            cell.width = Pt(width)


def _header(document, doc: dict) -> None:
    register_fonts()
    widths = [share * WIDTH for share in HEADER_COLUMNS]  # points
    table = document.add_table(rows=2, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _no_borders(table)
    _widths(table, widths)
    center = WD_ALIGN_PARAGRAPH.CENTER
    left, right = table.rows[0].cells
    left.paragraphs[0].alignment = center
    _run(left.paragraphs[0], doc["governing_body"].upper(), size=12)
    issuing = doc["issuing_body"].upper()
    _para(left, issuing, size=12, bold=True, align=center)
    width = pdfmetrics.stringWidth(issuing, FONT_BOLD, 12)
    _rule(left, widths[0], ISSUER_RULE * min(width, widths[0]))
    right.paragraphs[0].alignment = center
    _run(right.paragraphs[0], NATION, size=12, bold=True)
    _para(right, MOTTO, size=13, bold=True, align=center)
    _rule(right, widths[1], pdfmetrics.stringWidth(MOTTO, FONT_BOLD, 13))
    number_cell, date_cell = table.rows[1].cells
    number_cell.paragraphs[0].alignment = center
    _run(number_cell.paragraphs[0], f"Số: {doc['number_symbol']}")
    date_cell.paragraphs[0].alignment = center
    _run(date_cell.paragraphs[0], doc["place_date"], italic=True)
    _para(document)
    _para(document, doc["type"], size=14, bold=True, align=center)
    _para(document, doc["summary"], size=14, bold=True, align=center)
    _rule(document, WIDTH, WIDTH * 0.25)
    _para(document)


def _grid(document, rows: list[list], widths: list[float]) -> None:
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _widths(table, [w * WIDTH for w in widths])
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            cell = table.rows[r].cells[c]
            paragraph = cell.paragraphs[0]
            _run(paragraph, str(value), size=10.5, bold=r == 0)
            numeric = r > 0 and (str(value)[:1].isdigit() or value == "-")
            if r == 0:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            elif numeric and c > 0:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _para(document)


def _closing(document, doc: dict) -> None:
    table = document.add_table(rows=1, cols=2)
    _no_borders(table)
    _widths(table, [WIDTH / 2, WIDTH / 2])
    left, right = table.rows[0].cells
    _run(left.paragraphs[0], "Nơi nhận:", size=12, bold=True, italic=True)
    for line in recipient_lines(doc):
        _para(left, line, size=11)
    center = WD_ALIGN_PARAGRAPH.CENTER
    lines = signer_lines(doc)
    first, rest = (lines[0], lines[1:]) if lines else ("", [])
    right.paragraphs[0].alignment = center
    _run(right.paragraphs[0], first, bold=True)
    for line in rest:
        _para(right, line, bold=True, align=center)
    for _ in range(5):  # space for the signature and the seal
        _para(right)
    _para(right, doc["signer_name"] or "", bold=True, align=center)


def render(data: dict) -> bytes:
    """The report DOCX for ``data`` (see ``report_data.annual_report_data``)."""
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = Pt(MARGINS["top"])
    section.bottom_margin = Pt(MARGINS["bottom"])
    section.left_margin = Pt(MARGINS["left"])
    section.right_margin = Pt(MARGINS["right"])
    style = document.styles["Normal"]
    style.font.name, style.font.size = FONT, Pt(13)
    doc = data["document"]
    _header(document, doc)
    for block in report_text.blocks(data):
        kind = block[0]
        if kind == "center":
            _para(document, block[1], align=WD_ALIGN_PARAGRAPH.CENTER)
        elif kind == "body":
            _body(document, block[1])
        elif kind == "h1":
            _body(document, block[1], bold=True)
        elif kind == "h2":
            _body(document, block[1], bold=True)
        elif kind == "h3":
            _body(document, block[1], italic=True)
        elif kind == "note":
            _body(document, block[1], italic=True, size=11)
        elif kind == "table":
            _grid(document, block[1], block[2])
    _closing(document, doc)
    core = document.core_properties
    core.title = f"{doc['type']} {doc['summary']}"
    core.author = doc["issuing_body"]
    output = io.BytesIO()
    document.save(output)
    return output.getvalue()


__all__ = ["render", "number", "percent"]
