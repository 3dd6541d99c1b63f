"""Uploads are checked by type, content and size before anything reads them.

``core.uploads`` is the one validator every upload path uses; these tests feed
it genuine files, renamed files, oversized files and ZIP/XLSX bombs.
"""

import io
import zipfile
from dataclasses import replace

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import InMemoryStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook
from PIL import Image

from core.uploads import (
    MB,
    SPREADSHEET,
    UploadValidator,
    upload_store,
    validate_upload,
)


def xlsx_bytes(rows=(("full_name", "email"), ("Nguyễn Văn A", "a@example.vn"))):
    workbook = Workbook()
    for row in rows:
        workbook.active.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def png_bytes():
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, "PNG")
    return buffer.getvalue()


def upload(name, content):
    return SimpleUploadedFile(name, content)


def bomb_xlsx(entry_mb: int) -> bytes:
    """A genuine-looking XLSX with one sheet of ``entry_mb`` MB of zeros."""
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(xlsx_bytes())) as source,
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            target.writestr(info, source.read(info))
        with target.open("xl/worksheets/huge.bin", "w") as entry:
            chunk = b"\0" * MB
            for _ in range(entry_mb):
                entry.write(chunk)
    return buffer.getvalue()


def test_a_genuine_xlsx_csv_gift_pdf_and_png_are_accepted():
    xlsx = upload("ds.xlsx", xlsx_bytes())
    assert validate_upload(xlsx, kind="spreadsheet") == "xlsx"
    csv = "Họ và tên,Email\nNguyễn Văn A,a@example.vn\n".encode("utf-8-sig")
    assert validate_upload(upload("ds.csv", csv), kind="spreadsheet") == "csv"
    gift = "::Q1:: Luật SHTT ban hành năm nào? {=2005 ~2009}".encode()
    assert validate_upload(upload("bank.gift", gift), kind="question_bank") == "gift"
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"
    assert validate_upload(upload("luat.pdf", pdf), kind="document") == "pdf"
    assert validate_upload(upload("anh.png", png_bytes()), kind="image") == "png"


def test_csv_in_windows_1258_is_text_and_passes_to_the_importer():
    # Windows-1258 writes tones as combining marks after the base letter.
    content = "Ho\u0323 tên,Email\nLê Thi\u0323 B,b@example.vn\n".encode("cp1258")
    assert validate_upload(upload("ds.csv", content), kind="spreadsheet") == "csv"


@pytest.mark.parametrize(
    "name, content, kind",
    [
        ("ds.exe", b"MZ\x90\x00", "spreadsheet"),
        ("ds.html", b"<html></html>", "document"),
        ("anh.svg", b"<svg onload=alert(1)>", "image"),
        ("bank.py", b"print(1)", "question_bank"),
        ("noextension", b"abc", "spreadsheet"),
    ],
)
def test_an_extension_that_the_kind_does_not_allow_is_refused(name, content, kind):
    with pytest.raises(ValidationError) as error:
        validate_upload(upload(name, content), kind=kind)
    assert error.value.code == "extension"


@pytest.mark.parametrize(
    "name, content, kind",
    [
        ("ds.xlsx", b"MZ\x90\x00 renamed executable", "spreadsheet"),
        ("ds.xlsx", b"Name,Email\nA,a@example.vn", "spreadsheet"),
        ("luat.pdf", b"<html><script>alert(1)</script>", "document"),
        ("anh.png", b"GIF89a....", "image"),
        ("anh.jpg", b"<?php system($_GET['c']); ?>", "image"),
        ("ds.csv", b"PK\x03\x04 a zip renamed to csv", "spreadsheet"),
        ("ds.csv", b"name\x00email", "spreadsheet"),
        ("bank.gift", b"<script>alert(1)</script>", "question_bank"),
        ("bank.txt", b"\n<!DOCTYPE html><html>", "question_bank"),
        ("anh.webp", b"RIFF\x00\x00\x00\x00WAVE", "image"),
    ],
)
def test_content_that_does_not_match_its_extension_is_refused(name, content, kind):
    with pytest.raises(ValidationError) as error:
        validate_upload(upload(name, content), kind=kind)
    assert error.value.code == "content"


