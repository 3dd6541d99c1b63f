"""The annual report (or review) as a PDF in the layout of Decree 30/2020/NĐ-CP.

Data in (``report_data.annual_report_data``), bytes out; no ORM queries here.
The body's words and tables are ``report_text.blocks`` (the DOCX prints the
same); the page furniture (margins, fonts, styles, header block, "Nơi nhận:"
and signer, page numbers) is in ``plan.pdf_layout``.
"""

from __future__ import annotations

from reportlab.platypus import Spacer

from . import report_text
from .pdf_layout import build, closing, grid_table, header, para, styles

STYLE = {
    "center": "center13",
    "body": "body",
    "h1": "h1",
    "h2": "h2",
    "h3": "h3",
    "note": "note",
}


def render(data: dict) -> bytes:
    """The report PDF for ``data`` (see ``report_data.annual_report_data``)."""
    st = styles()
    doc = data["document"]
    story = header(doc, st)
    for block in report_text.blocks(data):
        kind = block[0]
        if kind == "table":
            story.append(grid_table(block[1], block[2], st))
            story.append(Spacer(1, 4))
        else:
            story.append(para(block[1], st[STYLE[kind]]))
            if kind == "center":
                story.append(Spacer(1, 8))
    story += closing(doc, st)
    return build(
        story, title=f"{doc['type']} {doc['summary']}", author=doc["issuing_body"]
    )
