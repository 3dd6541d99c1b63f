"""The Vietnamese-capable fonts every PDF of the platform uses.

Noto Serif (SIL Open Font License 1.1, see ``fonts/OFL.txt``) is committed in
``certificates/fonts/`` and registered by path, so a PDF looks the same on every
machine. Helvetica and the other built-in PDF fonts lack Vietnamese glyphs.

Usage (any ReportLab document of the project)::

    from certificates.fonts import FONT_BOLD, FONT_REGULAR, register_fonts

    register_fonts()
    canvas.setFont(FONT_REGULAR, 12)

``FAMILY`` is also registered as a font family, so ``<b>``/``<i>`` work inside
Paragraphs whose style uses ``fontName=FONT_REGULAR``.
"""

import threading
from pathlib import Path

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FONT_DIR = Path(__file__).resolve().parent / "fonts"

FAMILY = "NotoSerif"
FONT_REGULAR = "NotoSerif"
FONT_BOLD = "NotoSerif-Bold"
FONT_ITALIC = "NotoSerif-Italic"

_FILES = {
    FONT_REGULAR: "NotoSerif-Regular.ttf",
    FONT_BOLD: "NotoSerif-Bold.ttf",
    FONT_ITALIC: "NotoSerif-Italic.ttf",
}

_lock = threading.Lock()
_registered = False


def register_fonts() -> None:
    """Register the fonts with ReportLab (once per process; cheap afterwards)."""
    global _registered
    if _registered:
        return
    with _lock:
        if _registered:
            return
        for name, filename in _FILES.items():
            pdfmetrics.registerFont(TTFont(name, str(FONT_DIR / filename)))
        addMapping(FAMILY, 0, 0, FONT_REGULAR)
        addMapping(FAMILY, 1, 0, FONT_BOLD)
        addMapping(FAMILY, 0, 1, FONT_ITALIC)
        addMapping(FAMILY, 1, 1, FONT_BOLD)
        _registered = True
