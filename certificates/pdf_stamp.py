"""The "ĐÃ THU HỒI" (revoked) stamp drawn across a revoked certificate.

A revoked certificate's PDF is rendered again from its frozen data with this
stamp over it (``certificates.pdf.certificate_pdf``), so a copy downloaded after
the revocation can never pass for a valid one: a red, turned frame with the
word, the date and the reason, and the serial of the replacement if there is one.
"""

from dataclasses import dataclass

from reportlab.lib.colors import Color
from reportlab.pdfbase.pdfmetrics import stringWidth

from .fonts import FONT_BOLD, FONT_REGULAR
from .pdf_fit import clean, wrap

STAMP_RED = Color(0.75, 0.05, 0.05, alpha=0.85)
# Turned a little, as a rubber stamp is; text extractors (pdftotext) still
# read the lines at this angle (pypdf; pdftotext with -raw).
STAMP_ANGLE = 8


@dataclass
class RevocationStamp:
    word: str  # "ĐÃ THU HỒI"
    date_line: str  # "ngày 05 tháng 12 năm 2026"
    reason_line: str  # "Lý do: …"
    replacement_line: str = ""  # "Thay thế bằng giấy chứng nhận số …"


def draw_stamp(canvas, stamp: RevocationStamp, *, cx: float, cy: float) -> None:
    width = 430.0
    lines = [(clean(stamp.word), FONT_BOLD, 40.0)]
    lines.append((clean(stamp.date_line), FONT_BOLD, 14.0))
    for part in wrap(clean(stamp.reason_line), FONT_REGULAR, 12, width - 30)[:3]:
        lines.append((part, FONT_REGULAR, 12.0))
    if clean(stamp.replacement_line):
        for part in wrap(clean(stamp.replacement_line), FONT_BOLD, 12, width - 30):
            lines.append((part, FONT_BOLD, 12.0))
    height = sum(size * 1.35 for _, _, size in lines) + 28
    canvas.saveState()
    canvas.translate(cx, cy)
    canvas.rotate(STAMP_ANGLE)
    # A veil under the stamp: the text beneath stays visible but no longer
    # competes with the stamp's lines.
    canvas.setFillColor(Color(1, 1, 1, alpha=0.82))
    canvas.roundRect(-width / 2, -height / 2, width, height, 10, stroke=0, fill=1)
    canvas.setStrokeColor(STAMP_RED)
    canvas.setFillColor(STAMP_RED)
    canvas.setLineWidth(4)
    canvas.roundRect(-width / 2, -height / 2, width, height, 10, stroke=1, fill=0)
    canvas.setLineWidth(1.2)
    canvas.roundRect(
        -width / 2 + 6, -height / 2 + 6, width - 12, height - 12, 7, stroke=1, fill=0
    )
    y = height / 2 - 14
    for text, font, size in lines:
        y -= size * 1.35
        while size > 7 and stringWidth(text, font, size) > width - 30:
            size -= 0.5
        canvas.setFont(font, size)
        canvas.drawCentredString(0, y + size * 0.25, text)
    canvas.restoreState()