def test_an_empty_file_and_an_oversized_file_are_refused():
    with pytest.raises(ValidationError) as error:
        validate_upload(upload("ds.csv", b""), kind="spreadsheet")
    assert error.value.code == "empty"
    big = b"a,b\n" * (SPREADSHEET.max_bytes // 4 + 1)
    with pytest.raises(ValidationError) as error:
        validate_upload(upload("ds.csv", big), kind="spreadsheet")
    assert error.value.code == "size"
    assert "MB" in error.value.messages[0]


def test_an_xlsx_bomb_is_refused_before_any_parser_opens_it():
    """120 MB of zeros compressed to ~120 kB: the ratio check stops it."""
    content = bomb_xlsx(120)
    assert len(content) < 1 * MB
    with pytest.raises(ValidationError) as error:
        validate_upload(upload("ds.xlsx", content), kind="spreadsheet")
    assert error.value.code == "bomb"


def test_total_uncompressed_size_and_entry_count_are_bounded():
    tight = replace(SPREADSHEET, max_uncompressed=2 * MB, max_ratio=10**9)
    with pytest.raises(ValidationError) as error:
        validate_upload(upload("ds.xlsx", bomb_xlsx(3)), kind=tight)
    assert error.value.code == "bomb"
    few = replace(SPREADSHEET, max_entries=3)
    with pytest.raises(ValidationError) as error:
        validate_upload(upload("ds.xlsx", xlsx_bytes()), kind=few)
    assert error.value.code == "bomb"


def _rezip(content: bytes, extra: dict[str, bytes], drop: tuple = ()) -> bytes:
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(content)) as source,
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            if info.filename not in drop:
                target.writestr(info, source.read(info))
        for name, data in extra.items():
            target.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize(
    "extra, drop",
    [
        ({"../../etc/cron.d/x": b"* * * * * root sh"}, ()),
        ({"/abs/path.xml": b"<a/>"}, ()),
        ({}, ("xl/workbook.xml",)),
        (
            {
                "xl/laughs.xml": b'<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aa">'
                b'<!ENTITY b "&a;&a;&a;">]><l>&b;</l>'
            },
            (),
        ),
    ],
    ids=["path-traversal", "absolute-path", "not-a-workbook", "billion-laughs"],
)
def test_a_tampered_xlsx_is_refused(extra, drop):
    content = _rezip(xlsx_bytes(), extra, drop)
    with pytest.raises(ValidationError) as error:
        validate_upload(upload("ds.xlsx", content), kind="spreadsheet")
    assert error.value.code == "content"


def test_a_truncated_xlsx_is_refused_as_damaged():
    content = xlsx_bytes()[:200]
    with pytest.raises(ValidationError) as error:
        validate_upload(upload("ds.xlsx", content), kind="spreadsheet")
    assert "damaged" in error.value.messages[0] or "hỏng" in error.value.messages[0]


def test_the_validator_works_as_a_form_field_validator_and_deconstructs():
    validator = UploadValidator("image")
    validator(upload("anh.png", png_bytes()))
    with pytest.raises(ValidationError):
        validator(upload("anh.png", b"not an image"))
    assert validator == UploadValidator("image")
    assert validator.deconstruct()[0] == "core.uploads.UploadValidator"


def test_accepted_files_go_through_the_storage_api_under_a_random_name():
    storage = InMemoryStorage()
    name = upload_store(
        upload("../../static/evil name.csv", b"a,b\n1,2\n"),
        kind="spreadsheet",
        folder="imports",
        storage=storage,
    )
    assert name.startswith("uploads/imports/")
    assert ".." not in name and "static" not in name.split("/")[1]
    assert name.endswith("-evil_name.csv")
    assert storage.open(name).read() == b"a,b\n1,2\n"


def test_refused_files_are_not_stored():
    storage = InMemoryStorage()
    with pytest.raises(ValidationError):
        upload_store(
            upload("x.csv", b"MZ\x00\x00"),
            kind="spreadsheet",
            folder="imports",
            storage=storage,
        )
    assert storage.listdir("")[1] == []
