"""Moodle XML (question/format/xml in moodle/moodle) read safely, in bounded memory.

The file is streamed with ``lxml.etree.iterparse``: entities are never resolved,
no DTD is loaded, nothing is fetched from the network, a document type
declaration is refused outright, each ``<question>`` element is freed once read
and libxml2's own limits (no "huge tree") bound any single text node. Errors
name the line of the ``<question>`` they concern.

Read: multichoice (single and multiple), truefalse, shortanswer (``usecase``
kept), numerical (without units), matching, essay, description, categories,
per-answer and general feedback, default mark and penalty, ``[id]``/tags and
files embedded as ``@@PLUGINFILE@@`` base64 (kept as ``ParsedFile`` for the
importer to store as Wagtail images and documents).

Refused by name: Cloze (``cloze``/multianswer), numerical units, essays that
require attachments, and every other question type (calculated, drag and drop…).
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterator

from django.utils.translation import gettext as _
from lxml import etree

from .interchange import (
    MAX_QUESTIONS,
    ParsedQuestion,
    ParseError,
    ParseIssue,
    ParseResult,
)
from .moodle_xml_questions import (
    MAX_XML_BYTES,
    MAX_XML_QUESTIONS,
    PLUGINFILE,
    ParsedFile,
    QuestionReader,
    Refused,
)


def _check_prolog(head: bytes) -> None:
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ParseError(
            [ParseIssue(1, _("The file is UTF-16; save it as UTF-8."), "encoding")]
        )
    upper = head.upper()
    if b"<!DOCTYPE" in upper or b"<!ENTITY" in upper:
        line = (
            head[: max(upper.find(b"<!DOCTYPE"), upper.find(b"<!ENTITY"), 0)].count(
                b"\n"
            )
            + 1
        )
        raise ParseError(
            [
                ParseIssue(
                    line,
                    _("Document type declarations and entities are not allowed."),
                    "unsafe",
                )
            ]
        )


def iter_moodle_xml(
    source, *, with_files: bool = False
) -> Iterator[ParsedQuestion | ParseIssue]:
    """Questions and issues in file order. ``source`` is bytes, a path or a
    binary file object. ParseError when the file as a whole is unreadable."""
    if isinstance(source, bytes | bytearray):
        if len(source) > MAX_XML_BYTES:
            raise ParseError([_too_big()])
        stream = io.BytesIO(source)
    elif isinstance(source, str | os.PathLike):
        if os.path.getsize(source) > MAX_XML_BYTES:
            raise ParseError([_too_big()])
        stream = open(source, "rb")  # noqa: SIM115 - closed below
    else:
        stream = source
    try:
        head = stream.read(64 * 1024)
        if not head.strip():
            raise ParseError([ParseIssue(1, _("The file is empty."), "empty")])
        _check_prolog(head)
        stream.seek(0)
        yield from _events(stream, with_files)
    finally:
        if stream is not source:
            stream.close()


def _events(stream, with_files: bool):
    reader = QuestionReader(with_files)
    parser = etree.iterparse(
        stream,
        events=("start", "end"),
        resolve_entities=False,
        load_dtd=False,
        no_network=True,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )
    root_seen = False
    depth = 0
    count = 0
    try:
        for event, element in parser:
            if event == "start":
                if not root_seen:
                    root_seen = True
                    if element.tag != "quiz":
                        raise ParseError(
                            [
                                ParseIssue(
                                    element.sourceline or 1,
                                    _("This is not a Moodle XML file (no <quiz>)."),
                                    "format",
                                )
                            ]
                        )
                depth += 1
                continue
            depth -= 1
            if element.tag != "question" or depth != 1:
                continue
            count += 1
            if count > MAX_XML_QUESTIONS:
                yield ParseIssue(
                    element.sourceline or 0,
                    _("The file holds more than %(max)s questions; split it.")
                    % {"max": MAX_XML_QUESTIONS},
                    "size",
                )
                return
            try:
                parsed = reader.question(element)
            except Refused as refused:
                yield ParseIssue(element.sourceline or 0, refused.message, refused.code)
            else:
                if parsed is not None:
                    yield parsed
            # Free what was read: the element and the siblings before it.
            element.clear(keep_tail=False)
            parent = element.getparent()
            while parent is not None and element.getprevious() is not None:
                del parent[0]
    except etree.XMLSyntaxError as exc:
        yield ParseIssue(
            exc.lineno or 1,
            _("The XML is not well formed: %(error)s") % {"error": exc.msg[:200]},
            "syntax",
        )
        return
    if not root_seen:
        raise ParseError(
            [ParseIssue(1, _("This is not a Moodle XML file (no <quiz>)."), "format")]
        )


def parse_moodle_xml(
    source, *, with_files: bool = False, max_errors: int = 200
) -> ParseResult:
    """The whole file as a ParseResult (files' contents kept only ``with_files``)."""
    result = ParseResult()
    for item in iter_moodle_xml(source, with_files=with_files):
        if isinstance(item, ParseIssue):
            if len(result.errors) < max_errors:
                result.errors.append(item)
        else:
            result.questions.append(item)
    if not result.questions and not result.errors:
        result.errors.append(ParseIssue(1, _("The file holds no question."), "empty"))
    return result


def _too_big() -> ParseIssue:
    return ParseIssue(
        1,
        _("The file is larger than %(size)s MB.")
        % {"size": MAX_XML_BYTES // (1024 * 1024)},
        "size",
    )


__all__ = [
    "MAX_QUESTIONS",
    "PLUGINFILE",
    "ParsedFile",
    "iter_moodle_xml",
    "parse_moodle_xml",
]
