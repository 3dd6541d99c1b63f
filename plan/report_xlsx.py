"""The annual report's appendix as XLSX: the same data as the PDF, in tables.

Data in (``report_data.annual_report_data``), bytes out; no ORM queries.
"""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from core.cells import cell_value

from .report_text import COMPLETED, ENROLLED, NO_TARGET, TRAINED

BOLD = Font(bold=True)


def _sheet(workbook, title: str, heading: str, header: list, rows: list) -> None:
    sheet = workbook.create_sheet(title=title[:31])
    sheet.append([cell_value(heading)])
    sheet["A1"].font = BOLD
    sheet.append([])
    sheet.append([cell_value(value) for value in header])
    for cell in sheet[3]:
        cell.font = BOLD
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    for row in rows:  # titles, places and names are typed by people
        sheet.append([cell_value(value) for value in row])
    sheet.column_dimensions["A"].width = 12
    sheet.column_dimensions["B"].width = 60
    sheet.freeze_panes = "A4"  # the column headings stay on screen


def render(data: dict) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    doc = data["document"]
    hc = data["headcount"]
    groups = [g["name"] for g in hc["audience_groups"]]
    title = f"{doc['type']} {doc['summary']}"
    _sheet(
        workbook,
        "Nhiệm vụ x đối tượng",
        f"{title} — Phụ lục 1: số người được đào tạo "
        "theo nhóm nhiệm vụ và nhóm đối tượng",
        ["Mã", "Nhóm nhiệm vụ", *groups, "Số người", "Lượt người"],
        [
            [t["code"], t["title"], *t["cells"], t["persons"], t["person_courses"]]
            for t in hc["task_groups"]
        ]
        + [
            [
                "",
                "Tổng cộng (người, không trùng lặp)",
                *hc["total_cells"],
                hc["total_persons"],
                hc["total_person_courses"],
            ],
        ]
        + (
            [
                ["", "Chỉ tiêu", *hc["target_cells"], hc["target_total"], ""],
                ["", "Tỷ lệ đạt (%)", *hc["percent_cells"], hc["target_percent"], ""],
            ]
            if hc.get("target_set", True)
            else [["", "Chỉ tiêu", NO_TARGET]]
        ),
    )
    _sheet(
        workbook,
        "Theo năm",
        "Phụ lục 2: số người được đào tạo theo năm, so với chỉ tiêu",
        ["Năm", "Số người", "Chỉ tiêu", "Tỷ lệ đạt (%)"],
        [[r["year"], r["persons"], r["target"], r["percent"]] for r in data["by_year"]],
    )
    _sheet(
        workbook,
        "Khóa học",
        "Phụ lục 3: khóa học có học viên trong kỳ",
        ["TT", "Khóa học", "Trình độ", ENROLLED, COMPLETED, TRAINED],
        [
            [i, c["title"], c["level"], c["enrolled"], c["completed"], c["trained"]]
            for i, c in enumerate(data["courses"]["courses"], 1)
        ],
    )
    _sheet(
        workbook,
        "Lớp tập huấn",
        "Phụ lục 4: lớp tập huấn đã tổ chức",
        [
            "TT",
            "Lớp tập huấn",
            "Khóa học",
            "Từ ngày",
            "Đến ngày",
            "Địa điểm",
            "Học viên",
        ],
        [
            [
                i,
                c["title"],
                c["course"],
                c["start"],
                c["end"],
                c["place"],
                c["enrolled"],
            ]
            for i, c in enumerate(data["courses"]["classes"], 1)
        ],
    )
    certs = data["certificates"]
    _sheet(
        workbook,
        "Chứng chỉ",
        f"Phụ lục 5: chứng chỉ đã cấp (còn hiệu lực: {certs['total']}, "
        f"thu hồi: {certs['revoked']}, cấp lại: {certs.get('reissued', 0)})",
        ["TT", "Khóa học", "Số chứng chỉ"],
        [[i, r["course"], r["count"]] for i, r in enumerate(certs["rows"], 1)],
    )
    for ind in data["indicators"]:
        _sheet(
            workbook,
            f"Chỉ tiêu {ind['code']}",
            f"Chỉ tiêu {ind['code']}: {ind['indicator']} "
            f"(mục tiêu {ind['target_min']}–{ind['target_max']}%/năm; bình quân "
            f"đạt {ind['average_growth']}%/năm)"
            + (" — số liệu minh họa" if ind["demo"] else ""),
            ["Năm", *ind["kinds"], "Tổng", "Tăng so với năm trước (%)"],
            [[r["year"], *r["by_kind"], r["total"], r["growth"]] for r in ind["rows"]],
        )
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()
