"""One Moodle XML ``<question>`` element read into a ``ParsedQuestion`` (the
file-level streaming is ``quizzes.moodle_xml``). Refusals raise ``Refused``
with the message and code the caller reports on the question's line."""

from __future__ import annotations

import base64
import binascii
import math
import os
from dataclasses import dataclass

from django.utils.translation import gettext as _

from .gift_syntax import clean_category, format_number, parse_float
from .interchange import ParsedChoice, ParsedQuestion
from .qtypes import QuestionType
from .textformats import as_html, unify

MAX_XML_BYTES = 256 * 1024 * 1024
MAX_XML_QUESTIONS = 20_000
MAX_FILE_BYTES_EACH = 10 * 1024 * 1024
PLUGINFILE = "@@PLUGINFILE@@/"
_FORMATS = {
    "html": "html",
    "moodle_auto_format": "moodle",
    "plain_text": "plain",
    "markdown": "markdown",
}
_SUPPORTED = {
    "multichoice",
    "truefalse",
    "shortanswer",
    "numerical",
    "matching",
    "essay",
    "description",
}


@dataclass
class ParsedFile:
    name: str
    data: bytes | None  # None when read without the contents (the preview)
    size: int


def _text(node, path: str = "text") -> str:
    found = node.find(path) if node is not None else None
    return (found.text or "") if found is not None else ""


def _number(node, path: str, default: float) -> float | None:
    found = node.find(path)
    if found is None or not (found.text or "").strip():
        return default
    value = parse_float(found.text.strip())
    return value


def _flag(node, path: str) -> bool:
    return _text(node, path).strip().lower() in ("1", "true")


