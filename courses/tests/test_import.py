"""Bulk enrolment from CSV/XLSX: parsing, checking, preview, import, command."""

import io
import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError

from accounts.models import User
from accounts.roles import Role
from accounts.selectors import UnitScope
from courses.importing import (
    EXISTING,
    NEW,
    decode,
    learner_file_parse,
)
from courses.models import Enrollment, LearnerImport
from tests.factories import (
    AudienceGroupFactory,
    CommuneFactory,
    UnitFactory,
    UserFactory,
)

from .factories import encode_cp1258

pytestmark = pytest.mark.django_db

HEADER = "Họ và tên,Email,Nhóm đối tượng,Đơn vị,Xã/phường,Chức vụ\n"


@pytest.fixture
def directory():
    return {
        "group": AudienceGroupFactory(
            code="can-bo-quan-ly", name="Cán bộ quản lý nhà nước"
        ),
        "unit": UnitFactory(code="so-khcn", name="Sở Khoa học và Công nghệ"),
        "other_unit": UnitFactory(code="ubnd-vi-thanh", name="UBND thành phố Vị Thanh"),
        "commune": CommuneFactory(code="phuong-v", name="Phường V"),
    }


def rows(*lines: str) -> str:
    return HEADER + "".join(line + "\n" for line in lines)


GOOD = rows(
    "Nguyễn Thị Hồng Nhung,nhung@example.vn,can-bo-quan-ly,so-khcn,phuong-v,"
    "Chuyên viên",
    "Trần Văn Đức,duc@example.vn,Cán bộ quản lý nhà nước,Sở Khoa học và Công nghệ,,"
    "Phó phòng",
)


def parse(text_or_bytes, filename="hoc-vien.csv", **kwargs):
    raw = (
        text_or_bytes.encode("utf-8")
        if isinstance(text_or_bytes, str)
        else text_or_bytes
    )
    return learner_file_parse(raw, filename=filename, **kwargs)


# --- reading files ---------------------------------------------------------------


def test_a_good_utf8_file_gives_one_new_account_per_row(directory):
    result = parse(GOOD)
    assert result.file_errors == []
    assert [row.status for row in result.rows] == [NEW, NEW]
    assert [row.line for row in result.rows] == [2, 3]
    assert result.rows[0].full_name == "Nguyễn Thị Hồng Nhung"
    assert result.rows[1].unit_id == directory["unit"].pk
    assert result.encoding == "UTF-8"


def test_utf8_with_bom_is_read(directory):
    result = parse(b"\xef\xbb\xbf" + GOOD.encode("utf-8"))
    assert result.encoding == "UTF-8 (BOM)"
    assert result.rows[0].full_name == "Nguyễn Thị Hồng Nhung"
    assert len(result.valid_rows) == 2


def test_windows_1258_is_detected_and_names_come_out_exactly(directory):
    raw = encode_cp1258(GOOD)
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    result = parse(raw)
    assert result.encoding == "Windows-1258"
    assert result.rows[0].full_name == "Nguyễn Thị Hồng Nhung"
    assert result.rows[1].full_name == "Trần Văn Đức"
    assert len(result.valid_rows) == 2


def test_an_unknown_encoding_is_refused_with_a_clear_message(directory):
    raw = "Họ tên;Thư".encode("utf-16-le")  # no BOM: neither UTF-8 nor Vietnamese 1258
    result = parse(raw + b"\x81\x8d\x8f")
    assert result.rows == []
    assert "UTF-8" in result.file_errors[0]


def test_decode_recognises_the_three_encodings():
    assert decode("Đức".encode())[1] == "utf-8"
    assert decode(b"\xef\xbb\xbf" + "Đức".encode())[1] == "utf-8-sig"
    assert decode(encode_cp1258("Đức Hồng")) == ("Đức Hồng", "cp1258")


def test_semicolon_separated_files_from_excel_are_read(directory):
    result = parse(GOOD.replace(",", ";"))
    assert len(result.valid_rows) == 2


def test_wrong_columns_are_named(directory):
    result = parse("Tên,Điện thoại\nA,0123\n")
    assert result.rows == []
    assert "Missing" in result.file_errors[0] or "Thiếu" in result.file_errors[0]


def test_english_headers_are_accepted(directory):
    english = (
        "full name,e-mail,audience group,unit,commune,position\n"
        + GOOD.split("\n", 1)[1]
    )
    assert len(parse(english).valid_rows) == 2


def test_an_empty_file_is_refused(directory):
    assert parse(b"").file_errors


def test_a_header_without_rows_is_refused(directory):
    assert parse(HEADER).file_errors


def test_a_broken_xlsx_is_refused_clearly(directory):
    result = parse(b"PK\x03\x04 not really a zip", filename="hoc-vien.xlsx")
    assert "XLSX" in result.file_errors[0]


def test_an_xlsx_file_is_read(directory):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    for line in GOOD.strip().split("\n"):
        sheet.append(line.split(","))
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = parse(buffer.getvalue(), filename="hoc-vien.xlsx")
    assert result.encoding == "XLSX"
    assert [row.full_name for row in result.valid_rows] == [
        "Nguyễn Thị Hồng Nhung",
        "Trần Văn Đức",
    ]


