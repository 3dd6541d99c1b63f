"""Moodle GIFT format: a parser with line-numbered errors, and a writer.

Supported: ``//`` comment lines, ``$CATEGORY:``, ``::title::``, the ``[html]``,
``[plain]`` and ``[moodle]`` text formats, single choice (``=``/``~``), multiple
choice with ``%weights%`` (negative too), true/false with feedback, short answer,
numerical (``#x:tol``, ``#min..max`` and several answers), matching (``=a -> b``),
per-answer ``#feedback``, general ``####feedback``, the escapes ``\\~ \\= \\# \\{ \\}
\\: \\n \\\\``, multi-line questions separated by blank lines, and missing-word
questions (the answer block in mid-sentence becomes a blank "_____").

Not supported, and reported by name: essay (``{}``), description (text without an
answer block), several answer blocks in one question (cloze), the ``[markdown]``
format and feedback on matching pairs.

Our own data that GIFT cannot express (points, partial-credit and diacritics options)
travels in a comment line ``// elearn: points=2; partial_credit=false`` that Moodle
ignores, so export → import round-trips.
"""

from __future__ import annotations

import bisect
import math
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
from .qtypes import QuestionType, TextFormat

BLANK = "_____"
MAX_TEXT_CHARS = 20_000
MAX_TITLE_CHARS = 255

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
_WEIGHT_RE = re.compile(r"\s*%(-?\d+(?:\.\d+)?)%")
_META_RE = re.compile(r"^//\s*elearn:\s*(.*)$")
_FORMAT_RE = re.compile(r"\[(\w+)\]")
_NUMBER = r"[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?"
_RANGE_RE = re.compile(rf"^\s*({_NUMBER})\s*\.\.\s*({_NUMBER})\s*$")
_VALUE_RE = re.compile(rf"^\s*({_NUMBER})\s*(?::\s*({_NUMBER}))?\s*$")
_CATEGORY_PREFIXES = ("$course$", "$system$", "$module$", "top")
_TF = {"T": True, "TRUE": True, "F": False, "FALSE": False}
_OPTION_TYPES = {
    "partial_credit": QuestionType.MULTIPLE,
    "accept_without_diacritics": QuestionType.SHORT,
}
_FORMATS = {
    "html": TextFormat.HTML,
    "plain": TextFormat.PLAIN,
    "moodle": TextFormat.PLAIN,
}


def _protect(line: str) -> str:
    line = _PRIVATE_RE.sub("\ufffd", line)
    return _ESCAPE_RE.sub(lambda m: _PLACEHOLDERS[m.group(1)], line)


def _restore(text: str) -> str:
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


def _number(text: str) -> float | None:
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


class _Block:
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


