"""Aiken format (single-choice questions) parser with line-numbered errors.

::

    Nhãn hiệu được bảo hộ bao nhiêu năm kể từ ngày nộp đơn?
    A. 5 năm
    B) 10 năm, gia hạn nhiều lần
    C. 20 năm
    ANSWER: B

Read as Moodle's reader (question/format/aiken) reads it: the question may
span several lines before its first option; options are a capital letter
followed by "." or ")" — with or without a space (``A)Text``) — in order A, B,
C…; ``ANSWER:`` names the right letter. Blank lines between questions are
optional. An ``ANSWER:`` line that is not exactly one of the listed letters is
an error on that line (never merged into the next question).
"""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

from .interchange import (
    MAX_QUESTIONS,
    ParsedChoice,
    ParsedQuestion,
    ParseIssue,
    ParseResult,
    decode_upload,
    split_lines,
)
from .qtypes import QuestionType

_OPTION_RE = re.compile(r"^([A-Z])[.)][ \t]*(\S.*)$")
_SPACED_OPTION_RE = re.compile(r"^[A-Z][.)][ \t]")
_ANSWER_RE = re.compile(r"^ANSWER\s*:(.*)$", re.IGNORECASE)


class _Pending:
    def __init__(self, line: int, text: str):
        self.line = line
        self.text_lines = [text]
        self.options: list[tuple[str, str]] = []


def parse_aiken(data: bytes | str) -> ParseResult:
    """Parse an Aiken file. Raises ParseError only when the file is unreadable."""
    text = decode_upload(data)
    result = ParseResult()
    current: _Pending | None = None
    skipping = False

    def fail(line: int, message: str) -> None:
        nonlocal current, skipping
        result.errors.append(ParseIssue(line, message))
        current, skipping = None, True

    for number, raw in enumerate(split_lines(text), start=1):
        line = raw.strip()
        if not line:
            if current is not None and current.options:
                fail(current.line, _("The question has no ANSWER: line."))
            skipping = False
            continue
        answer = _ANSWER_RE.match(line)
        if skipping:
            if answer:
                skipping = False
            continue
        if answer:
            if current is None or len(current.options) < 2:
                fail(
                    number,
                    _("ANSWER: must follow a question with at least two options."),
                )
                skipping = False
                continue
            letter = answer.group(1).strip()
            letters = [opt[0] for opt in current.options]
            if letter.upper() not in letters or len(letter) != 1:
                fail(
                    number,
                    _("ANSWER: %(letter)s is not one of the options %(options)s.")
                    % {"letter": letter[:40] or "?", "options": ", ".join(letters)},
                )
                skipping = False
                continue
            question_text = "\n".join(current.text_lines)
            result.questions.append(
                ParsedQuestion(
                    qtype=QuestionType.SINGLE,
                    text=question_text,
                    title=" ".join(question_text.split())[:60],
                    choices=[
                        ParsedChoice(
                            text=t, fraction=1.0 if key == letter.upper() else 0.0
                        )
                        for key, t in current.options
                    ],
                    line=current.line,
                )
            )
            current = None
            continue
        option = _OPTION_RE.match(line)
        if current is None:
            if option and not _SPACED_OPTION_RE.match(line):
                option = None  # "A.B. Smith …": without a space, a question line
            if option:
                fail(number, _("An option comes before any question text."))
                continue
            current = _Pending(number, line)
        elif option:
            expected = chr(ord("A") + len(current.options))
            if option.group(1) != expected:
                fail(
                    number,
                    _("Option %(found)s is out of order; expected %(expected)s.")
                    % {"found": option.group(1), "expected": expected},
                )
                continue
            current.options.append((option.group(1), option.group(2).strip()))
        elif current.options:
            fail(number, _("Expected the next option or the ANSWER: line."))
        else:
            current.text_lines.append(line)
    if current is not None:
        result.errors.append(
            ParseIssue(current.line, _("The question has no ANSWER: line."))
        )
    if len(result.questions) > MAX_QUESTIONS:
        result.errors.append(
            ParseIssue(
                result.questions[MAX_QUESTIONS].line,
                _("The file holds more than %(max)s questions; split it.")
                % {"max": MAX_QUESTIONS},
                "size",
            )
        )
    return result
