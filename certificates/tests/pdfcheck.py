"""Helpers to read a certificate PDF back: text, word boxes, QR code."""

import re
import subprocess
import tempfile
import unicodedata
from html import unescape
from pathlib import Path

from pypdf import PdfReader

from certificates.pdf import PAGE_HEIGHT, PAGE_WIDTH


def squash(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def pdftotext(content: bytes) -> str:
    result = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"],
        input=content,
        capture_output=True,
        check=True,
    )
    return result.stdout.decode("utf-8")


def pypdf_text(content: bytes) -> str:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(content)
        handle.flush()
        reader = PdfReader(handle.name)
        return "\n".join(page.extract_text() for page in reader.pages)


WORD = re.compile(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" '
    r'xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>'
)


def word_boxes(content: bytes) -> list[tuple[float, float, float, float, str]]:
    result = subprocess.run(
        ["pdftotext", "-bbox", "-enc", "UTF-8", "-", "-"],
        input=content,
        capture_output=True,
        check=True,
    )
    return [
        (float(a), float(b), float(c), float(d), unescape(w))
        for a, b, c, d, w in WORD.findall(result.stdout.decode("utf-8"))
    ]


def _core(box, share: float = 0.2):
    """A word box without the font's tall ascent/descent reserve (Vietnamese
    marks stack high): the part where the glyphs of two lines could collide."""
    x0, y0, x1, y1, word = box
    trim = (y1 - y0) * share
    return (x0, y0 + trim, x1, y1 - trim, word)


def overlaps(boxes, tolerance: float = 0.5) -> list[tuple[str, str]]:
    found = []
    boxes = [_core(box) for box in boxes]
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            if (
                a[0] < b[2] - tolerance
                and b[0] < a[2] - tolerance
                and a[1] < b[3] - tolerance
                and b[1] < a[3] - tolerance
            ):
                found.append((a[4], b[4]))
    return found


def outside_frame(boxes, margin: float = 29.0) -> list[str]:
    return [
        box[4]
        for box in boxes
        if box[0] < margin
        or box[1] < margin
        or box[2] > PAGE_WIDTH - margin
        or box[3] > PAGE_HEIGHT - margin
    ]


def render_png(content: bytes, path: Path, dpi: int = 200) -> Path:
    with tempfile.TemporaryDirectory() as tmp:
        pdf = Path(tmp) / "c.pdf"
        pdf.write_bytes(content)
        subprocess.run(
            [
                "pdftoppm",
                "-png",
                "-r",
                str(dpi),
                "-singlefile",
                str(pdf),
                str(path.with_suffix("")),
            ],
            check=True,
        )
    return path


def qr_texts(png: Path) -> list[str]:
    """The QR codes on the image, read as `certificates.pdf_check` reads them.

    Only QR codes are looked for: with every format on, zxing's one-dimensional
    readers scanning across the QR's modules now and then "find" a barcode there
    (an EAN-13 once in 256 renderings; the QR changes with each test process's
    random signing key), which failed CI once.
    """
    import zxingcpp
    from PIL import Image

    results = zxingcpp.read_barcodes(
        Image.open(png), formats=zxingcpp.BarcodeFormat.QRCode
    )
    return [result.text for result in results]