# --- checking rows -----------------------------------------------------------------


def test_bad_rows_get_their_line_number_and_reason(directory):
    result = parse(
        rows(
            "Nguyễn Văn A,a@example.vn,can-bo-quan-ly,so-khcn,,Chuyên viên",
            "Nguyễn Văn B,khong-phai-email,can-bo-quan-ly,so-khcn,,Chuyên viên",
            "Nguyễn Văn C,A@example.vn,can-bo-quan-ly,so-khcn,,Chuyên viên",
            ",c@example.vn,nhom-la,don-vi-la,xa-la,",
        )
    )
    by_line = {row.line: row for row in result.rows}
    assert by_line[2].status == NEW
    assert (
        "not a valid e-mail" in by_line[3].errors[0] or "hợp lệ" in by_line[3].errors[0]
    )
    assert "line 2" in by_line[4].errors[0] or "dòng 2" in by_line[4].errors[0]
    reasons = " ".join(by_line[5].errors)
    for fragment in ("nhom-la", "don-vi-la", "xa-la"):
        assert fragment in reasons
    assert len(by_line[5].errors) == 5  # name, group, unit, commune, position
    assert len(result.rejected_rows) == 3


def test_an_existing_account_is_recognised(directory):
    UserFactory(email="nhung@example.vn")
    result = parse(GOOD)
    assert [row.status for row in result.rows] == [EXISTING, NEW]


def test_ambiguous_names_ask_for_the_code(directory):
    CommuneFactory(code="phuong-v-nga-bay", name="Phường V")
    result = parse(
        rows("Lê Văn Tám,tam@example.vn,can-bo-quan-ly,so-khcn,Phường V,Chuyên viên")
    )
    assert "code" in result.rows[0].errors[0] or "mã" in result.rows[0].errors[0]


def test_a_focal_point_may_import_only_people_of_their_unit(directory):
    result = parse(
        rows(
            "Lê Văn Tám,tam@example.vn,can-bo-quan-ly,so-khcn,,Chuyên viên",
            "Lê Văn Chín,chin@example.vn,can-bo-quan-ly,ubnd-vi-thanh,,Chuyên viên",
        ),
        scope=UnitScope([directory["other_unit"]]),
    )
    assert not result.rows[0].ok
    assert result.rows[1].ok


def test_a_focal_point_cannot_take_over_an_account_of_another_unit(directory):
    UserFactory(email="tam@example.vn", profile={"unit": directory["unit"]})
    result = parse(
        rows("Lê Văn Tám,tam@example.vn,can-bo-quan-ly,ubnd-vi-thanh,,Chuyên viên"),
        scope=UnitScope([directory["other_unit"]]),
    )
    assert not result.rows[0].ok


# --- preview and confirm in the admin ---


def upload(client, content: str | bytes, name="hoc-vien.csv", **data):
    raw = content.encode("utf-8") if isinstance(content, str) else content
    file = io.BytesIO(raw)
    file.name = name
    return client.post("/admin/courses/import/", {"file": file, **data})


def test_preview_then_confirm_imports_valid_rows_and_invites_new_people(
    client, editor, directory, course, django_capture_on_commit_callbacks
):
    existing = UserFactory(email="nhung@example.vn")
    client.force_login(editor)
    response = upload(
        client,
        GOOD + "Sai,sai,x,y,,z\n",
        course=course.pk,
    )
    assert response.status_code == 302
    preview_url = response["Location"]
    preview = client.get(preview_url).content.decode()
    assert "Trần Văn Đức" in preview and "sai" in preview
    assert not User.objects.filter(email="duc@example.vn").exists()  # nothing yet
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(preview_url)
    learner_import = LearnerImport.objects.get()
    assert learner_import.status == "done" and learner_import.done == 2
    duc = User.objects.get(email="duc@example.vn")
    assert duc.profile.full_name == "Trần Văn Đức"
    assert not duc.has_usable_password()
    assert Enrollment.objects.filter(course=course, status="active").count() == 2
    assert Enrollment.objects.get(user=existing).invited_by == editor
    invitations = [m for m in mail.outbox if m.to == ["duc@example.vn"]]
    assert len(invitations) == 1
    link = re.search(
        r"http://testserver(/accounts/password/reset/key/\S+)", invitations[0].body
    )
    assert link, invitations[0].body
    # The link lets the new learner choose a password and sign in.
    from django.test import Client

    browser = Client()
    page = browser.get(link.group(1), follow=True)
    assert page.status_code == 200
    form_url = page.redirect_chain[-1][0] if page.redirect_chain else link.group(1)
    done = browser.post(
        form_url, {"password1": "mật-khẩu-mới-2026", "password2": "mật-khẩu-mới-2026"}
    )
    assert done.status_code == 302
    duc.refresh_from_db()
    assert duc.check_password("mật-khẩu-mới-2026")


def test_confirming_twice_imports_once(client, editor, directory):
    client.force_login(editor)
    preview_url = upload(client, GOOD)["Location"]
    client.post(preview_url)
    client.post(preview_url)
    assert (
        User.objects.filter(email__in=["nhung@example.vn", "duc@example.vn"]).count()
        == 2
    )
    assert LearnerImport.objects.get().done == 2


