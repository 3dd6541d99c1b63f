"""The body of the annual report (or review) as blocks, for the PDF and DOCX.

Data in (``report_data.annual_report_data``), a list of blocks out: ``(style,
text)`` for a paragraph (styles: center, body, h1, h2, h3, note, gap) or
``("table", rows, widths)`` with widths as shares of the text width.
``report_pdf`` and ``report_docx`` lay out the same blocks, so both print the
same words and figures. The body: the opening paragraph, "I. KẾT QUẢ THỰC
HIỆN" with headcount, courses and classes, certificates and indicators
II.4/II.5, the free-text sections (results, difficulties, proposals), the note
on definitions and the closing line. No ORM queries here.
"""

from __future__ import annotations

from .pdf_layout import number, percent

# The metric names as the headcount report names them (pgettext "headcount
# metric" in plan/locale/vi): the report is always in Vietnamese.
ENROLLED = "Đã ghi danh"
COMPLETED = "Hoàn thành"
TRAINED = "Được đào tạo"
NO_TARGET = "chưa đặt chỉ tiêu"


def _target(value, target_set: bool) -> str:
    return number(value) if target_set and value else "-"


def _headcount(data: dict) -> list:
    hc = data["headcount"]
    target_set = hc.get("target_set", bool(hc["target_total"]))
    period = period_text(data)
    if target_set:
        against = (
            f"đạt {percent(hc['target_percent'])} chỉ tiêu "
            f"({number(hc['target_total'])} người)"
        )
    else:
        against = f"Kế hoạch {NO_TARGET} bằng số cho {period}"
    out = [
        ("h2", "1. Kết quả đào tạo, bồi dưỡng về sở hữu trí tuệ"),
        (
            "body",
            f"{period.capitalize()}, {number(hc['total_persons'])} người được "
            f"đào tạo, bồi dưỡng ({number(hc['total_person_courses'])} lượt "
            f"người theo khóa học), {against}.",
        ),
    ]
    sources = hc.get("target_sources") or []
    if target_set and sources:
        out.append(("note", "Chỉ tiêu theo: " + "; ".join(sources) + "."))
    out.append(("h3", "a) Theo nhóm đối tượng, so với chỉ tiêu"))
    rows = [["TT", "Nhóm đối tượng", "Số người được đào tạo", "Chỉ tiêu", "Tỷ lệ đạt"]]
    for i, group in enumerate(hc["audience_groups"], 1):
        rows.append(
            [
                str(i),
                group["name"],
                number(hc["total_cells"][i - 1]),
                _target(hc["target_cells"][i - 1], target_set),
                percent(hc["percent_cells"][i - 1]),
            ]
        )
    rows.append(
        [
            "",
            "Tổng cộng (người, không trùng lặp)",
            number(hc["total_persons"]),
            number(hc["target_total"]) if target_set else NO_TARGET,
            percent(hc["target_percent"]),
        ]
    )
    out.append(("table", rows, [0.07, 0.45, 0.18, 0.14, 0.16]))
    out.append(("h3", "b) Theo nhóm nhiệm vụ của Kế hoạch (Mục III)"))
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
    out.append(("table", rows, [0.1, 0.6, 0.15, 0.15]))
    if len(data["by_year"]) > 1:
        out.append(("h3", "c) Theo năm, so với chỉ tiêu"))
        rows = [["Năm", "Số người được đào tạo", "Chỉ tiêu", "Tỷ lệ đạt"]]
        for row in data["by_year"]:
            rows.append(
                [
                    str(row["year"]),
                    number(row["persons"]),
                    _target(row["target"], bool(row["target"])),
                    percent(row["percent"]),
                ]
            )
        out.append(("table", rows, [0.16, 0.34, 0.25, 0.25]))
    return out


def _courses(data: dict) -> list:
    courses = data["courses"]
    out = [("h2", "2. Các khóa học và lớp tập huấn đã tổ chức")]
    if courses["courses"]:
        rows = [["TT", "Khóa học", "Trình độ", ENROLLED, COMPLETED, TRAINED]]
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
        out.append(("table", rows, [0.07, 0.4, 0.14, 0.13, 0.13, 0.13]))
    else:
        out.append(("body", "Không có khóa học nào có học viên trong kỳ báo cáo."))
    if courses["classes"]:
        out.append(("h3", "Các lớp tập huấn:"))
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
        out.append(("table", rows, [0.07, 0.43, 0.2, 0.18, 0.12]))
    return out


