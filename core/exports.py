"""The one writer of every spreadsheet the platform hands out (CSV and XLSX).

Three rules hold for every export path (the admin's report views, the streamed
CSVs, the background-job XLSX and the annual report's appendix):

* **No formula injection** (OWASP "CSV Injection"): a text cell that starts with
  ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a leading ``'``,
  so Excel and LibreOffice show it as text instead of running it. Numbers stay
  numbers: an ``int``/``float``/``Decimal`` is never touched, nor is a text that
  is only a number (``-12``, ``+84``): such a cell cannot hold a formula.
* **CSV that Excel opens right**: UTF-8 with a byte-order mark (without it,
  Excel on Windows reads Vietnamese as cp1258 mojibake), served as
  ``text/csv; charset=utf-8``.
* **XLSX that reads as a document** (:mod:`core.xlsx`): title, the filters
  applied, when it was generated, column widths, frozen header, totals row and
  number formats.
"""

from __future__ import annotations

import csv
import datetime
from collections.abc import Iterable, Iterator

from django import forms
from django.db import models
from django.http import StreamingHttpResponse
from django.utils import timezone
from django.utils.encoding import force_str

from . import xlsx
from .cells import cell_value, neutralise  # noqa: F401  (this module's interface)

CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
BOM = "\ufeff"


class _Echo:
    """A file-like object whose ``write`` returns the line (for streaming)."""

    def write(self, value: str) -> str:
        return value


def csv_lines(header: Iterable, rows: Iterable[Iterable]) -> Iterator[str]:
    """The CSV text of ``header`` and ``rows``, line by line, BOM first."""
    writer = csv.writer(_Echo())
    yield BOM + writer.writerow([cell_value(v) for v in header])
    for row in rows:
        yield writer.writerow(["" if v is None else cell_value(v) for v in row])


def csv_response(lines: Iterable[str], *, filename: str) -> StreamingHttpResponse:
    """A streamed CSV download (``filename`` without extension)."""
    response = StreamingHttpResponse(lines, content_type=CSV_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def dotted_value(item, dotted: str):
    """``a.b.c`` of ``item``, calling methods on the way; "" when a step is
    missing (an enrolment without class, a learner without profile)."""
    value = item
    for name in dotted.split("."):
        value = getattr(value, name, None)
        if callable(value):
            value = value()
        if value is None:
            return ""
    return value


class BlankWhenMissingExportMixin:
    """For a ``ReportView``: a dotted ``list_export`` field whose chain stops at
    None exports an empty cell (Wagtail's own lookup raises, a 500)."""

    def to_row_dict(self, item):
        return {field: dotted_value(item, field) for field in self.list_export}


def filters_applied(filterset) -> list[tuple[str, str]]:
    """(label, value) of each filter the person set, as their form shows it."""
    if filterset is None or not filterset.is_valid():
        return []
    form = filterset.form
    applied = []
    for name, field in form.fields.items():
        value = form.cleaned_data.get(name)
        if value in (None, "", [], ()) or value is False:
            continue
        values = value if isinstance(value, (list, tuple)) else [value]
        shown = ", ".join(_choice_label(field, v) for v in values)
        applied.append((force_str(field.label or name), shown))
    return applied


def _choice_label(field, value) -> str:
    """A model is shown by its name; a plain choice by its label (model
    choices are not listed again: thousands of communes, one query)."""
    if isinstance(field, forms.ModelChoiceField) or isinstance(value, models.Model):
        return force_str(value)
    choices = {str(key): label for key, label in getattr(field, "choices", ()) or ()}
    return force_str(choices.get(str(value), value))


class SafeSpreadsheetExportMixin:
    """For every ``ReportView`` (Wagtail's ``SpreadsheetExportMixin``): the
    rules above through its public hooks. Put it first among the bases.

    ``export_total_fields``: the numeric columns whose sum means something
    (person-courses add up across rows, distinct people do not).
    """

    export_total_fields: Iterable[str] = ()

    def preprocess_field_value(self, field, value, export_format):
        # Local time before Wagtail's preprocessing, which would write UTC.
        if isinstance(value, datetime.datetime) and timezone.is_aware(value):
            value = timezone.localtime(value).replace(tzinfo=None)
        return cell_value(super().preprocess_field_value(field, value, export_format))

    def stream_csv(self, queryset):
        # Wagtail's lines are UTF-8 bytes.
        lines = super().stream_csv(queryset)
        yield BOM.encode() + next(lines)
        yield from lines

    def write_csv_response(self, queryset):
        return csv_response(self.stream_csv(queryset), filename=self.get_filename())

    def export_title(self) -> str:
        return force_str(getattr(self, "page_title", "") or self.get_filename())

    def write_xlsx(self, queryset, output):
        fields = list(self.list_export)
        rows = (
            [
                self.preprocess_field_value(field, value, self.FORMAT_XLSX)
                for field, value in self.to_row_dict(item).items()
            ]
            for item in queryset
        )
        xlsx.write_xlsx(
            output,
            title=self.export_title(),
            headings=[self.get_heading(queryset, field) for field in fields],
            rows=rows,
            filters=filters_applied(getattr(self, "filters", None)),
            total_columns=[fields.index(f) for f in self.export_total_fields],
        )
