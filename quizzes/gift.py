"""Moodle GIFT format: the parser, with line-numbered errors (file and question
level here; answer blocks in ``gift_answers``, escapes and numbers in
``gift_syntax``; the writer is ``gift_writer``).

Read as Moodle's reader (question/format/gift/format.php) reads it: ``//``
comment lines (``// [id:…] [tag:…]`` kept as idnumber and tags), ``$CATEGORY:``,
``::title::``, the ``[html]`` ``[plain]`` ``[moodle]`` ``[markdown]`` markers on
every text field (see ``quizzes.textformats``), single choice (``=``/``~``),
multiple choice with ``%weights%`` (negative too), true/false with feedback,
short answer, numerical (``#x:tol``, ``#min..max``, several answers and the
catch-all ``~#feedback``), matching (``=a -> b``), essays (``{}``), descriptions
(no answer block), per-answer ``#feedback``, general ``####feedback``, the escapes
``\\~ \\= \\# \\{ \\} \\: \\n \\\\``, multi-line questions separated by blank
lines, and missing-word questions (the block in mid-sentence becomes "_____").

Refused, naming the line and the construct: several answer blocks in one
question (cloze; Moodle's GIFT reader does not read them either) and feedback
on matching pairs (Moodle would keep "#…" as part of the answer).

Our own data that GIFT cannot express (points, partial-credit and diacritics options)
travels in a comment line ``// elearn: points=2; partial_credit=false`` that Moodle
ignores, so export → import round-trips.
"""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

from .gift_answers import AnswerParser
from .gift_syntax import (
    Block,
    clean_category,
    format_number,
    parse_float,
    protect,
    restore,
)
from .interchange import (
    MAX_QUESTIONS,
    ParsedQuestion,
    ParseResult,
    decode_upload,
    split_lines,
)
from .qtypes import QuestionType
from .textformats import split_marker

__all__ = ["BLANK", "clean_category", "format_number", "parse_gift"]

BLANK = "_____"
MAX_TEXT_CHARS = 20_000
MAX_TITLE_CHARS = 255

_META_RE = re.compile(r"^//\s*elearn:\s*(.*)$")
# Moodle's reader: ``[id:…]`` and ``[tag:…]`` in comments, ``\]`` escapes "]".
_ID_RE = re.compile(r"\[id:((?:\\\]|[^\]\[])+?)\]")
_TAG_RE = re.compile(r"\[tag:((?:\\\]|[^\]<>`\[])+?)\]")
_OPTION_TYPES = {
    "partial_credit": QuestionType.MULTIPLE,
    "accept_without_diacritics": QuestionType.SHORT,
}


class _Parser(AnswerParser):
    def __init__(self):
        self.result = ParseResult()
        self.category: str | None = None
        self.meta: list[tuple[int, str]] = []
        self.idnumber = ""
        self.tags: list[str] = []

    # --- file level -------------------------------------------------------
    def parse(self, text: str) -> ParseResult:
        block: list[tuple[int, str]] = []
        for number, line in enumerate(split_lines(text), start=1):
            stripped = line.strip()
            if stripped.startswith("//"):
                match = _META_RE.match(stripped)
                if match:
                    self.meta.append((number, match.group(1)))
                ident = _ID_RE.search(stripped)
                if ident:
                    self.idnumber = ident.group(1).replace("\\]", "]").strip()[:100]
                self.tags += [
                    t.group(1).replace("\\]", "]").strip()[:100]
                    for t in _TAG_RE.finditer(stripped)
                ]
                continue
            if not stripped:
                self.flush(block)
                block = []
                continue
            block.append((number, protect(line)))
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
            self.category = clean_category(restore(first.strip()[len("$CATEGORY:") :]))
            block = block[1:]
            if not block:
                return
        meta, self.meta = self.meta, []
        idnumber, tags, self.idnumber, self.tags = self.idnumber, self.tags, "", []
        question = self.question(Block(block))
        if question is not None:
            self.apply_meta(question, meta)
            question.idnumber = idnumber
            question.tags = list(dict.fromkeys(t for t in tags if t))
            self.result.questions.append(question)

    def apply_meta(self, question: ParsedQuestion, meta: list[tuple[int, str]]) -> None:
        for number, raw in meta:
            for item in filter(None, (part.strip() for part in raw.split(";"))):
                key, sep, value = (p.strip() for p in item.partition("="))
                if key == "points" and sep:
                    points = parse_float(value)
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
    def question(self, block: Block) -> ParsedQuestion | None:
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
            title = " ".join(restore(text[lead + 2 : end]).split())
            body_start = end + 2
        opening = text.find("{", body_start)
        if opening < 0:
            if "}" in text[body_start:]:
                self.error(block.line(text.find("}", body_start)), _("Unexpected “}”."))
                return None
            return self.description(block, title, text[body_start:])
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
        question_format, before = split_marker(before)
        question_text = before + BLANK + after if after.strip() else before
        question = self.new_question(block, title, question_format, question_text)
        if question is None:
            return None
        answer = text[opening + 1 : closing]
        ok = self.answers(question, block, answer, opening + 1)
        if ok:
            self.finish_fields(question)
        return question if ok else None

    def new_question(
        self, block: Block, title: str, fmt: str, raw_text: str
    ) -> ParsedQuestion | None:
        start_line = block.numbers[0]
        question_text = restore(raw_text).strip()
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
            text="",
            title=title,
            category=self.category,
            line=start_line,
        )
        self.start_fields(fmt)
        self.fields.append((question, "text", fmt))
        question.text = question_text
        return question

    def description(self, block: Block, title: str, raw: str) -> ParsedQuestion | None:
        """Text without an answer block: shown in a quiz, never graded."""
        fmt, raw = split_marker(raw)
        question = self.new_question(block, title, fmt, raw)
        if question is None:
            return None
        question.qtype = QuestionType.DESCRIPTION
        question.points = 0.0
        self.finish_fields(question)
        return question


def parse_gift(data: bytes | str) -> ParseResult:
    """Parse a GIFT file; ParseError only when the file as a whole is unreadable."""
    return _Parser().parse(decode_upload(data))