class _Parser:
    def __init__(self):
        self.result = ParseResult()
        self.category: str | None = None
        self.meta: list[tuple[int, str]] = []

    def error(self, line: int, message: str, code: str = "error") -> None:
        self.result.errors.append(ParseIssue(line, message, code))

    def unsupported(self, line: int, feature: str, message: str) -> None:
        self.error(line, message, f"unsupported:{feature}")

    # --- file level -------------------------------------------------------
    def parse(self, text: str) -> ParseResult:
        block: list[tuple[int, str]] = []
        for number, line in enumerate(split_lines(text), start=1):
            stripped = line.strip()
            if stripped.startswith("//"):
                match = _META_RE.match(stripped)
                if match:
                    self.meta.append((number, match.group(1)))
                continue
            if not stripped:
                self.flush(block)
                block = []
                continue
            block.append((number, _protect(line)))
        self.flush(block)
        if len(self.result.questions) > MAX_QUESTIONS:
            extra = self.result.questions[MAX_QUESTIONS]
            self.error(
                extra.line,
                _("The file holds more than %(max)s questions; split it.")
                % {"max": MAX_QUESTIONS},
                "size",
            )
        return self.result

    def flush(self, block: list[tuple[int, str]]) -> None:
        if not block:
            return
        first_number, first = block[0]
        if first.strip().startswith("$CATEGORY:"):
            self.category = clean_category(_restore(first.strip()[len("$CATEGORY:") :]))
            block = block[1:]
            if not block:
                return
        meta, self.meta = self.meta, []
        question = self.question(_Block(block))
        if question is not None:
            self.apply_meta(question, meta)
            self.result.questions.append(question)

    def apply_meta(self, question: ParsedQuestion, meta: list[tuple[int, str]]) -> None:
        for number, raw in meta:
            for item in filter(None, (part.strip() for part in raw.split(";"))):
                key, sep, value = (p.strip() for p in item.partition("="))
                if key == "points" and sep:
                    points = _number(value)
                    if points is None or not 0 < points <= 1000:
                        self.error(
                            number,
                            _("Points must be a number above 0 and at most 1000."),
                        )
                    else:
                        question.points = points
                elif key in _OPTION_TYPES and sep:
                    if value.lower() not in ("true", "false", "1", "0"):
                        self.error(
                            number,
                            _("Option %(key)s must be true or false.") % {"key": key},
                        )
                    elif _OPTION_TYPES[key] == question.qtype:
                        question.options[key] = value.lower() in ("true", "1")
                else:
                    self.error(number, _("Unknown option “%(item)s”.") % {"item": item})

    # --- question level -------------------------------------------------------
    def question(self, block: _Block) -> ParsedQuestion | None:
        text = block.text
        start_line = block.numbers[0]
        body_start = 0
        title = ""
        lead = len(text) - len(text.lstrip())
        if text.startswith("::", lead):
            end = text.find("::", lead + 2)
            if end < 0:
                self.error(start_line, _("The title is not closed with ::."))
                return None
            title = " ".join(_restore(text[lead + 2 : end]).split())
            body_start = end + 2
        opening = text.find("{", body_start)
        if opening < 0:
            self.unsupported(
                start_line,
                "description",
                _("Text without an answer block {…} (a description) is not supported."),
            )
            return None
        closing = text.find("}", opening + 1)
        if closing < 0:
            self.error(
                block.line(opening),
                _("The answer block opened here is not closed with }."),
            )
            return None
        before, after = text[body_start:opening], text[closing + 1 :]
        for offset, char in ((text.find("}", body_start, opening), "}"),):
            if offset >= 0:
                self.error(
                    block.line(offset), _("Unexpected “%(char)s”.") % {"char": char}
                )
                return None
        if re.search(r"\n\s*::", after):
            self.error(
                block.line(closing + 1 + after.find("::")),
                _("A blank line must separate two questions."),
            )
            return None
        if "{" in after:
            self.unsupported(
                block.line(closing + 1 + after.find("{")),
                "cloze",
                _(
                    "Several answer blocks in one question (embedded answers) "
                    "are not supported."
                ),
            )
            return None
        if "}" in after:
            self.error(block.line(closing + 1 + after.find("}")), _("Unexpected “}”."))
            return None
        text_format = TextFormat.PLAIN
        stripped_before = before.lstrip()
        match = _FORMAT_RE.match(stripped_before)
        if match:
            name = match.group(1).lower()
            if name == "markdown":
                self.unsupported(
                    start_line,
                    "markdown",
                    _(
                        "The [markdown] text format is not supported; "
                        "use [html] or [plain]."
                    ),
                )
                return None
            if name not in _FORMATS:
                self.error(
                    start_line,
                    _("Unknown text format [%(name)s].") % {"name": match.group(1)},
                )
                return None
            text_format = _FORMATS[name]
            before = stripped_before[match.end() :]
        question_text = before + BLANK + after if after.strip() else before
        question_text = _restore(question_text).strip()
        if not question_text:
            self.error(start_line, _("The question has no text."))
            return None
        if len(question_text) > MAX_TEXT_CHARS or len(title) > MAX_TITLE_CHARS:
            self.error(start_line, _("The question text or title is too long."), "size")
            return None
        if not title:
            plain = " ".join(re.sub(r"<[^>]*>", " ", question_text).split())
            title = plain[:60] or question_text[:60]
        question = ParsedQuestion(
            qtype=QuestionType.SINGLE,
            text=question_text,
            title=title,
            text_format=text_format,
            category=self.category,
            line=start_line,
        )
        answer = text[opening + 1 : closing]
        ok = self.answers(question, block, answer, opening + 1)
        return question if ok else None

    def answers(
        self, q: ParsedQuestion, block: _Block, answer: str, offset: int
    ) -> bool:
        general = answer.rfind("####")
        if general >= 0:
            q.general_feedback = _restore(answer[general + 4 :]).strip()
            answer = answer[:general]
        stripped = answer.strip()
        line = block.line(offset + len(answer) - len(answer.lstrip()))
        if not stripped:
            self.unsupported(
                line,
                "essay",
                _("Essay questions (an empty answer block {}) are not supported."),
            )
            return False
        if stripped.startswith("#"):
            q.qtype = QuestionType.NUMERICAL
            inner = offset + answer.find("#") + 1
            return self.numerical(q, block, answer[answer.find("#") + 1 :], inner)
        tokens = self.tokens(block, answer, offset)
        if tokens is None:
            head = stripped.split("#")[0].strip().upper()
            if head in _TF:
                q.qtype = QuestionType.TRUEFALSE
                return self.truefalse(q, line, stripped)
            self.error(line, _("Each answer must start with = (right) or ~ (wrong)."))
            return False
        if not tokens:
            return False
        if any(prefix == "~" for prefix, *_rest in tokens):
            return self.choice(q, block, tokens)
        if all("->" in body for _p, body, _o in tokens):
            q.qtype = QuestionType.MATCHING
            return self.matching(q, block, tokens)
        q.qtype = QuestionType.SHORT
        return self.short(q, block, tokens)

    def tokens(self, block: _Block, answer: str, offset: int):
        """Split on = and ~; None if the block does not start with one; [] on error."""
        positions = [i for i, char in enumerate(answer) if char in "=~"]
        if not positions or answer[: positions[0]].strip():
            return None
        tokens = []
        for index, start in enumerate(positions):
            end = positions[index + 1] if index + 1 < len(positions) else len(answer)
            tokens.append((answer[start], answer[start + 1 : end], offset + start))
        return tokens

    def weighted(self, block: _Block, prefix: str, body: str, offset: int):
        """→ (fraction, text, feedback) or None after reporting the error."""
        fraction = 1.0 if prefix == "=" else 0.0
        match = _WEIGHT_RE.match(body)
        if match:
            weight = float(match.group(1))
            if not -100 <= weight <= 100:
                self.error(
                    block.line(offset), _("A weight must be between -100% and 100%.")
                )
                return None
            fraction = round(weight / 100, 7)
            body = body[match.end() :]
        text, _sep, feedback = body.partition("#")
        return fraction, _restore(text).strip(), _restore(feedback).strip()

    def choice(self, q: ParsedQuestion, block: _Block, tokens) -> bool:
        single = any(prefix == "=" for prefix, *_rest in tokens)
        q.qtype = QuestionType.SINGLE if single else QuestionType.MULTIPLE
        for prefix, body, offset in tokens:
            parsed = self.weighted(block, prefix, body, offset)
            if parsed is None:
                return False
            fraction, text, feedback = parsed
            if not text:
                self.error(block.line(offset), _("An answer has no text."))
                return False
            q.choices.append(
                ParsedChoice(text=text, fraction=fraction, feedback=feedback)
            )
        line = block.line(tokens[0][2])
        if len(q.choices) < 2:
            self.error(line, _("A choice question needs at least two answers."))
            return False
        positive = sum(c.fraction for c in q.choices if c.fraction > 0)
        if single and max(c.fraction for c in q.choices) <= 0:
            self.error(line, _("No answer earns any points."))
            return False
        if not single:
            if abs(positive - 1) > 0.01:
                self.error(
                    line,
                    _(
                        "The positive weights of a multiple-answer question must add "
                        "up to 100%% (they add up to %(total)s%%)."
                    )
                    % {"total": format_number(round(positive * 100, 3))},
                )
                return False
            q.options["partial_credit"] = True
        return True

    def truefalse(self, q: ParsedQuestion, line: int, stripped: str) -> bool:
        parts = stripped.split("#")
        if len(parts) > 3:
            self.error(line, _("A true/false answer takes at most two feedbacks."))
            return False
        correct = _TF[parts[0].strip().upper()]
        wrong = _restore(parts[1]).strip() if len(parts) > 1 else ""
        right = _restore(parts[2]).strip() if len(parts) > 2 else ""
        q.choices = [
            ParsedChoice("true", 1.0 if correct else 0.0, right if correct else wrong),
            ParsedChoice("false", 0.0 if correct else 1.0, wrong if correct else right),
        ]
        return True

    def short(self, q: ParsedQuestion, block: _Block, tokens) -> bool:
        for prefix, body, offset in tokens:
            parsed = self.weighted(block, prefix, body, offset)
            if parsed is None:
                return False
            fraction, text, feedback = parsed
            if not text:
                self.error(block.line(offset), _("An answer has no text."))
                return False
            q.choices.append(
                ParsedChoice(text=text, fraction=fraction, feedback=feedback)
            )
        if max(c.fraction for c in q.choices) <= 0:
            self.error(block.line(tokens[0][2]), _("No answer earns any points."))
            return False
        q.options["accept_without_diacritics"] = False
        return True

    def numerical(
        self, q: ParsedQuestion, block: _Block, content: str, offset: int
    ) -> bool:
        tokens = self.tokens(block, content, offset)
        if tokens is None:
            if "=" in content or "~" in content:
                self.error(
                    block.line(offset), _("Unexpected text before the first answer.")
                )
                return False
            tokens = [("=", content, offset)]
        for prefix, body, start in tokens:
            parsed = self.weighted(block, prefix, body, start)
            if parsed is None:
                return False
            fraction, text, feedback = parsed
            text = _restore(text)
            ranged = _RANGE_RE.match(text)
            valued = _VALUE_RE.match(text)
            if ranged:
                low, high = _number(ranged.group(1)), _number(ranged.group(2))
                if low is None or high is None or low > high:
                    valued = ranged = None
                else:
                    value, tolerance = (low + high) / 2, (high - low) / 2
            elif valued:
                value = _number(valued.group(1))
                tolerance = _number(valued.group(2)) if valued.group(2) else 0.0
                if value is None or tolerance is None or tolerance < 0:
                    valued = None
            if not (ranged or valued) or not (
                math.isfinite(value) and math.isfinite(tolerance)
            ):
                self.error(
                    block.line(start),
                    _(
                        "“%(text)s” is not a number, a number:tolerance "
                        "or a min..max range."
                    )
                    % {"text": text[:80]},
                )
                return False
            q.choices.append(
                ParsedChoice(
                    text=format_number(value),
                    fraction=fraction,
                    feedback=feedback,
                    tolerance=abs(tolerance),
                )
            )
        if max(c.fraction for c in q.choices) <= 0:
            self.error(block.line(offset), _("No answer earns any points."))
            return False
        return True

    def matching(self, q: ParsedQuestion, block: _Block, tokens) -> bool:
        for _prefix, body, offset in tokens:
            left, _sep, right = body.partition("->")
            if "#" in right:
                self.unsupported(
                    block.line(offset),
                    "matching-feedback",
                    _("Feedback on matching pairs is not supported."),
                )
                return False
            left, right = _restore(left).strip(), _restore(right).strip()
            if not right:
                self.error(
                    block.line(offset), _("A matching pair has no right-hand side.")
                )
                return False
            q.choices.append(
                ParsedChoice(text=left, fraction=1.0 if left else 0.0, match_text=right)
            )
        if sum(1 for c in q.choices if c.text) < 2:
            self.error(
                block.line(tokens[0][2]),
                _("A matching question needs at least two pairs."),
            )
            return False
        return True


def parse_gift(data: bytes | str) -> ParseResult:
    """Parse a GIFT file; ParseError only when the file as a whole is unreadable."""
    return _Parser().parse(decode_upload(data))
