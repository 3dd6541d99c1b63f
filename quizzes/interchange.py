"""Plain data exchanged between the GIFT/Aiken parsers, the writer and the importer.

Nothing here touches the database: a parsed file is a list of ``ParsedQuestion``
plus a list of ``ParseIssue`` (each with the line it refers to).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from .qtypes import QuestionType, TextFormat

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_QUESTIONS = 2000
MAX_LINE_CHARS = 20_000


@dataclass
class ParsedChoice:
    text: str
    fraction: float = 0.0
    feedback: str = ""
    match_text: str = ""
    tolerance: float | None = None


@dataclass
class ParsedQuestion:
    qtype: QuestionType
    text: str
    title: str = ""
    text_format: TextFormat = TextFormat.PLAIN
    general_feedback: str = ""
    points: float = 1.0
    choices: list[ParsedChoice] = field(default_factory=list)
    options: dict = field(default_factory=dict)
    category: str | None = None
    idnumber: str = ""
    tags: list[str] = field(default_factory=list)
    grader_info: str = ""
    # Embedded files (Moodle XML ``@@PLUGINFILE@@``): ``moodle_xml.ParsedFile``.
    files: list = field(default_factory=list, compare=False)
    line: int = field(default=0, compare=False)


@dataclass(frozen=True)
class ParseIssue:
    line: int
    message: str
    code: str = "error"

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


@dataclass
class ParseResult:
    questions: list[ParsedQuestion] = field(default_factory=list)
    errors: list[ParseIssue] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


class ParseError(ValueError):
    """The whole file cannot be read (size, encoding, emptiness); carries issues."""

    def __init__(self, errors: list[ParseIssue]):
        self.errors = errors
        super().__init__("; ".join(str(e) for e in errors))


_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def split_lines(text: str) -> list[str]:
    """Lines as an editor numbers them (only CR, LF and CRLF end a line)."""
    lines = _LINE_BREAK.split(text)
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def decode_upload(data: bytes | str, *, max_bytes: int = MAX_FILE_BYTES) -> str:
    """Bytes of an uploaded file → text, or ParseError naming the line at fault."""
    if isinstance(data, str):
        raw_len = len(data.encode("utf-8", "surrogatepass"))
        text = data
        if raw_len > max_bytes:
            raise ParseError([_too_big(max_bytes)])
    else:
        if len(data) > max_bytes:
            raise ParseError([_too_big(max_bytes)])
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):
            raise ParseError(
                [ParseIssue(1, _("The file is UTF-16; save it as UTF-8."), "encoding")]
            )
        if data.startswith(b"\xef\xbb\xbf"):
            data = data[3:]
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            raise ParseError(
                [
                    ParseIssue(
                        line,
                        _("The file is not valid UTF-8 (byte %(byte)s).")
                        % {"byte": hex(data[exc.start])},
                        "encoding",
                    )
                ]
            ) from None
    if text.startswith("\ufeff"):
        text = text[1:]
    issues = []
    for number, line in enumerate(split_lines(text), start=1):
        if "\x00" in line or any(0xD800 <= ord(c) <= 0xDFFF for c in line):
            issues.append(
                ParseIssue(
                    number,
                    _("The line contains a NUL or invalid character."),
                    "encoding",
                )
            )
        elif len(line) > MAX_LINE_CHARS:
            issues.append(
                ParseIssue(
                    number,
                    _("The line is longer than %(max)s characters.")
                    % {"max": MAX_LINE_CHARS},
                    "size",
                )
            )
        if len(issues) >= 20:
            break
    if issues:
        raise ParseError(issues)
    if not text.strip():
        raise ParseError([ParseIssue(1, _("The file is empty."), "empty")])
    return unicodedata.normalize("NFC", text)


def _too_big(max_bytes: int) -> ParseIssue:
    return ParseIssue(
        1,
        _("The file is larger than %(size)s KB.") % {"size": max_bytes // 1024},
        "size",
    )
