"""The annual report (or review) as a PDF in the layout of Decree 30/2020/NĐ-CP.

Data in (``report_data.annual_report_data``), bytes out; no ORM queries here.
This module writes the body: the opening paragraph, "I. KẾT QUẢ THỰC HIỆN" with
headcount, courses and classes, certificates and indicators II.4/II.5, the
free-text sections (results, difficulties, proposals), the note on definitions
and the closing line. The page furniture (margins, fonts, styles, header block,
"Nơi nhận:" and signer, page numbers) is in ``plan.pdf_layout``.
"""

from __future__ import annotations

from reportlab.platypus import Spacer

from .pdf_layout import (
    build,
    closing,
    grid_table,
    header,
    number,
    para,
    paragraphs,
    percent,
    styles,
)


def _headcount_section(data: dict, st) -> list:
    hc = data["headcount"]
    period = _period(data)
    out = [
        para("1. Kết quả đào tạo, bồi dưỡng về sở hữu trí tuệ", st["h2"]),
        para(
            f"{period.capitalize()}, {number(hc['total_persons'])} người được đào tạo, "
            f"bồi dưỡng ({number(hc['total_person_courses'])} lượt người "
            "theo khóa học), "
            f"đạt {percent(hc['target_percent'])} chỉ tiêu "
            f"({number(hc['target_total'])} người).",
            st["body"],
        ),
        para("a) Theo nhóm đối tượng, so với chỉ tiêu", st["h3"]),
    ]
    rows = [["TT", "Nhóm đối tượng", "Số người được đào tạo", "Chỉ tiêu", "Tỷ lệ đạt"]]
    for i, group in enumerate(hc["audience_groups"], 1):
        rows.append(
            [
                str(i),
                group["name"],
                number(hc["total_cells"][i - 1]),
                number(hc["target_cells"][i - 1]),
                percent(hc["percent_cells"][i - 1]),
            ]
        )
    rows.append(
        [
            "",
            "Tổng cộng (người, không trùng lặp)",
            number(hc["total_persons"]),
            number(hc["target_total"]),
            percent(hc["target_percent"]),
        ]
    )
    out.append(grid_table(rows, [0.07, 0.45, 0.18, 0.14, 0.16], st, bold_last=True))
    out += [
        Spacer(1, 4),
        para("b) Theo nhóm nhiệm vụ của Kế hoạch (Mục III)", st["h3"]),
    ]
    rows = [["Mã", "Nhóm nhiệm vụ", "Số người", "Lượt người"]]
    for task in hc["task_groups"]:
        rows.append(
            [
                task["code"],
                task["title"],
                number(task["persons"]),
                number(task["person_courses"]),
            ]
        )
    out.append(grid_table(rows, [0.1, 0.6, 0.15, 0.15], st))
    if len(data["by_year"]) > 1:
        out += [Spacer(1, 4), para("c) Theo năm, so với chỉ tiêu", st["h3"])]
        rows = [["Năm", "Số người được đào tạo", "Chỉ tiêu", "Tỷ lệ đạt"]]
        for row in data["by_year"]:
            rows.append(
                [
                    str(row["year"]),
                    number(row["persons"]),
                    number(row["target"]),
                    percent(row["percent"]),
                ]
            )
        out.append(grid_table(rows, [0.16, 0.34, 0.25, 0.25], st))
    return out


def _courses_section(data: dict, st) -> list:
    courses = data["courses"]
    out = [para("2. Các khóa học và lớp tập huấn đã tổ chức", st["h2"])]
    if courses["courses"]:
        rows = [
            ["TT", "Khóa học", "Trình độ", "Ghi danh", "Hoàn thành", "Được đào tạo"]
        ]
        for i, c in enumerate(courses["courses"], 1):
            rows.append(
                [
                    str(i),
                    c["title"],
                    c["level"],
                    number(c["enrolled"]),
                    number(c["completed"]),
                    number(c["trained"]),
                ]
            )
        out.append(grid_table(rows, [0.07, 0.43, 0.14, 0.12, 0.12, 0.12], st))
    else:
        out.append(
            para("Không có khóa học nào có học viên trong kỳ báo cáo.", st["body"])
        )
    if courses["classes"]:
        out += [Spacer(1, 4), para("Các lớp tập huấn:", st["h3"])]
        rows = [["TT", "Lớp tập huấn", "Thời gian", "Địa điểm", "Học viên"]]
        for i, c in enumerate(courses["classes"], 1):
            rows.append(
                [
                    str(i),
                    f"{c['title']} ({c['course']})",
                    f"{c['start']} - {c['end']}",
                    c["place"],
                    number(c["enrolled"]),
                ]
            )
        out.append(grid_table(rows, [0.07, 0.43, 0.2, 0.18, 0.12], st))
    return out


