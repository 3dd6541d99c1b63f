"""One place that decides whether an uploaded file may enter the platform.

Every upload view and form (documents, CSV/XLSX learner imports, GIFT/Aiken
question banks, images) calls ``validate_upload(file, kind=...)`` or uses
``UploadValidator(kind)`` as a form-field validator, and saves accepted files
with ``upload_store`` (Django's storage API, under ``uploads/``: never a static
or executable path, never the client's file name).

A file is accepted when
- its size is within the kind's limit,
- its extension is one the kind allows,
- its first bytes match that extension (magic numbers; text kinds must not be
  binary), so a renamed executable or HTML page is refused,
- for ZIP containers (XLSX, DOCX, …): the entry count, the total uncompressed
  size and each entry's compression ratio are bounded (ZIP bombs), no entry
  escapes the archive (``..``/absolute names), XML parts declare no entities
  (billion-laughs) and the parts the format needs are present.

Limits can be tightened or loosened per deployment with the ``UPLOAD_LIMITS``
setting: ``{"spreadsheet": {"max_bytes": ...}, ...}``.
"""

from __future__ import annotations

import os
import secrets
import zipfile
from dataclasses import dataclass, replace

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.utils.deconstruct import deconstructible
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

MB = 1024 * 1024

# Leading bytes of the binary formats the platform accepts.
_PDF = (b"%PDF-",)
_ZIP = (b"PK\x03\x04",)
_OLE = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",)  # legacy .doc/.xls/.ppt
SIGNATURES: dict[str, tuple[bytes, ...]] = {
    "pdf": _PDF,
    "zip": _ZIP,
    "docx": _ZIP,
    "xlsx": _ZIP,
    "pptx": _ZIP,
    "odt": _ZIP,
    "ods": _ZIP,
    "doc": _OLE,
    "xls": _OLE,
    "ppt": _OLE,
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "gif": (b"GIF87a", b"GIF89a"),
    "webp": (b"RIFF",),
}
TEXT_EXTENSIONS = {"csv", "txt", "gift", "aiken", "xml"}
# Parts that must be inside a genuine Office Open XML / OpenDocument file.
REQUIRED_PARTS = {
    "xlsx": ("[Content_Types].xml", "xl/workbook.xml"),
    "docx": ("[Content_Types].xml", "word/document.xml"),
    "pptx": ("[Content_Types].xml", "ppt/presentation.xml"),
    "odt": ("mimetype", "content.xml"),
    "ods": ("mimetype", "content.xml"),
}
# Markers of active content that must never arrive disguised as text.
_ACTIVE_TEXT = (b"<script", b"<html", b"<!doctype html", b"<?php", b"#!/")


@dataclass(frozen=True)
class UploadKind:
    name: str
    extensions: frozenset[str]
    max_bytes: int
    max_entries: int = 10_000
    max_uncompressed: int = 200 * MB
    max_ratio: int = 200


DOCUMENT = UploadKind(
    "document",
    frozenset({"pdf", "docx", "doc", "xlsx", "pptx", "odt", "txt", "zip"}),
    max_bytes=50 * MB,
)
SPREADSHEET = UploadKind(
    "spreadsheet",
    frozenset({"csv", "xlsx"}),
    max_bytes=10 * MB,
    max_entries=500,
    max_uncompressed=100 * MB,
)
QUESTION_BANK = UploadKind(
    "question_bank", frozenset({"txt", "gift", "aiken"}), max_bytes=2 * MB
)
# Moodle XML question banks (read streamed, see quizzes.moodle_xml).
MOODLE_XML = UploadKind("moodle_xml", frozenset({"xml"}), max_bytes=256 * MB)
IMAGE = UploadKind(
    "image", frozenset({"png", "jpg", "jpeg", "gif", "webp"}), max_bytes=10 * MB
)
KINDS = {
    kind.name: kind
    for kind in (DOCUMENT, SPREADSHEET, QUESTION_BANK, MOODLE_XML, IMAGE)
}


def upload_kind(name: str) -> UploadKind:
    """The kind with this deployment's ``UPLOAD_LIMITS`` applied."""
    kind = KINDS[name]
    overrides = getattr(settings, "UPLOAD_LIMITS", {}).get(name, {})
    return replace(kind, **overrides) if overrides else kind


def _extension(filename: str) -> str:
    return os.path.splitext(filename or "")[1].lower().lstrip(".")


def _read_head(file, size: int = 8192) -> bytes:
    position = file.tell() if hasattr(file, "tell") else 0
    file.seek(0)
    head = file.read(size)
    file.seek(position)
    return head if isinstance(head, bytes) else head.encode("utf-8")