def test_a_failure_in_the_middle_imports_nothing(
    client, editor, directory, monkeypatch
):
    from courses import imports

    original = imports._row_import
    calls = []

    def failing(row, learner_import):
        calls.append(row.line)
        if len(calls) == 2:
            raise RuntimeError("disk full")
        return original(row, learner_import)

    monkeypatch.setattr(imports, "_row_import", failing)
    client.force_login(editor)
    preview_url = upload(client, GOOD)["Location"]
    client.post(preview_url)
    learner_import = LearnerImport.objects.get()
    assert learner_import.status == "failed" and "disk full" in learner_import.error
    assert not User.objects.filter(email="nhung@example.vn").exists()


def test_a_large_file_runs_as_a_task_with_a_status_endpoint(
    client, editor, directory, django_capture_on_commit_callbacks
):
    lines = [
        f"Học Viên Số {n},hv{n}@example.vn,can-bo-quan-ly,so-khcn,,Chuyên viên"
        for n in range(250)
    ]
    client.force_login(editor)
    preview_url = upload(client, rows(*lines))["Location"]
    learner_import = LearnerImport.objects.get()
    assert learner_import.total == 250
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.post(preview_url)
    learner_import.refresh_from_db()
    assert learner_import.status == "queued"  # waiting for the Celery task
    status = client.get(f"/admin/courses/import/{learner_import.pk}/status/").json()
    assert status["finished"] is False and status["total"] == 250
    assert 'data-status-url="' in client.get(preview_url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        for callback in callbacks:
            callback()  # Celery is eager in tests: the task runs here
    status = client.get(f"/admin/courses/import/{learner_import.pk}/status/").json()
    assert status == {
        "status": "done",
        "status_label": "Xong",
        "done": 250,
        "total": 250,
        "percent": 100,
        "finished": True,
        "error": "",
        "download_url": None,
    }
    assert User.objects.filter(email__startswith="hv").count() == 250


def test_a_focal_point_imports_people_of_their_unit_only(client, directory):
    focal = UserFactory(
        role=Role.UNIT_FOCAL_POINT, profile={"unit": directory["other_unit"]}
    )
    client.force_login(focal)
    preview_url = upload(client, GOOD)["Location"]
    html = client.get(preview_url).content.decode()
    assert "UBND thành phố Vị Thanh" in html or "your unit" in html or "đơn vị" in html
    learner_import = LearnerImport.objects.get()
    assert learner_import.total == 0  # both rows are of another unit


def test_another_editor_cannot_see_my_import(client, editor, directory):
    client.force_login(editor)
    preview_url = upload(client, GOOD)["Location"]
    client.force_login(UserFactory(role=Role.EDITOR))
    assert client.get(preview_url).status_code == 403


def test_a_non_csv_upload_is_refused_by_the_form(client, editor, directory):
    client.force_login(editor)
    response = upload(client, b"%PDF-1.4", name="danh-sach.pdf")
    assert response.status_code == 200
    assert not LearnerImport.objects.exists()


# --- command line ------------------------------------------------------------------


def write(tmp_path, text: str | bytes, name="hoc-vien.csv"):
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return str(path)


def test_the_command_imports_and_prints_a_report(tmp_path, directory, course, capsys):
    call_command("import_learners", write(tmp_path, GOOD), "--course", course.slug)
    out = capsys.readouterr().out
    assert "line 2" in out or "dòng 2" in out
    assert User.objects.filter(email="duc@example.vn").exists()
    assert Enrollment.objects.filter(course=course).count() == 2


def test_the_command_dry_run_imports_nothing(tmp_path, directory):
    call_command("import_learners", write(tmp_path, GOOD), "--dry-run")
    assert not User.objects.filter(email="duc@example.vn").exists()


def test_the_command_exits_non_zero_when_a_row_is_rejected(tmp_path, directory, capsys):
    path = write(tmp_path, GOOD + "Sai,sai,x,y,,z\n")
    with pytest.raises(CommandError) as error:
        call_command("import_learners", path)
    assert error.value.returncode == 1
    out = capsys.readouterr().out
    assert "line 4" in out or "dòng 4" in out
    # The valid rows were imported.
    assert User.objects.filter(email="duc@example.vn").exists()


def test_the_command_reads_windows_1258(tmp_path, directory):
    call_command("import_learners", write(tmp_path, encode_cp1258(GOOD)))
    assert User.objects.get(email="duc@example.vn").profile.full_name == "Trần Văn Đức"


def test_the_command_enrols_in_a_class(tmp_path, directory, course):
    from .factories import class_make

    training_class = class_make(course)
    call_command(
        "import_learners", write(tmp_path, GOOD), "--class", str(training_class.pk)
    )
    assert Enrollment.objects.filter(training_class=training_class).count() == 2


def test_the_command_refuses_an_unknown_course(tmp_path, directory):
    with pytest.raises(CommandError):
        call_command("import_learners", write(tmp_path, GOOD), "--course", "khong-co")
