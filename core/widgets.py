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
        # Django's optgroups() builds a dict of attributes per option; with
        # some 400 options that was most of a report's filter panel.
        chosen = self.format_value(value)
        attrs = self.build_attrs(self.attrs, attrs)
        if self.allow_multiple_selected:
            attrs["multiple"] = True
        state = {"selected": False}
        parts = []
        for option_value, option_label in self.choices:
            if isinstance(option_label, (list, tuple)):
                html = self._options(option_label, chosen, state)
                group = conditional_escape(option_value)
                parts.append(f'<optgroup label="{group}">{html}</optgroup>')
            else:
                parts.append(
                    self._options([(option_value, option_label)], chosen, state)
                )
        return format_html(
            '<select name="{}"{}>{}</select>',
            name,
            flatatt(attrs),
            mark_safe("".join(parts)),  # noqa: S308 - every value escaped below
        )

    def _options(self, choices, chosen, state) -> str:
        """``<option>``s as Django writes them: no attribute but "selected" (on
        the first match only, unless several may be chosen)."""
        html = []
        for value, label in choices:
            value = "" if value is None else str(value)
            selected = value in chosen and (
                self.allow_multiple_selected or not state["selected"]
            )
            state["selected"] |= selected
            mark = " selected" if selected else ""
            html.append(
                f'<option value="{conditional_escape(value)}"{mark}>'
                f"{conditional_escape(label)}</option>"
            )
        return "".join(html)
