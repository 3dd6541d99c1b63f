"""GIFT lexical helpers shared by the parser modules and the writer: escapes,
category paths, numbers and a block of lines with offsets mapped to line numbers."""

from __future__ import annotations

import bisect
import math
import re

_PLACEHOLDERS = {
    "~": "\ue001",
    "=": "\ue002",
    "#": "\ue003",
    "{": "\ue004",
    "}": "\ue005",
    ":": "\ue006",
    "\\": "\ue007",
    "n": "\ue008",
}
_RESTORE = {v: k for k, v in _PLACEHOLDERS.items()}
_RESTORE["\ue008"] = "\n"
_ESCAPE_RE = re.compile(r"\\([~=#{}:n\\])")
_PRIVATE_RE = re.compile("[\ue001-\ue008]")
_RESTORE_RE = re.compile("[\ue001-\ue008]")
_CATEGORY_PREFIXES = ("$course$", "$system$", "$module$", "top")


def protect(line: str) -> str:
    line = _PRIVATE_RE.sub("\ufffd", line)
    return _ESCAPE_RE.sub(lambda m: _PLACEHOLDERS[m.group(1)], line)


def restore(text: str) -> str:
    return _RESTORE_RE.sub(lambda m: _RESTORE[m.group(0)], text)


def clean_category(raw: str) -> str | None:
    """``$course$/top/Nhãn hiệu/OCOP`` → ``Nhãn hiệu/OCOP`` (None for the top)."""
    parts = [p.strip() for p in raw.strip().split("/")]
    parts = [p for p in parts if p]
    while parts and parts[0] in _CATEGORY_PREFIXES:
        parts.pop(0)
    return "/".join(parts) or None


def format_number(value: float) -> str:
    if value == int(value) and abs(value) < 1e15:
        return str(int(value))
    return repr(value)


def parse_float(text: str) -> float | None:
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


class Block:
    """One question's lines, joined, with offsets mapped back to line numbers."""

    def __init__(self, lines: list[tuple[int, str]]):
        self.numbers = [n for n, _ in lines]
        self.starts = []
        pos = 0
        for _n, text in lines:
            self.starts.append(pos)
            pos += len(text) + 1
        self.text = "\n".join(text for _, text in lines)

    def line(self, offset: int) -> int:
        index = bisect.bisect_right(self.starts, max(offset, 0)) - 1
        return self.numbers[max(index, 0)]