def _certificates_section(data: dict, st) -> list:
    certs = data["certificates"]
    out = [
        para("3. Chứng chỉ đã cấp", st["h2"]),
        para(
            f"Đã cấp {number(certs['total'])} giấy chứng nhận còn hiệu lực"
            + (f"; thu hồi {number(certs['revoked'])}" if certs["revoked"] else "")
            + ".",
            st["body"],
        ),
    ]
    if certs["rows"]:
        rows = [["TT", "Khóa học", "Số chứng chỉ"]]
        for i, r in enumerate(certs["rows"], 1):
            rows.append([str(i), r["course"], number(r["count"])])
        out.append(grid_table(rows, [0.08, 0.72, 0.2], st))
    return out


def _indicator_section(data: dict, st) -> list:
    out = [para("4. Kết quả thực hiện các chỉ tiêu về đơn đăng ký", st["h2"])]
    for ind in data["indicators"]:
        target = (
            f"{number(ind['target_min'])}%"
            if ind["target_min"] == ind["target_max"]
            else f"{number(ind['target_min'])} - {number(ind['target_max'])}%"
        )
        verdict = (
            "chưa đủ số liệu để đánh giá"
            if ind["met"] is None
            else ("đạt chỉ tiêu" if ind["met"] else "chưa đạt chỉ tiêu")
        )
        out.append(
            para(
                f"Chỉ tiêu {ind['code']}: {ind['indicator']} tăng trung bình "
                f"{target}/năm. Tăng trưởng bình quân từ năm "
                f"{ind['rows'][0]['year']}: {percent(ind['average_growth'])}/năm, "
                f"{verdict}.",
                st["body"],
            )
        )
        head = ["Năm", *ind["kinds"], "Tổng", "Tăng so với năm trước"]
        rows = [head]
        for row in ind["rows"]:
            rows.append(
                [
                    str(row["year"]),
                    *[number(v) for v in row["by_kind"]],
                    number(row["total"]),
                    percent(row["growth"]),
                ]
            )
        n = len(ind["kinds"])
        kind_width = 0.56 / n
        out.append(grid_table(rows, [0.1, *([kind_width] * n), 0.14, 0.2], st))
        if ind["demo"]:
            out.append(para("Ghi chú: số liệu minh họa (dữ liệu demo).", st["note"]))
        out.append(Spacer(1, 4))
    return out


def _period(data: dict) -> str:
    if data["first_year"] == data["year"]:
        return f"năm {data['year']}"
    return f"giai đoạn {data['first_year']} - {data['year']}"


def render(data: dict) -> bytes:
    """The report PDF for ``data`` (see ``report_data.annual_report_data``)."""
    st = styles()
    doc = data["document"]
    plan = data["plan"]
    story = header(doc, st)
    if doc.get("addressee"):
        story.append(para(f"Kính gửi: {doc['addressee']}", st["center13"]))
        story.append(Spacer(1, 8))
    subject = plan["title"]
    if subject.lower().startswith("kế hoạch "):
        subject = subject[len("kế hoạch ") :]
    story.append(
        para(
            f"Thực hiện Kế hoạch số {plan['number']} {plan['issued_on_text']} của "
            f"{plan['issuer_short']} {subject}, {doc['issuing_body_name']} "
            f"báo cáo kết quả thực hiện {_period(data)} như sau:",
            st["body"],
        )
    )
    story.append(para("I. KẾT QUẢ THỰC HIỆN", st["h1"]))
    story += _headcount_section(data, st)
    story += _courses_section(data, st)
    story += _certificates_section(data, st)
    story += _indicator_section(data, st)
    story.append(para("5. Đánh giá chung", st["h2"]))
    story += paragraphs(data["sections"]["results"], st, "(Chưa có nội dung.)")
    story.append(para("II. KHÓ KHĂN, VƯỚNG MẮC", st["h1"]))
    story += paragraphs(data["sections"]["difficulties"], st, "Không có.")
    story.append(para("III. ĐỀ XUẤT, KIẾN NGHỊ", st["h1"]))
    story += paragraphs(data["sections"]["proposals"], st, "Không có.")
    story.append(
        para(
            f"Ghi chú: {data['definitions']['trained']} "
            f"{data['definitions']['counting']} "
            f"{data['definitions'].get('units', '')}",
            st["note"],
        )
    )
    changed = data.get("implementing_units_today") or []
    if changed:
        # Section V names bodies that the 2025 reorganisation merged or ended.
        items = "; ".join(
            f"{row['unit']} (nay: {', '.join(row['successors'])})"
            if row["successors"]
            else f"{row['unit']} (không còn tồn tại)"
            for row in changed
        )
        story.append(para(f"Đơn vị tại Mục V sau sắp xếp: {items}.", st["note"]))
    story.append(
        para(
            f"Trên đây là báo cáo kết quả thực hiện Kế hoạch số {plan['number']} "
            f"{_period(data)} của {doc['issuing_body_name']}./.",
            st["body"],
        )
    )
    story += closing(doc, st)
    return build(
        story, title=f"{doc['type']} {doc['summary']}", author=doc["issuing_body"]
    )
