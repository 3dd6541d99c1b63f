"""The answer block ``{…}`` of one GIFT question: choices with weights and
feedback, true/false, short answers, numbers (value:tolerance or min..max, and
Moodle's catch-all ``~#feedback`` for any other number), matching pairs and
essays (``{}``). Mixed into the parser of ``quizzes.gift``.

Every displayed text (answers, feedback, matching sub-questions, the general
feedback) may start with a format marker, as Moodle's reader allows; ``field``
strips it and records it, and ``quizzes.textformats`` unifies the formats."""

from __future__ import annotations

import math
import re

from django.utils.translation import gettext as _

from .gift_syntax import Block, format_number, parse_float, restore
from .interchange import ParsedChoice, ParsedQuestion, ParseIssue, ParseResult
from .qtypes import QuestionType
from .textformats import as_html, split_marker, unify

CATCH_ALL = "*"

_WEIGHT_RE = re.compile(r"\s*%(-?\d+(?:\.\d+)?)%")
_NUMBER = r"[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?"
_RANGE_RE = re.compile(rf"^\s*({_NUMBER})\s*\.\.\s*({_NUMBER})\s*$")
_VALUE_RE = re.compile(rf"^\s*({_NUMBER})\s*(?::\s*({_NUMBER}))?\s*$")
_TF = {"T": True, "TRUE": True, "F": False, "FALSE": False}


