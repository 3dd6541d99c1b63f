"""Writes questions as Moodle GIFT text (the inverse of ``quizzes.gift``).

Points and options that GIFT cannot express go into a ``// elearn:`` comment line
that Moodle ignores and our parser reads, so export → import round-trips.
"""

from collections.abc import Iterable

from .gift_syntax import format_number
from .interchange import ParsedQuestion
from .qtypes import QuestionType, TextFormat


def escape(text: str) -> str:
    text = text.replace("\\", "\\\\")
    for char in "~=#{}:":
        text = text.replace(char, "\\" + char)
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")


def _weight(fraction: float) -> str:
    return f"%{format_number(round(fraction * 100, 5))}%"


def _answer(
    prefix: str, fraction: float, default: float, text: str, feedback: str
) -> str:
    weight = (
        "" if fraction == default and not text.startswith("%") else _weight(fraction)
    )
    line = f"\t{prefix}{weight}{escape(text)}"
    return line + (f"#{escape(feedback)}" if feedback else "")


def _meta(q: ParsedQuestion) -> str:
    items = []
    if q.points != 1 and q.qtype != QuestionType.DESCRIPTION:
        items.append(f"points={format_number(q.points)}")
    if q.qtype == QuestionType.MULTIPLE and not q.options.get("partial_credit", True):
        items.append("partial_credit=false")
    if q.qtype == QuestionType.SHORT and q.options.get("accept_without_diacritics"):
        items.append("accept_without_diacritics=true")
    return "; ".join(items)


def _answers(q: ParsedQuestion) -> list[str]:
    if q.qtype == QuestionType.TRUEFALSE:
        by_text = {c.text: c for c in q.choices}
        true, false = by_text.get("true"), by_text.get("false")
        correct = true is not None and true.fraction > 0
        right, wrong = (true, false) if correct else (false, true)
        parts = ["TRUE" if correct else "FALSE"]
        if (wrong and wrong.feedback) or (right and right.feedback):
            parts.append(escape(wrong.feedback if wrong else ""))
            parts.append(escape(right.feedback if right else ""))
        return ["#".join(parts)]
    if q.qtype == QuestionType.SINGLE:
        best = max((c.fraction for c in q.choices), default=1.0)
        return [
            _answer("=", c.fraction, 1.0, c.text, c.feedback)
            if c.fraction == best
            else _answer("~", c.fraction, 0.0, c.text, c.feedback)
            for c in q.choices
        ]
    if q.qtype == QuestionType.MULTIPLE:
        return [_answer("~", c.fraction, 0.0, c.text, c.feedback) for c in q.choices]
    if q.qtype == QuestionType.SHORT:
        return [_answer("=", c.fraction, 1.0, c.text, c.feedback) for c in q.choices]
    if q.qtype == QuestionType.NUMERICAL:
        lines = ["#"]
        for c in q.choices:
            if c.text == "*":
                lines.append(f"\t~#{escape(c.feedback)}")
                continue
            weight = "" if c.fraction == 1 else _weight(c.fraction)
            value = f"{c.text}:{format_number(c.tolerance or 0.0)}"
            lines.append(
                f"\t={weight}{value}" + (f"#{escape(c.feedback)}" if c.feedback else "")
            )
        return lines
    return [f"\t={escape(c.text)} -> {escape(c.match_text)}" for c in q.choices]


def _comment(q: ParsedQuestion) -> str:
    """Moodle's ``// [id:…] [tag:…]`` comment (``]`` escaped as ``\\]``)."""

    def esc(value: str) -> str:
        return value.replace("]", "\\]")

    parts = [f"[id:{esc(q.idnumber)}]"] if q.idnumber else []
    parts += [f"[tag:{esc(t)}]" for t in q.tags]
    return " ".join(parts)


def write_question(q: ParsedQuestion) -> str:
    lines = []
    meta, comment = _meta(q), _comment(q)
    if comment:
        lines.append(f"// {comment}")
    if meta:
        lines.append(f"// elearn: {meta}")
    head = f"::{escape(q.title)}::" + (
        "[html]" if q.text_format == TextFormat.HTML else ""
    )
    general = [f"\t####{escape(q.general_feedback)}"] if q.general_feedback else []
    if q.qtype == QuestionType.DESCRIPTION:
        lines.append(f"{head}{escape(q.text)}")
        return "\n".join(lines) + "\n"
    if q.qtype == QuestionType.ESSAY:
        tail = "".join(g.strip() for g in general)
        lines.append(f"{head}{escape(q.text)} {{{tail}}}")
        return "\n".join(lines) + "\n"
    body = _answers(q)
    if q.qtype == QuestionType.TRUEFALSE:
        tail = "".join(g.strip() for g in general)
        lines.append(f"{head}{escape(q.text)} {{{body[0]}{tail}}}")
    else:
        lines.append(f"{head}{escape(q.text)} {{")
        lines.extend(body + general)
        lines.append("}")
    return "\n".join(lines) + "\n"


def write_gift(questions: Iterable[ParsedQuestion], *, categories: bool = True) -> str:
    """GIFT text for the questions, with ``$CATEGORY`` lines between categories."""
    chunks = []
    current: object = object()
    for q in questions:
        if categories and q.category and q.category != current:
            chunks.append(f"$CATEGORY: $course$/top/{q.category}\n")
            current = q.category
        chunks.append(write_question(q))
    return "\n".join(chunks)
