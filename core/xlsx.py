"""XLSX exports that read as a document, in constant memory.

Layout of the sheet (rows)::

    1   title (bold)
    2   "Bộ lọc: <label>: <value>; …"   (or "Bộ lọc: không")
    3   "Thời điểm lập: 14:05, ngày 6 tháng 12 năm 2026"
    4   (empty)
    5   headings (bold, frozen: they stay on screen while scrolling)
    6…  data
    n   "Tổng cộng (N dòng)" and the sum of each totalled column

Column widths come from the headings and the first ``SAMPLE_ROWS`` rows; whole
numbers get ``#,##0``, decimals ``#,##0.00``, dates ``dd/mm/yyyy``. openpyxl's
write-only workbook streams the rows to disk, so a 100k-row export does not
sit in memory. Every value goes through :func:`core.exports.cell_value`, and no
cell is ever a formula (the totals are computed here, not ``=SUM``).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from itertools import chain, islice

from django.utils import timezone
from django.utils.translation import gettext as _

from .cells import cell_value
from .dates import vietnamese_date

SAMPLE_ROWS = 200
MIN_WIDTH, MAX_WIDTH = 8, 60
HEADER_ROW = 5
INT_FORMAT = "#,##0"
DECIMAL_FORMAT = "#,##0.00"
DATE_FORMAT = "dd/mm/yyyy"
DATETIME_FORMAT = "dd/mm/yyyy hh:mm"


def generated_at_text(when: datetime.datetime | None = None) -> str:
    """ "14:05, ngày 6 tháng 12 năm 2026" in the site's time zone."""
    when = timezone.localtime(when or timezone.now())
    return f"{when:%H:%M}, {vietnamese_date(when)}"


def _is_number(value) -> bool:
    return isinstance(value, (int, float, Decimal)) and not isinstance(value, bool)


def _width(value) -> int:
    if value is None:
        return 0
    if isinstance(value, datetime.datetime):
        return 16
    if isinstance(value, datetime.date):
        return 10
    if _is_number(value):
        return len(f"{value:,}") + 1
    return max((len(line) for line in str(value).splitlines()), default=0)


def _number_format(value) -> str | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return INT_FORMAT
    if isinstance(value, (float, Decimal)):
        return DECIMAL_FORMAT
    if isinstance(value, datetime.datetime):
        return DATETIME_FORMAT
    if isinstance(value, datetime.date):
        return DATE_FORMAT
    return None


def write_xlsx(
    handle,
    *,
    title: str,
    headings: Sequence,
    rows: Iterable[Sequence],
    filters: Iterable[tuple[str, str]] = (),
    total_columns: Iterable[int] = (),
    sheet_name: str = "Du lieu",
    progress: Callable[[int], None] | None = None,
    progress_every: int = 1000,
    generated_at: datetime.datetime | None = None,
) -> int:
    """Write one sheet to ``handle``; returns the number of data rows."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    headings = [str(cell_value(h)) for h in headings]
    rows = ([cell_value(v) for v in row] for row in rows)
    sample = list(islice(rows, SAMPLE_ROWS))
    widths = [len(h) for h in headings]
    for row in sample:
        for i, value in enumerate(row[: len(widths)]):
            widths[i] = max(widths[i], _width(value))

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=sheet_name[:31])
    for i, width in enumerate(widths, 1):
        sheet.column_dimensions[get_column_letter(i)].width = min(
            MAX_WIDTH, max(MIN_WIDTH, width + 2)
        )
    sheet.freeze_panes = f"A{HEADER_ROW + 1}"

    bold = Font(bold=True)

    def text(value, font=None):
        cell = WriteOnlyCell(sheet, value=cell_value(value))
        if font:
            cell.font = font
        return cell

    filters = list(filters)
    shown = "; ".join(f"{label}: {value}" for label, value in filters)
    sheet.append([text(title, Font(bold=True, size=14))])
    sheet.append([text(_("Filters: %(filters)s") % {"filters": shown or _("none")})])
    sheet.append(
        [text(_("Generated at: %(when)s") % {"when": generated_at_text(generated_at)})]
    )
    sheet.append([])
    fill = PatternFill("solid", fgColor="DDE4EE")
    header = []
    for heading in headings:
        cell = text(heading, bold)
        cell.fill = fill
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        header.append(cell)
    sheet.append(header)

    total_columns = sorted(set(total_columns))
    totals = {i: 0 for i in total_columns}
    count = 0
    for row in chain(sample, rows):
        cells = []
        for i, value in enumerate(row):
            cell = WriteOnlyCell(sheet, value=value)
            if cell.data_type == "f":  # cell_value prevents it; never write one
                cell.data_type = "s"
            number_format = _number_format(value)
            if number_format:
                cell.number_format = number_format
            if i in totals and _is_number(value):
                totals[i] += value
            cells.append(cell)
        sheet.append(cells)
        count += 1
        if progress and count % progress_every == 0:
            progress(count)

    label = _("Total (%(count)s rows)") % {"count": f"{count:,}".replace(",", ".")}
    total_row = [text(label, bold)] + [None] * (len(headings) - 1)
    for i, value in totals.items():
        cell = WriteOnlyCell(sheet, value=value)
        cell.font = bold
        cell.number_format = _number_format(value) or INT_FORMAT
        total_row[i] = cell
    sheet.append(total_row)
    workbook.save(handle)
    if progress:
        progress(count)
    return count
