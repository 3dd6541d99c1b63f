"""Measuring, fitting and QR helpers for the certificate document (``pdf.py``).

Pure functions over ReportLab's font metrics and QR encoder; no ORM, no canvas
state beyond what a caller passes in.
"""

import functools
import unicodedata
from dataclasses import dataclass

from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.barcode.qrencoder import (
    EXP_TABLE,
    LOG_TABLE,
    QRPolynomial,
    QRUtil,
)
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth

# --- measuring and fitting ---------------------------------------------------------


def clean(text: str | None) -> str:
    """NFC-normalised single-line text (the font has precomposed glyphs)."""
    text = unicodedata.normalize("NFC", str(text or ""))
    text = "".join(" " if unicodedata.category(ch)[0] == "C" else ch for ch in text)
    return " ".join(text.split())


def wrap(text: str, font: str, size: float, width: float) -> list[str]:
    """Split on spaces; a word wider than ``width`` is broken between characters."""
    lines = []
    for line in simpleSplit(text, font, size, width):
        while stringWidth(line, font, size) > width and len(line) > 1:
            cut = len(line) - 1
            while cut > 1 and stringWidth(line[:cut], font, size) > width:
                cut -= 1
            lines.append(line[:cut])
            line = line[cut:]
        lines.append(line)
    return lines


@dataclass
class Block:
    lines: list[str]
    font: str
    size: float
    colour: str
    gap_before: float = 0.0

    @property
    def leading(self) -> float:
        return self.size * 1.28

    @property
    def height(self) -> float:
        return self.gap_before + self.leading * len(self.lines)


def fit(
    text: str,
    *,
    font: str,
    max_size: float,
    min_size: float,
    width: float,
    max_lines: int,
    prefer_one_line_down_to: float | None = None,
) -> tuple[float, list[str]]:
    """Largest size at which ``text`` fits ``max_lines`` lines of ``width``.

    With ``prefer_one_line_down_to`` the text first shrinks on one line down to
    that size before it is allowed to wrap (a name reads better on one line).
    """
    sizes = []
    size = max_size
    while size >= min_size - 0.01:
        sizes.append(round(size, 2))
        size -= 0.5
    if prefer_one_line_down_to:
        for size in sizes:
            if size < prefer_one_line_down_to:
                break
            if stringWidth(text, font, size) <= width:
                return size, [text]
    for size in sizes:
        lines = wrap(text, font, size, width)
        if len(lines) <= max_lines:
            return size, lines
    # Beyond any realistic input: keep the minimum size and every line.
    return min_size, wrap(text, font, min_size, width)


def fitted_width_line(canvas, text, font, max_size, min_size, width, x, y):
    """Draw one centred line, shrinking it to ``width`` if needed."""
    size = max_size
    while size > min_size and stringWidth(text, font, size) > width:
        size -= 0.25
    canvas.setFont(font, size)
    canvas.drawCentredString(x, y, text)
    return size


QR_MASK = 0

# ReportLab's pure-Python QR encoder was two thirds of a certificate's rendering
# time, in its Reed–Solomon step: it builds each block's generator polynomial
# again for every code (one polynomial multiplication per error-correction
# codeword), and divides by it recursively, one new polynomial per step. The
# generator depends only on the number of codewords and is never modified, so
# it is built once per size; the division is done in place (``_remainder``).
# Both give the same codewords (tests/certificates: test_pdf_fit).
REPORTLAB_MOD = QRPolynomial.mod
QRUtil.getErrorCorrectPolynomial = staticmethod(
    functools.cache(QRUtil.getErrorCorrectPolynomial)
)


@functools.cache
def _multiples(generator: tuple[int, ...]) -> list[list[int]]:
    """For each coefficient c (by its log), c × the generator's terms after the
    first: the rows the division XORs in (255 rows per generator size)."""
    logs = [LOG_TABLE[g] for g in generator[1:]]  # RS generators have no zero term
    return [[EXP_TABLE[(log + ratio) % 255] for log in logs] for ratio in range(255)]


def _remainder(self: QRPolynomial, divisor: QRPolynomial) -> QRPolynomial:
    """``self`` modulo ``divisor`` over GF(256), what ``QRPolynomial.mod`` gives."""
    rest, generator = list(self.num), divisor.num
    size = len(generator)
    if len(rest) < size:
        return self
    rows = _multiples(tuple(generator))
    first = LOG_TABLE[generator[0]]
    for i in range(len(rest) - size + 1):
        coefficient = rest[i]
        if coefficient:
            row = rows[(LOG_TABLE[coefficient] - first) % 255]
            rest[i + 1 : i + size] = [
                a ^ b for a, b in zip(rest[i + 1 : i + size], row, strict=True)
            ]
            rest[i] = 0
    return QRPolynomial(rest[len(rest) - size + 1 :] or [0], 0)


QRPolynomial.mod = _remainder


def qr_modules(text: str) -> list[list[bool]]:
    """The QR matrix from ReportLab's QR widget (error correction M).

    The widget's encoder is used with a fixed mask pattern instead of trying all
    eight (any mask is valid in ISO/IEC 18004; choosing the "best" one costs five
    times the rest of the certificate). The rectangles are drawn straight onto
    the canvas rather than through shape objects, for the same reason.
    """
    qr = QrCodeWidget(text, barLevel="M").qr
    if qr.version is None:
        qr.version = qr.calculate_version()
    qr.makeImpl(False, QR_MASK)
    return qr.modules
