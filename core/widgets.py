"""Form widgets."""

from django import forms
from django.forms.utils import flatatt
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe


class QuickSelect(forms.Select):
    """A ``<select>`` written in Python (every value escaped) instead of with a
    template per option.

    Django renders every ``<option>`` through a template of its own. The
    headcount reports' filters offer some 400 options (units, communes,
    courses, training classes, plan tasks), and rendering them that way was
    two thirds of the report's time. Same markup, same attributes; option
    groups are written as ``<optgroup>``.
    """

    def use_required_attribute(self, initial):
        # Django finds out by reading the first choice, which for a model
        # choice field runs the whole query a second time; a filter is never
        # required.
        return (
            False if not self.is_required else super().use_required_attribute(initial)
        )

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        parts = []
        for group, options, _index in widget["optgroups"]:
            # Django gives an <option> no attribute but "selected".
            html = "".join(
                f'<option value="{conditional_escape(o["value"])}"'
                f"{' selected' if o['selected'] else ''}>"
                f"{conditional_escape(o['label'])}</option>"
                for o in options
            )
            if group:
                html = (
                    f'<optgroup label="{conditional_escape(group)}">{html}</optgroup>'
                )
            parts.append(html)
        return format_html(
            '<select name="{}"{}>{}</select>',
            widget["name"],
            flatatt(widget["attrs"]),
            mark_safe("".join(parts)),  # noqa: S308 - every value escaped above
        )
