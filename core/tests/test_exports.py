"""The one export writer: formula-like cells neutralised, CSV that Excel reads
(BOM, UTF-8), XLSX read back with openpyxl (a tool this project did not write)."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from core.exports import BOM, csv_lines, neutralise
from core.xlsx import HEADER_ROW, write_xlsx

EVIL = '=HYPERLINK("http://x","y")'


@pytest.mark.parametrize(
    "value",
    [EVIL, "+1+1", "-2+3", "@SUM(A1)", "\tcmd", "\r=1", "-", "=1"],
)
def test_text_that_a_spreadsheet_would_run_gets_a_leading_quote(value):
    assert neutralise(value) == "'" + value


@pytest.mark.parametrize(
    "value",
    [-12, -3.5, Decimal("-7.25"), 0, "-12", "+84912345678", "-0,5", "Nguyễn A", ""],
)
def test_numbers_and_ordinary_text_stay_as_they_are(value):
    assert neutralise(value) == value


def test_a_csv_starts_with_the_bom_and_excel_reads_it_back_neutralised():
    data = "".join(csv_lines(["Họ tên", "Số"], [[EVIL, -5], ["Trần Thị Bé", 3]]))
    raw = data.encode("utf-8")
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows == [["Họ tên", "Số"], ["'" + EVIL, "-5"], ["Trần Thị Bé", "3"]]
    assert BOM not in data[1:]


def xlsx(**kwargs):
    handle = io.BytesIO()
    count = write_xlsx(handle, **kwargs)
    handle.seek(0)
    return count, load_workbook(handle).active


def test_an_xlsx_has_title_filters_time_frozen_header_widths_and_totals():
    when = datetime.datetime(2026, 12, 6, 7, 5, tzinfo=datetime.UTC)
    count, sheet = xlsx(
        title="Danh sách học viên",
        headings=["Họ tên", "Năm", "Lượt người", "Điểm"],
        rows=[
            [EVIL, 2024, 3, Decimal("7.50")],
            ["Trần Thị Bé có một cái tên rất dài ở đây", 2025, -2, 8.25],
        ],
        filters=[("Năm", "2025"), ("Đơn vị", "Sở KH&CN")],
        total_columns=[2],
        generated_at=when,
    )
    assert count == 2
    assert sheet["A1"].value == "Danh sách học viên" and sheet["A1"].font.b
    assert "Năm: 2025" in sheet["A2"].value and "Đơn vị: Sở KH&CN" in sheet["A2"].value
    # 07:05 UTC is 14:05 in Việt Nam.
    assert sheet["A3"].value.endswith("14:05, ngày 6 tháng 12 năm 2026")
    assert sheet.freeze_panes == f"A{HEADER_ROW + 1}"
    header = [c.value for c in sheet[HEADER_ROW]]
    assert header == ["Họ tên", "Năm", "Lượt người", "Điểm"]
    first = sheet[HEADER_ROW + 1]
    assert first[0].value == "'" + EVIL and first[0].data_type == "s"
    assert first[1].value == 2024 and first[1].data_type == "n"
    assert first[2].number_format == "#,##0"
    assert sheet.cell(HEADER_ROW + 2, 3).value == -2  # a negative number stays one
    assert sheet.cell(HEADER_ROW + 2, 4).number_format == "#,##0.00"
    total = sheet[HEADER_ROW + 3]
    assert "2" in total[0].value and total[2].value == 1 and total[1].value is None
    assert sheet.column_dimensions["A"].width > sheet.column_dimensions["B"].width
    assert sheet.column_dimensions["B"].width >= 8
    for row in sheet.iter_rows():
        assert all(cell.data_type != "f" for cell in row)


def test_an_xlsx_without_filters_says_so():
    _count, sheet = xlsx(title="T", headings=["A"], rows=[])
    assert sheet["A2"].value.endswith(("không", "none"))
