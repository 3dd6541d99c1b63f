"""Writes questions as Moodle XML, following what Moodle's reader
(question/format/xml/format.php) expects: one ``<question type="category">``
before each category, ``<name>``, ``<questiontext format>`` with its
``<file>`` elements, ``<generalfeedback>``, ``<defaultgrade>``, ``<penalty>``,
``<idnumber>``, ``<tags>`` and each type's own elements. Pure: the bank layer
passes the files (name, bytes) referenced as ``@@PLUGINFILE@@/name``."""

from __future__ import annotations

import base64
from collections.abc import Callable, Iterable

from lxml import etree

from .gift_syntax import format_number
from .interchange import ParsedQuestion
from .qtypes import QuestionType, TextFormat

_TYPES = {
    QuestionType.SINGLE: "multichoice",
    QuestionType.MULTIPLE: "multichoice",
    QuestionType.TRUEFALSE: "truefalse",
    QuestionType.SHORT: "shortanswer",
    QuestionType.NUMERICAL: "numerical",
    QuestionType.MATCHING: "matching",
    QuestionType.ESSAY: "essay",
    QuestionType.DESCRIPTION: "description",
}


def _fmt(q: ParsedQuestion) -> str:
    return "html" if q.text_format == TextFormat.HTML else "plain_text"


def _sub(parent, tag: str, text: str | None = None, **attrs):
    node = etree.SubElement(parent, tag, {k: v for k, v in attrs.items()})
    if text is not None:
        node.text = text
    return node


def _textual(parent, tag: str, text: str, fmt: str, files=()):
    node = _sub(parent, tag, format=fmt)
    _sub(node, "text", text)
    for name, data in files:
        _sub(
            node,
            "file",
            base64.b64encode(data).decode("ascii"),
            name=name,
            path="/",
            encoding="base64",
        )
    return node


def _fraction(value: float) -> str:
    return format_number(round(value * 100, 5))


def question_element(q: ParsedQuestion, files: list[tuple[str, bytes]]):
    fmt = _fmt(q)
    node = etree.Element("question", type=_TYPES[q.qtype])
    name = _sub(node, "name")
    _sub(name, "text", q.title)
    # Files ride on the question text (Moodle attaches each to the field
    # that names it; its reader accepts them on any field of the question).
    _textual(node, "questiontext", q.text, fmt, files)
    _textual(node, "generalfeedback", q.general_feedback, fmt)
    _sub(node, "defaultgrade", format_number(q.points))
    _sub(node, "penalty", format_number(q.options.get("penalty", 0.3333333)))
    _sub(node, "hidden", "0")
    _sub(node, "idnumber", q.idnumber)
    if q.qtype in (QuestionType.SINGLE, QuestionType.MULTIPLE):
        _sub(node, "single", "true" if q.qtype == QuestionType.SINGLE else "false")
        _sub(node, "shuffleanswers", "true" if q.options.get("shuffle") else "false")
        _sub(node, "answernumbering", "abc")
        for c in q.choices:
            answer = _textual(node, "answer", c.text, fmt)
            answer.set("fraction", _fraction(c.fraction))
            _textual(answer, "feedback", c.feedback, fmt)
    elif q.qtype in (
        QuestionType.TRUEFALSE,
        QuestionType.SHORT,
        QuestionType.NUMERICAL,
    ):
        if q.qtype == QuestionType.SHORT:
            _sub(node, "usecase", "1" if q.options.get("case_sensitive") else "0")
        for c in q.choices:
            answer = _textual(node, "answer", c.text, "moodle_auto_format")
            answer.set("fraction", _fraction(c.fraction))
            _textual(answer, "feedback", c.feedback, fmt)
            if q.qtype == QuestionType.NUMERICAL:
                _sub(answer, "tolerance", format_number(c.tolerance or 0.0))
    elif q.qtype == QuestionType.MATCHING:
        _sub(node, "shuffleanswers", "true" if q.options.get("shuffle") else "false")
        for c in q.choices:
            sub = _textual(node, "subquestion", c.text, fmt)
            _sub(_sub(sub, "answer"), "text", c.match_text)
    elif q.qtype == QuestionType.ESSAY:
        _sub(node, "responseformat", q.options.get("responseformat", "editor"))
        _sub(node, "responserequired", "1")
        _sub(node, "responsefieldlines", "15")
        for key in ("minwordlimit", "maxwordlimit"):
            _sub(node, key, str(q.options.get(key, "")))
        _sub(node, "attachments", "0")
        _sub(node, "attachmentsrequired", "0")
        _textual(node, "graderinfo", q.grader_info, fmt)
        _textual(node, "responsetemplate", "", fmt)
    if q.tags:
        tags = _sub(node, "tags")
        for tag in q.tags:
            _sub(_sub(tags, "tag"), "text", tag)
    return node


def write_moodle_xml(
    questions: Iterable[ParsedQuestion],
    *,
    files_for: Callable[[ParsedQuestion], list[tuple[str, bytes]]] = lambda q: [],
) -> bytes:
    root = etree.Element("quiz")
    current: object = object()
    for q in questions:
        if q.category and q.category != current:
            category = _sub(root, "question", type="category")
            _sub(_sub(category, "category"), "text", f"$course$/top/{q.category}")
            current = q.category
        root.append(question_element(q, files_for(q)))
    return etree.tostring(
        root, xml_declaration=True, encoding="UTF-8", pretty_print=True
    )
