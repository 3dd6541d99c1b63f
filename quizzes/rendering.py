"""Question text to safe HTML: plain text is escaped, HTML is cleaned to a whitelist."""

from django.utils.html import escape, linebreaks
from django.utils.safestring import SafeString, mark_safe
from wagtail.whitelist import (
    DEFAULT_ELEMENT_RULES,
    Whitelister,
    allow_without_attributes,
)

from .qtypes import TextFormat

_SIMPLE = allow_without_attributes


class QuestionWhitelister(Whitelister):
    """Wagtail's rich-text whitelist plus tables and code, for imported HTML."""

    element_rules = {
        **DEFAULT_ELEMENT_RULES,
        **{
            name: _SIMPLE
            for name in ("u", "code", "pre", "blockquote", "table", "thead", "tbody")
            + ("tr", "th", "td")
        },
    }


def render_text(text: str, text_format: str, *, inline: bool = False) -> SafeString:
    if text_format == TextFormat.HTML:
        return mark_safe(QuestionWhitelister().clean(text))  # noqa: S308 - whitelisted
    if inline:
        return mark_safe(escape(text).replace("\n", "<br>"))  # noqa: S308 - escaped
    return mark_safe(linebreaks(escape(text)))  # noqa: S308 - escaped