def _certificates(data: dict) -> list:
    certs = data["certificates"]
    sentence = f"Đã cấp {number(certs['total'])} giấy chứng nhận còn hiệu lực"
    if certs["revoked"]:
        sentence += f"; thu hồi {number(certs['revoked'])} giấy chứng nhận"
    if certs.get("reissued"):
        sentence += f"; cấp lại (đính chính) {number(certs['reissued'])}"
    out = [("h2", "3. Chứng chỉ đã cấp"), ("body", sentence + ".")]
    if certs["rows"]:
        rows = [["TT", "Khóa học", "Số chứng chỉ"]]
        for i, r in enumerate(certs["rows"], 1):
            rows.append([str(i), r["course"], number(r["count"])])
        out.append(("table", rows, [0.08, 0.72, 0.2]))
    return out


def _indicators(data: dict) -> list:
    out = [("h2", "4. Kết quả thực hiện các chỉ tiêu về đơn đăng ký")]
    if not data["indicators"]:
        out.append(("body", "Chưa có số liệu."))
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
            (
                "body",
                f"Chỉ tiêu {ind['code']}: {ind['indicator']} tăng trung bình "
                f"{target}/năm. Tăng trưởng bình quân từ năm "
                f"{ind['rows'][0]['year']}: {percent(ind['average_growth'])}/năm, "
                f"{verdict}.",
            )
        )
        rows = [["Năm", *ind["kinds"], "Tổng", "Tăng so với năm trước"]]
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
        out.append(("table", rows, [0.1, *([0.56 / n] * n), 0.14, 0.2]))
        if ind["demo"]:
            out.append(("note", "Ghi chú: số liệu minh họa (dữ liệu demo)."))
    return out


def period_text(data: dict) -> str:
    if data["first_year"] == data["year"]:
        return f"năm {data['year']}"
    return f"giai đoạn {data['first_year']} - {data['year']}"


def _paragraphs(text: str, empty: str) -> list:
    parts = [p.strip() for p in (text or "").replace("\r", "").split("\n\n")]
    return [("body", p) for p in parts if p] or [("body", empty)]


def blocks(data: dict) -> list:
    """The report's body, from "Kính gửi" to the closing line."""
    doc = data["document"]
    plan = data["plan"]
    out: list = []
    if doc.get("addressee"):
        out.append(("center", f"Kính gửi: {doc['addressee']}"))
    subject = plan["title"]
    if subject.lower().startswith("kế hoạch "):
        subject = subject[len("kế hoạch ") :]
    out.append(
        (
            "body",
            f"Thực hiện Kế hoạch số {plan['number']} {plan['issued_on_text']} của "
            f"{plan['issuer_short']} {subject}, {doc['issuing_body_name']} "
            f"báo cáo kết quả thực hiện {period_text(data)} như sau:",
        )
    )
    out.append(("h1", "I. KẾT QUẢ THỰC HIỆN"))
    out += _headcount(data)
    out += _courses(data)
    out += _certificates(data)
    out += _indicators(data)
    out.append(("h2", "5. Đánh giá chung"))
    out += _paragraphs(data["sections"]["results"], "(Chưa có nội dung.)")
    out.append(("h1", "II. KHÓ KHĂN, VƯỚNG MẮC"))
    out += _paragraphs(data["sections"]["difficulties"], "Không có.")
    out.append(("h1", "III. ĐỀ XUẤT, KIẾN NGHỊ"))
    out += _paragraphs(data["sections"]["proposals"], "Không có.")
    as_of = data.get("as_of")
    counted = ""
    if as_of:
        y, m, d = as_of.split("-")
        counted = f" Số liệu tính đến ngày {d}/{m}/{y}."
    out.append(
        (
            "note",
            f"Ghi chú: {TRAINED}: {data['definitions']['trained']} "
            f"{data['definitions']['counting']}{counted} "
            f"{data['definitions'].get('units', '')}".rstrip(),
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
        out.append(("note", f"Đơn vị tại Mục V sau sắp xếp: {items}."))
    out.append(
        (
            "body",
            f"Trên đây là báo cáo kết quả thực hiện Kế hoạch số {plan['number']} "
            f"{period_text(data)} của {doc['issuing_body_name']}./.",
        )
    )
    return out
