"""The answer block ``{…}`` of one GIFT question: choices with weights and
feedback, true/false, short answers, numbers (value:tolerance or min..max) and
matching pairs. Mixed into the parser of ``quizzes.gift``."""

from __future__ import annotations

import math
import re

from django.utils.translation import gettext as _

from .gift_syntax import Block, format_number, parse_float, restore
from .interchange import ParsedChoice, ParsedQuestion, ParseIssue, ParseResult
from .qtypes import QuestionType

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

    def answers(
        self, q: ParsedQuestion, block: Block, answer: str, offset: int
    ) -> bool:
        general = answer.rfind("####")
        if general >= 0:
            q.general_feedback = restore(answer[general + 4 :]).strip()
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
        return fraction, restore(text).strip(), restore(feedback).strip()

    def choice(self, q: ParsedQuestion, block: Block, tokens) -> bool:
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
        wrong = restore(parts[1]).strip() if len(parts) > 1 else ""
        right = restore(parts[2]).strip() if len(parts) > 2 else ""
        q.choices = [
            ParsedChoice("true", 1.0 if correct else 0.0, right if correct else wrong),
            ParsedChoice("false", 0.0 if correct else 1.0, wrong if correct else right),
        ]
        return True

    def short(self, q: ParsedQuestion, block: Block, tokens) -> bool:
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
        self, q: ParsedQuestion, block: Block, content: str, offset: int
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
            text = restore(text)
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

    def matching(self, q: ParsedQuestion, block: Block, tokens) -> bool:
        for _prefix, body, offset in tokens:
            left, _sep, right = body.partition("->")
            if "#" in right:
                self.unsupported(
                    block.line(offset),
                    "matching-feedback",
                    _("Feedback on matching pairs is not supported."),
                )
                return False
            left, right = restore(left).strip(), restore(right).strip()
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