class AnswerParser:
    """Reads answer blocks into a ``ParsedQuestion``; errors go to ``result``."""

    result: ParseResult

    def error(self, line: int, message: str, code: str = "error") -> None:
        self.result.errors.append(ParseIssue(line, message, code))

    def unsupported(self, line: int, feature: str, message: str) -> None:
        self.error(line, message, f"unsupported:{feature}")

    # --- text formats -------------------------------------------------------
    def start_fields(self, default: str) -> None:
        self.fields: list[tuple[object, str, str]] = []
        self.default_format = default

    def field(self, target, attr: str, raw: str) -> str:
        """Set ``target.attr`` from protected GIFT text, marker stripped."""
        fmt, text = split_marker(raw, self.default_format)
        text = restore(text).strip()
        setattr(target, attr, text)
        self.fields.append((target, attr, fmt))
        return text

    def bare(self, raw: str) -> str:
        """A text that is matched, not shown (short answers, numbers): Moodle
        strips the marker and keeps the text."""
        return restore(split_marker(raw, self.default_format)[1]).strip()

    def finish_fields(self, q: ParsedQuestion) -> None:
        used = [fmt for target, attr, fmt in self.fields if getattr(target, attr)]
        q.text_format = unify(used)
        if q.text_format == "html":
            for target, attr, fmt in self.fields:
                setattr(target, attr, as_html(fmt, getattr(target, attr)))

    def answers(
        self, q: ParsedQuestion, block: Block, answer: str, offset: int
    ) -> bool:
        general = answer.rfind("####")
        if general >= 0:
            self.field(q, "general_feedback", answer[general + 4 :])
            answer = answer[:general]
        stripped = answer.strip()
        line = block.line(offset + len(answer) - len(answer.lstrip()))
        if not stripped:
            q.qtype = QuestionType.ESSAY
            return True
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
        if any("->" in body for _p, body, _o in tokens):
            q.qtype = QuestionType.MATCHING
            return self.matching(q, block, tokens)
        q.qtype = QuestionType.SHORT
        return self.short(q, block, tokens)

    def tokens(self, block: Block, answer: str, offset: int):
        """Split on = and ~; None if the block does not start with one; [] on error."""
        positions = [i for i, char in enumerate(answer) if char in "=~"]
        if not positions or answer[: positions[0]].strip():
            return None
        tokens = []
        for index, start in enumerate(positions):
            end = positions[index + 1] if index + 1 < len(positions) else len(answer)
            tokens.append((answer[start], answer[start + 1 : end], offset + start))
        return tokens

    def weighted(self, block: Block, prefix: str, body: str, offset: int):
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
        return fraction, text, feedback

    def choice(self, q: ParsedQuestion, block: Block, tokens) -> bool:
        single = any(prefix == "=" for prefix, *_rest in tokens)
        q.qtype = QuestionType.SINGLE if single else QuestionType.MULTIPLE
        for prefix, body, offset in tokens:
            parsed = self.weighted(block, prefix, body, offset)
            if parsed is None:
                return False
            fraction, text, feedback = parsed
            choice = ParsedChoice(text="", fraction=fraction)
            if not self.field(choice, "text", text):
                self.error(block.line(offset), _("An answer has no text."))
                return False
            self.field(choice, "feedback", feedback)
            q.choices.append(choice)
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
        true = ParsedChoice("true", 1.0 if correct else 0.0)
        false = ParsedChoice("false", 0.0 if correct else 1.0)
        # {TRUE#wrong#right}: the first feedback goes to the wrong answer.
        right, wrong = (true, false) if correct else (false, true)
        self.field(wrong, "feedback", parts[1] if len(parts) > 1 else "")
        self.field(right, "feedback", parts[2] if len(parts) > 2 else "")
        q.choices = [true, false]
        return True

    def short(self, q: ParsedQuestion, block: Block, tokens) -> bool:
        for prefix, body, offset in tokens:
            parsed = self.weighted(block, prefix, body, offset)
            if parsed is None:
                return False
            fraction, text, feedback = parsed
            choice = ParsedChoice(text=self.bare(text), fraction=fraction)
            if not choice.text:
                self.error(block.line(offset), _("An answer has no text."))
                return False
            self.field(choice, "feedback", feedback)
            q.choices.append(choice)
        if max(c.fraction for c in q.choices) <= 0:
            self.error(block.line(tokens[0][2]), _("No answer earns any points."))
            return False
        q.options["accept_without_diacritics"] = False
        return True

    def numerical(
        self, q: ParsedQuestion, block: Block, content: str, offset: int
    ) -> bool:
        # As Moodle reads it, everything from the first ~ is the catch-all:
        # ``~#feedback`` (or ``~*#feedback``) for any other number, 0 points.
        catch_all = None
        tilde = content.find("~")
        if tilde >= 0:
            wrong, _sep, feedback = content[tilde + 1 :].partition("#")
            if restore(wrong).strip() not in ("", CATCH_ALL):
                self.error(
                    block.line(offset + tilde),
                    _(
                        "In a numerical question ~ starts the catch-all "
                        "“~#feedback” for every other number; write other "
                        "answers with =%%0%%."
                    )
                    % {},
                )
                return False
            catch_all = ParsedChoice(text=CATCH_ALL, fraction=0.0)
            self.field(catch_all, "feedback", feedback)
            content = content[:tilde]
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
            text = self.bare(text)
            ranged = _RANGE_RE.match(text)
            valued = _VALUE_RE.match(text)
            if ranged:
                low, high = parse_float(ranged.group(1)), parse_float(ranged.group(2))
                if low is None or high is None or low > high:
                    valued = ranged = None
                else:
                    value, tolerance = (low + high) / 2, (high - low) / 2
            elif valued:
                value = parse_float(valued.group(1))
                tolerance = parse_float(valued.group(2)) if valued.group(2) else 0.0
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
            choice = ParsedChoice(
                text=format_number(value), fraction=fraction, tolerance=abs(tolerance)
            )
            self.field(choice, "feedback", feedback)
            q.choices.append(choice)
        if catch_all is not None:
            q.choices.append(catch_all)
        if max(c.fraction for c in q.choices) <= 0:
            self.error(block.line(offset), _("No answer earns any points."))
            return False
        return True

    def matching(self, q: ParsedQuestion, block: Block, tokens) -> bool:
        for prefix, body, offset in tokens:
            left, sep, right = body.partition("->")
            if prefix != "=" or not sep:
                self.error(
                    block.line(offset),
                    _("Each pair of a matching question is written =left -> right."),
                )
                return False
            if "#" in right:
                self.unsupported(
                    block.line(offset),
                    "matching-feedback",
                    _("Feedback on matching pairs is not supported."),
                )
                return False
            choice = ParsedChoice(text="", match_text=restore(right).strip())
            if not choice.match_text:
                self.error(
                    block.line(offset), _("A matching pair has no right-hand side.")
                )
                return False
            choice.fraction = 1.0 if self.field(choice, "text", left) else 0.0
            q.choices.append(choice)
        if sum(1 for c in q.choices if c.text) < 2:
            self.error(
                block.line(tokens[0][2]),
                _("A matching question needs at least two pairs."),
            )
            return False
        return True
