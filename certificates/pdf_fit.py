"""Measuring, fitting and QR helpers for the certificate document (``pdf.py``).

Pure functions over ReportLab's font metrics and zxing-cpp's QR encoder; no ORM,
no canvas state beyond what a caller passes in.
"""

import unicodedata
from dataclasses import dataclass

import zxingcpp
from PIL import Image
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


QR_ERROR = "M"


def qr_image(text: str, *, border: int, scale: int) -> Image.Image:
    """The QR symbol (error correction M) as a greyscale image.

    zxing-cpp's encoder (C++, a maintained library with a public API; it also
    reads the codes back in ``verify_certificate``) picks the mask pattern by
    the standard's penalty rules in 2 ms for a version 21 symbol, where segno
    took 8.5 ms with one fixed mask and ReportLab's pure-Python encoder, even
    sped up, 4 ms for a version 16. ``scale`` pixels a module, ``border``
    white modules around it.
    """
    barcode = zxingcpp.create_barcode(
        text, zxingcpp.BarcodeFormat.QRCode, ec_level=QR_ERROR
    )
    symbol = barcode.to_image(scale=1, add_quiet_zones=False)
    height, width = symbol.shape
    image = Image.frombuffer("L", (width, height), bytes(memoryview(symbol)))
    framed = Image.new("L", (width + 2 * border, height + 2 * border), 255)
    framed.paste(image, (border, border))
    if scale > 1:
        framed = framed.resize(
            (framed.width * scale, framed.height * scale), Image.Resampling.NEAREST
        )
    return framed


def qr_modules(text: str) -> list[list[bool]]:
    """The QR matrix, ``True`` for a dark module (for measurements and tests)."""
    image = qr_image(text, border=0, scale=1)
    data = image.tobytes()
    n = image.width
    return [[byte < 128 for byte in data[r * n : (r + 1) * n]] for r in range(n)]
