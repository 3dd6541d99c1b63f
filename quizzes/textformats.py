"""Moodle's text formats on imported text: the ``[html]`` ``[moodle]`` ``[plain]``
``[markdown]`` markers of GIFT, and the one format a question is stored in.

Moodle keeps a format per text field (question, each answer, each feedback, the
general feedback). We store one per question: when every field is plain (or
``moodle``, which we show as plain text, as before) the question stays plain;
as soon as one field is HTML or Markdown, every field is converted to HTML —
plain text escaped with its line breaks, Markdown rendered by the ``markdown``
library — and the result is sanitised with ``nh3`` so no imported script or
event handler reaches a page. Nothing is dropped: a plain field keeps its text
verbatim (escaped), it just travels as HTML.
"""

from __future__ import annotations

import html

import markdown
import nh3

from .qtypes import TextFormat

MARKERS = ("html", "moodle", "plain", "markdown")
PLAINISH = ("plain", "moodle")

_TAGS = {
    "p", "br", "b", "strong", "i", "em", "u", "s", "sub", "sup", "code", "pre",
    "blockquote", "ul", "ol", "li", "h1", "h2", "h3", "h4", "h5", "h6", "hr",
    "a", "img", "table", "thead", "tbody", "tr", "th", "td", "span", "div",
}  # fmt: skip
_ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "title"}}


def split_marker(text: str, default: str = "moodle") -> tuple[str, str]:
    """``"[html]<b>x</b>"`` → ``("html", "<b>x</b>")``. As Moodle's reader does,
    an unknown ``[word]`` is not a marker and stays in the text."""
    stripped = text.lstrip()
    if stripped.startswith("["):
        end = stripped.find("]")
        name = stripped[1:end] if end > 0 else ""
        if name in MARKERS:
            return name, stripped[end + 1 :].lstrip()
    return default, stripped


def sanitise(value: str) -> str:
    return nh3.clean(
        value,
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        url_schemes={"http", "https", "mailto", "data"},
        link_rel="noopener noreferrer",
    )


def markdown_html(text: str) -> str:
    return sanitise(markdown.markdown(text, output_format="html"))


def as_html(fmt: str, text: str) -> str:
    if not text:
        return ""
    if fmt == "markdown":
        return markdown_html(text)
    if fmt == "html":
        # Kept as written: pages render question HTML through the whitelist.
        return text
    return html.escape(text, quote=False).replace("\n", "<br>")


def unify(formats: list[str]) -> TextFormat:
    """The one format a question's fields are stored in."""
    return TextFormat.PLAIN if all(f in PLAINISH for f in formats) else TextFormat.HTML