def _file_size(file) -> int:
    size = getattr(file, "size", None)
    if size is None:
        position = file.tell()
        file.seek(0, os.SEEK_END)
        size = file.tell()
        file.seek(position)
    return size


def validate_upload(file, *, kind: str | UploadKind) -> str:
    """Refuse ``file`` with a clear ValidationError unless it is a safe ``kind``.

    Returns the (lower-case) extension, which callers use to pick a parser.
    """
    kind = upload_kind(kind) if isinstance(kind, str) else kind
    name = getattr(file, "name", "") or ""
    extension = _extension(name)
    if extension not in kind.extensions:
        raise ValidationError(
            _("Files of type “%(ext)s” are not accepted here. Allowed: %(allowed)s.")
            % {"ext": extension or "?", "allowed": ", ".join(sorted(kind.extensions))},
            code="extension",
        )
    size = _file_size(file)
    if size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    if size > kind.max_bytes:
        raise ValidationError(
            _("The file is too large (%(size)s MB); the limit is %(limit)s MB.")
            % {"size": round(size / MB, 1), "limit": round(kind.max_bytes / MB, 1)},
            code="size",
        )
    head = _read_head(file)
    if extension in TEXT_EXTENSIONS:
        _check_text(head)
    else:
        _check_signature(head, extension)
    if SIGNATURES.get(extension) == _ZIP:
        _check_zip(file, extension, kind)
    return extension


def _check_text(head: bytes) -> None:
    if b"\x00" in head or any(head.startswith(sig) for sig in _binary_signatures()):
        raise ValidationError(
            _("This file is not a text file; save it as plain text and try again."),
            code="content",
        )
    lowered = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if any(lowered.startswith(marker) for marker in _ACTIVE_TEXT):
        raise ValidationError(
            _("This file contains a web page or a script, not data."), code="content"
        )


def _binary_signatures():
    for signatures in SIGNATURES.values():
        yield from signatures


def _check_signature(head: bytes, extension: str) -> None:
    signatures = SIGNATURES.get(extension, ())
    ok = any(head.startswith(sig) for sig in signatures)
    if extension == "webp":
        ok = ok and head[8:12] == b"WEBP"
    if not ok:
        raise ValidationError(
            _("The file's content does not match its “.%(ext)s” extension.")
            % {"ext": extension},
            code="content",
        )


def _check_zip(file, extension: str, kind: UploadKind) -> None:
    invalid = ValidationError(
        _("The file is damaged or is not a genuine “.%(ext)s” file.")
        % {"ext": extension},
        code="content",
    )
    bomb = ValidationError(
        _("The file expands to too much data to be processed safely."), code="bomb"
    )
    position = file.tell()
    file.seek(0)
    try:
        archive = zipfile.ZipFile(file)
        infos = archive.infolist()
        if len(infos) > kind.max_entries:
            raise bomb
        total = 0
        for info in infos:
            member = info.filename.replace("\\", "/")
            if member.startswith("/") or ".." in member.split("/"):
                raise invalid
            total += info.file_size
            ratio = info.file_size / max(info.compress_size, 1)
            if total > kind.max_uncompressed or (
                info.file_size > MB and ratio > kind.max_ratio
            ):
                raise bomb
        names = set(archive.namelist())
        if any(part not in names for part in REQUIRED_PARTS.get(extension, ())):
            raise invalid
        for info in infos:
            if info.filename.endswith((".xml", ".rels")):
                with archive.open(info) as part:
                    start = part.read(4096)
                if b"<!ENTITY" in start or b"<!DOCTYPE" in start:
                    raise invalid
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError) as exc:
        raise invalid from exc
    finally:
        file.seek(position)


@deconstructible
class UploadValidator:
    """Form-field / model-field validator: ``validators=[UploadValidator("image")]``."""

    def __init__(self, kind: str):
        self.kind = kind

    def __call__(self, file) -> None:
        validate_upload(file, kind=self.kind)

    def __eq__(self, other) -> bool:
        return isinstance(other, UploadValidator) and other.kind == self.kind


def upload_store(file, *, kind: str, folder: str, storage=None) -> str:
    """Validate and save ``file`` under ``uploads/<folder>/`` with a random name.

    Returns the storage name. The client's file name only contributes a cleaned
    stem, so nothing the client sends decides where the file lands.
    """
    extension = validate_upload(file, kind=kind)
    storage = storage or default_storage
    stem = get_valid_filename(os.path.splitext(os.path.basename(file.name))[0])[:40]
    name = f"uploads/{folder}/{secrets.token_hex(8)}-{stem or 'file'}.{extension}"
    file.seek(0)
    return storage.save(name, file)