class QuestionReader:
    def __init__(self, with_files: bool):
        self.with_files = with_files
        self.category: str | None = None
        self.fields: list = []
        self.files: list[ParsedFile] = []

    # --- text fields ------------------------------------------------------
    def field(self, target, attr: str, node, default: str = "html") -> str:
        """``<x format="…"><text>…</text><file …/></x>`` → ``target.attr``."""
        if node is None:
            setattr(target, attr, "")
            return ""
        fmt = _FORMATS.get(node.get("format", ""), default)
        text = _text(node).strip()
        setattr(target, attr, text)
        self.fields.append((target, attr, fmt))
        for file_node in node.findall("file"):
            self.file(file_node)
        return text

    def file(self, node) -> None:
        name = os.path.basename(node.get("name", "")).strip()
        if node.get("encoding", "base64") != "base64" or not name:
            raise Refused(_("A <file> must have a name and base64 contents."))
        raw = "".join((node.text or "").split())
        size = len(raw) * 3 // 4
        if size > MAX_FILE_BYTES_EACH:
            raise Refused(
                _("The file %(name)s is larger than %(size)s MB.")
                % {"name": name, "size": MAX_FILE_BYTES_EACH // (1024 * 1024)},
                "size",
            )
        data = None
        try:
            decoded = base64.b64decode(raw, validate=True)
        except (binascii.Error, ValueError):
            raise Refused(
                _("The file %(name)s is not valid base64.") % {"name": name}
            ) from None
        if self.with_files:
            data = decoded
        self.files.append(ParsedFile(name=name, data=data, size=len(decoded)))

    def finish(self, q: ParsedQuestion) -> None:
        used = [fmt for target, attr, fmt in self.fields if getattr(target, attr)]
        if self.files:
            used.append("html")  # files are referenced from HTML
        q.text_format = unify(used)
        if q.text_format == "html":
            for target, attr, fmt in self.fields:
                setattr(target, attr, as_html(fmt, getattr(target, attr)))
        q.files = self.files

    # --- questions --------------------------------------------------------
    def question(self, node) -> ParsedQuestion | None:
        qtype = node.get("type", "")
        if qtype == "category":
            path = _text(node, "category/text")
            self.category = clean_category(path)
            return None
        if qtype in ("cloze", "multianswer"):
            raise Refused(
                _(
                    "Cloze (embedded answers) questions are not supported; "
                    "remove them or split them into separate questions."
                ),
                "unsupported:cloze",
            )
        if qtype not in _SUPPORTED:
            raise Refused(
                _("Moodle question type “%(type)s” is not supported.")
                % {"type": qtype[:40] or "?"},
                f"unsupported:{qtype[:40]}",
            )
        self.fields, self.files = [], []
        q = ParsedQuestion(
            qtype=QuestionType.SINGLE,
            text="",
            title=" ".join(_text(node, "name/text").split())[:255],
            category=self.category,
            line=node.sourceline or 0,
            idnumber=_text(node, "idnumber").strip()[:100],
            tags=[t.strip()[:100] for t in node.xpath("tags/tag/text/text()")],
        )
        if not self.field(q, "text", node.find("questiontext")):
            raise Refused(_("The question has no text."))
        self.field(q, "general_feedback", node.find("generalfeedback"))
        points = _number(node, "defaultgrade", 0.0 if qtype == "description" else 1.0)
        penalty = _number(node, "penalty", 0.3333333)
        if (
            points is None
            or not 0 <= points <= 1000
            or (points == 0 and qtype != "description")
        ):
            raise Refused(_("The default mark must be above 0 and at most 1000."))
        if penalty is None or not 0 <= penalty <= 1:
            raise Refused(_("The penalty must be between 0 and 1."))
        q.points = points
        if qtype != "description":
            q.options["penalty"] = round(penalty, 7)
        getattr(self, f"read_{qtype}")(q, node)
        if not q.title:
            plain = " ".join(q.text.split())
            q.title = plain[:60]
        self.finish(q)
        return q

    def answers(self, q, node, *, shown: bool = True) -> list[ParsedChoice]:
        found = []
        for answer in node.findall("answer"):
            fraction = parse_float(answer.get("fraction", "0"))
            if fraction is None or not -100 <= fraction <= 100:
                raise Refused(_("An answer's fraction must be between -100 and 100."))
            choice = ParsedChoice(text="", fraction=round(fraction / 100, 7))
            if shown:
                self.field(choice, "text", answer, default="html")
            else:
                choice.text = _text(answer).strip()
            self.field(choice, "feedback", answer.find("feedback"))
            found.append(choice)
        return found

    def read_multichoice(self, q, node) -> None:
        single = _flag(node, "single") if node.find("single") is not None else True
        q.qtype = QuestionType.SINGLE if single else QuestionType.MULTIPLE
        q.choices = self.answers(q, node)
        if len(q.choices) < 2 or any(not c.text for c in q.choices):
            raise Refused(_("A choice question needs at least two answers, with text."))
        if max(c.fraction for c in q.choices) <= 0:
            raise Refused(_("No answer earns any points."))
        if not single:
            positive = sum(c.fraction for c in q.choices if c.fraction > 0)
            if abs(positive - 1) > 0.01:
                raise Refused(
                    _(
                        "The positive fractions of a multiple-answer question "
                        "must add up to 100."
                    )
                )
            q.options["partial_credit"] = True
        q.options["shuffle"] = _flag(node, "shuffleanswers")

    def read_truefalse(self, q, node) -> None:
        q.qtype = QuestionType.TRUEFALSE
        by_text = {}
        for choice in self.answers(q, node, shown=False):
            key = choice.text.strip().lower()
            if key not in ("true", "false") or key in by_text:
                raise Refused(
                    _("A true/false question has one “true” and one “false” answer.")
                )
            choice.text = key
            by_text[key] = choice
        if set(by_text) != {"true", "false"}:
            raise Refused(
                _("A true/false question has one “true” and one “false” answer.")
            )
        q.choices = [by_text["true"], by_text["false"]]
        if sorted(c.fraction for c in q.choices) != [0.0, 1.0]:
            raise Refused(_("Exactly one of “true” and “false” must be right."))

    def read_shortanswer(self, q, node) -> None:
        q.qtype = QuestionType.SHORT
        q.choices = self.answers(q, node, shown=False)
        if not q.choices or any(not c.text for c in q.choices):
            raise Refused(_("A short-answer question needs answers with text."))
        if max(c.fraction for c in q.choices) <= 0:
            raise Refused(_("No answer earns any points."))
        q.options["accept_without_diacritics"] = False
        if _flag(node, "usecase"):
            q.options["case_sensitive"] = True

    def read_numerical(self, q, node) -> None:
        q.qtype = QuestionType.NUMERICAL
        names = [n.strip() for n in node.xpath("units/unit/unit_name/text()")]
        if any(names):
            raise Refused(
                _(
                    "Numerical questions with units are not supported "
                    "(units: %(units)s); remove the units or write the unit in "
                    "the question text."
                )
                % {"units": ", ".join(n for n in names if n)[:200]},
                "unsupported:numerical-units",
            )
        q.choices = self.answers(q, node, shown=False)
        for choice, answer in zip(q.choices, node.findall("answer"), strict=True):
            if choice.text == "*":
                continue
            value = parse_float(choice.text.replace(",", "."))
            tolerance = _number(answer, "tolerance", 0.0)
            if value is None or tolerance is None or not math.isfinite(tolerance):
                raise Refused(
                    _("“%(text)s” is not a number.") % {"text": choice.text[:80]}
                )
            choice.text, choice.tolerance = format_number(value), abs(tolerance)
        if not q.choices or max(c.fraction for c in q.choices) <= 0:
            raise Refused(_("No answer earns any points."))

    def read_matching(self, q, node) -> None:
        q.qtype = QuestionType.MATCHING
        for sub in node.findall("subquestion"):
            choice = ParsedChoice(text="", match_text=_text(sub, "answer/text").strip())
            if not choice.match_text:
                raise Refused(_("A matching pair has no right-hand side."))
            choice.fraction = 1.0 if self.field(choice, "text", sub) else 0.0
            q.choices.append(choice)
        if sum(1 for c in q.choices if c.text) < 2:
            raise Refused(_("A matching question needs at least two pairs."))
        q.options["shuffle"] = _flag(node, "shuffleanswers")

    def read_essay(self, q, node) -> None:
        q.qtype = QuestionType.ESSAY
        required = _number(node, "attachmentsrequired", 0.0)
        if required:
            raise Refused(
                _("Essays that require attached files are not supported."),
                "unsupported:essay-attachments",
            )
        self.field(q, "grader_info", node.find("graderinfo"))
        for key in ("minwordlimit", "maxwordlimit"):
            value = _number(node, key, 0.0)
            if value:
                q.options[key] = int(value)
        q.options["responseformat"] = _text(node, "responseformat") or "editor"

    def read_description(self, q, node) -> None:
        q.qtype = QuestionType.DESCRIPTION
        q.points = 0.0


class Refused(Exception):
    def __init__(self, message: str, code: str = "error"):
        super().__init__(message)
        self.message, self.code = message, code
