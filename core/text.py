"""Vietnamese text made comparable and addressable: folded for search, ASCII for slugs.

``fold("NHÃN HIỆU")`` and ``fold("nhan hieu")`` are both ``"nhan hieu"``: accents
removed, đ read as d, lower case. Search indexes and queries use it so that a
learner typing without diacritics (or in capitals) finds what an editor wrote
with them. ``ascii_slug`` turns a title into a readable address
("Sở hữu trí tuệ – Đăng ký" → "so-huu-tri-tue-dang-ky"); Django's ``slugify``
alone drops "đ" (it has no decomposition), which gave addresses such as
"ang-ky".
"""

from __future__ import annotations

import functools
import re
import unicodedata

from django.utils.text import slugify

#: Letters that do not decompose into a base letter and accents.
_STROKED = str.maketrans({"đ": "d", "Đ": "D", "ð": "d", "Ð": "D"})


def strip_accents(text: str) -> str:
    """``text`` without accents, đ → d; the case is kept."""
    decomposed = unicodedata.normalize("NFD", str(text or "").translate(_STROKED))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", stripped)


def fold(text: str) -> str:
    """Search form of ``text``: no accents, đ → d, lower case, single spaces."""
    return " ".join(strip_accents(text).casefold().split())


def ascii_slug(text: str, *, max_length: int = 255) -> str:
    """A readable ASCII slug of a Vietnamese title (may be empty)."""
    return slugify(strip_accents(text))[:max_length].strip("-")


@functools.cache
def slug_formatters() -> list[tuple[str, str]]:
    """Replacements for Wagtail's slug field (``SlugInput(formatters=…)``): each
    accented Latin letter → its base letter, đ → d.

    Wagtail's script transliterates with per-language tables that have no
    Vietnamese one: "Sở hữu trí tuệ" became "s-hu-tri-tu" and "đ" became "dj".
    The formatters run before its own transliteration, so the title's letters
    arrive as ASCII.
    """
    by_base: dict[str, list[str]] = {}
    ranges = [(0x00C0, 0x024F), (0x1E00, 0x1EFF)]  # Latin-1 … Latin Extended Additional
    for start, end in ranges:
        for code in range(start, end + 1):
            letter = chr(code)
            base = strip_accents(letter)
            if base != letter and len(base) == 1 and base.isascii() and base.isalpha():
                by_base.setdefault(base, []).append(letter)
    return [
        ("[" + re.escape("".join(letters)) + "]", base)
        for base, letters in sorted(by_base.items())
    ]
