"""Bulk enrolment: read a CSV/XLSX learner list, check every row, then import.

``learner_file_parse`` turns the uploaded bytes into a ``ParseResult`` with one
``RowResult`` per line (new account / existing account / error with the reason);
nothing is written. ``learner_import_create`` stores the checked rows for the
preview, and ``learner_import_confirm`` imports the valid rows in one transaction
(in a Celery task when there are more than ``SYNC_LIMIT`` of them).
"""

from __future__ import annotations

import csv
import io
import unicodedata
import zipfile
from dataclasses import asdict, dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.selectors import ALL_UNITS, as_scope
from accounts.services import clean_full_name
from directory.models import AudienceGroup, Commune, Unit
from directory.selectors import LINKS, successors_of

from .models import LIVE_STATUSES, OPEN_STATUSES, Enrollment

COLUMNS = ("full_name", "email", "audience_group", "unit", "commune", "position")
REQUIRED = ("full_name", "email", "audience_group", "unit", "position")
MAX_ROWS = 5000
SYNC_LIMIT = 200

NEW, EXISTING, ERROR = "new", "existing", "error"


def _fold(text) -> str:
    """Lower case, single spaces, no diacritics: for matching headers and names."""
    text = " ".join(unicodedata.normalize("NFC", str(text or "")).split()).lower()
    text = text.replace("đ", "d")
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


HEADER_ALIASES = {
    "full_name": ["full name", "name", "ho va ten", "ho ten", "ten"],
    "email": ["email", "e-mail", "e mail", "thu dien tu", "dia chi email"],
    "audience_group": ["audience group", "audience", "nhom doi tuong", "doi tuong"],
    "unit": ["unit", "don vi", "co quan", "don vi thuc hien"],
    "commune": ["commune", "xa", "xa/phuong", "xa phuong", "phuong/xa", "xa, phuong"],
    "position": ["position", "chuc vu", "chuc danh", "vi tri"],
}
_HEADERS = {alias: key for key, aliases in HEADER_ALIASES.items() for alias in aliases}
_HEADERS.update({key: key for key in COLUMNS})


class LearnerFileError(ValueError):
    """The file as a whole cannot be read (encoding, format, columns)."""


@dataclass
class RowResult:
    line: int
    status: str
    email: str = ""
    full_name: str = ""
    errors: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    audience_group_id: int | None = None
    unit_id: int | None = None
    commune_id: int | None = None
    position: str = ""
    user_id: int | None = None

    @property
    def ok(self) -> bool:
        return self.status != ERROR

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass
class ParseResult:
    rows: list[RowResult] = field(default_factory=list)
    file_errors: list[str] = field(default_factory=list)
    encoding: str = ""

    @property
    def valid_rows(self) -> list[RowResult]:
        return [row for row in self.rows if row.ok]

    @property
    def rejected_rows(self) -> list[RowResult]:
        return [row for row in self.rows if not row.ok]

    @property
    def counts(self) -> dict[str, int]:
        counts = {NEW: 0, EXISTING: 0, ERROR: 0}
        for row in self.rows:
            counts[row.status] += 1
        return counts


# --- reading the file -------------------------------------------------------------

ENCODING_LABELS = {
    "utf-8": "UTF-8",
    "utf-8-sig": "UTF-8 (BOM)",
    "utf-16": "UTF-16",
    "cp1258": "Windows-1258",
}
# Letters only Vietnamese text has; a Windows-1258 file decodes to some of them.
_VIETNAMESE = set("ăâđêôơưĂÂĐÊÔƠƯ\u0300\u0301\u0303\u0309\u0323")


def decode(raw: bytes) -> tuple[str, str]:
    """Text and encoding of a CSV file: UTF-8 (with or without BOM), UTF-16 or
    Windows-1258 (detected by its Vietnamese letters); anything else is refused."""
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8", errors="strict"), "utf-8-sig"
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16"), "utf-16"
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        text = raw.decode("cp1258")
    except UnicodeDecodeError:
        text = ""
    controls = any(0x80 <= ord(ch) <= 0x9F for ch in text)
    if text and not controls and _VIETNAMESE.intersection(text):
        return unicodedata.normalize("NFC", text), "cp1258"
    raise LearnerFileError(
        _(
            "The file's character encoding is not recognised. Save it as “CSV UTF-8” "
            "(or Windows-1258) and upload it again."
        )
    )


def _csv_rows(raw: bytes) -> tuple[list[list[str]], str]:
    text, encoding = decode(raw)
    sample = text[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    try:
        return [list(row) for row in csv.reader(io.StringIO(text), dialect)], encoding
    except csv.Error as error:
        raise LearnerFileError(
            _("The CSV file is malformed: %(error)s") % {"error": error}
        ) from error


def _xlsx_rows(raw: bytes) -> list[list[str]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise LearnerFileError(
            _("This is not a valid XLSX file. Save it from Excel as .xlsx or as CSV.")
        ) from error
    sheet = workbook.worksheets[0]
    rows = []
    for values in sheet.iter_rows(values_only=True):
        rows.append(["" if value is None else str(value).strip() for value in values])
        if len(rows) > MAX_ROWS + 1:
            break
    workbook.close()
    return rows


def read_table(raw: bytes, filename: str) -> tuple[list[list[str]], str]:
    """Rows of cells (header first) and the encoding label."""
    if not raw:
        raise LearnerFileError(_("The file is empty."))
    if filename.lower().endswith(".xlsx") or raw[:2] == b"PK":
        return _xlsx_rows(raw), "XLSX"
    rows, encoding = _csv_rows(raw)
    return rows, ENCODING_LABELS.get(encoding, encoding)


def _header_map(header: list[str]) -> dict[str, int]:
    positions, unknown = {}, []
    for index, cell in enumerate(header):
        folded = _fold(cell)
        if not folded:
            continue
        key = _HEADERS.get(folded)
        if key is None:
            unknown.append(cell)
        elif key in positions:
            raise LearnerFileError(
                _("The column “%(column)s” appears twice.") % {"column": cell}
            )
        else:
            positions[key] = index
    missing = [key for key in REQUIRED if key not in positions]
    if missing:
        labels = dict(column_labels())
        raise LearnerFileError(
            _(
                "Wrong columns. Missing: %(missing)s. The first line must name the "
                "columns: %(expected)s."
            )
            % {
                "missing": ", ".join(labels[key] for key in missing),
                "expected": ", ".join(labels[key] for key in COLUMNS),
            }
        )
    return positions


def column_labels() -> list[tuple[str, str]]:
    return [
        ("full_name", _("Full name")),
        ("email", _("E-mail")),
        ("audience_group", _("Audience group")),
        ("unit", _("Unit")),
        ("commune", _("Commune")),
        ("position", _("Position")),
    ]


# --- matching directory entries ---------------------------------------------------


class _Directory:
    """Current entries of one directory model, found by code, name or English name.

    Entries that ended in a reorganisation are not offered; their names are
    kept apart so that a file still using one gets a message naming the
    successor instead of "unknown".
    """

    def __init__(self, model, extra_names=()):
        self.by_key: dict[str, set] = {}
        self.former: dict[str, object] = {}
        current = list(model.objects.current())
        for entry in current:
            for key in self._keys(entry, extra_names):
                self.by_key.setdefault(key, set()).add(entry)
        if model in LINKS:
            ended = (
                model.objects.exclude(pk__in=[entry.pk for entry in current])
                .filter(successor_links__isnull=False)
                .distinct()
            )
            for entry in ended:
                for key in self._keys(entry, extra_names):
                    self.former.setdefault(key, entry)

    @staticmethod
    def _keys(entry, extra_names) -> set[str]:
        keys = {_fold(entry.code), _fold(entry.name), _fold(entry.name_en)}
        keys |= {_fold(getattr(entry, name, "")) for name in extra_names}
        return keys - {""}

    def find(self, value: str):
        """(entry, None) or (None, "unknown" | "ambiguous" | "former")."""
        matches = self.by_key.get(_fold(value), set())
        if len(matches) == 1:
            return next(iter(matches)), None
        if matches:
            return None, "ambiguous"
        return None, "former" if _fold(value) in self.former else "unknown"

    def successors(self, value: str) -> list:
        return successors_of(self.former[_fold(value)])


# --- checking rows ----------------------------------------------------------------


def learner_file_parse(
    raw: bytes, *, filename: str, scope=ALL_UNITS, course=None
) -> ParseResult:
    """Check every row of a learner file; write nothing."""
    scope = as_scope(scope)
    result = ParseResult()
    try:
        table, result.encoding = read_table(raw, filename)
        if not table or not any(cell.strip() for cell in table[0]):
            raise LearnerFileError(_("The first line must name the columns."))
        positions = _header_map(table[0])
    except LearnerFileError as error:
        result.file_errors.append(str(error))
        return result
    body = table[1:]
    if len(body) > MAX_ROWS:
        result.file_errors.append(
            _("The file has more than %(max)d rows; split it into smaller files.")
            % {"max": MAX_ROWS}
        )
        return result
    groups = _Directory(AudienceGroup)
    units = _Directory(Unit, extra_names=("short_name",))
    communes = _Directory(Commune, extra_names=("display_name",))
    cells_of = []
    for offset, cells in enumerate(body):
        values = {
            key: (cells[index].strip() if index < len(cells) else "")
            for key, index in positions.items()
        }
        if any(values.values()):
            cells_of.append((offset + 2, values))
    emails = {values.get("email", "").strip().lower() for _line, values in cells_of}
    existing = {
        user.email: user
        for user in User.objects.filter(email__in=emails).select_related(
            "profile__unit"
        )
    }
    enrolled, trained = set(), set()
    if course is not None:
        for email, status in Enrollment.objects.filter(
            course=course, status__in=LIVE_STATUSES, user__email__in=emails
        ).values_list("user__email", "status"):
            (enrolled if status in OPEN_STATUSES else trained).add(email)
    seen: dict[str, int] = {}
    for line, values in cells_of:
        row = _row_check(line, values, groups, units, communes, scope, existing, seen)
        if row.ok and row.email in enrolled:
            row.notes.append(_("already enrolled in this course"))
        elif row.ok and row.email in trained:
            row.notes.append(
                _(
                    "completed this course before: a later class gives a new "
                    "enrolment, counted again in its own year"
                )
            )
        result.rows.append(row)
    if not result.rows:
        result.file_errors.append(_("The file has no learner rows under the header."))
    return result


def _row_check(
    line, values, groups, units, communes, scope, existing, seen
) -> RowResult:
    errors = []
    full_name = clean_full_name(values.get("full_name", ""))
    email = values.get("email", "").strip().lower()
    row = RowResult(line=line, status=NEW, email=email, full_name=full_name)
    if not full_name:
        errors.append(_("the full name is missing"))
    elif len(full_name) > 150:
        errors.append(_("the full name is longer than 150 characters"))
    if not email:
        errors.append(_("the e-mail address is missing"))
    else:
        try:
            validate_email(email)
        except ValidationError:
            errors.append(
                _("“%(email)s” is not a valid e-mail address") % {"email": email}
            )
        else:
            if email in seen:
                errors.append(
                    _("duplicate of line %(line)d (same e-mail address)")
                    % {"line": seen[email]}
                )
            else:
                seen[email] = line
    for key, directory, label in (
        ("audience_group", groups, _("audience group")),
        ("unit", units, _("unit")),
        ("commune", communes, _("commune")),
    ):
        value = values.get(key, "")
        if not value:
            if key != "commune":
                errors.append(_("the %(label)s is missing") % {"label": label})
            continue
        entry, problem = directory.find(value)
        if entry is None:
            if problem == "ambiguous":
                message = _(
                    "%(label)s “%(value)s” matches several entries; use its code"
                )
            elif problem == "former":
                names = ", ".join(e.display_name for e in directory.successors(value))
                message = _(
                    "%(label)s “%(value)s” no longer exists since the "
                    "reorganisation; use its successor: %(successors)s"
                ) % {"label": label, "value": value, "successors": names or "—"}
                errors.append(message)
                continue
            else:
                message = _("unknown %(label)s “%(value)s”")
            errors.append(message % {"label": label, "value": value})
        else:
            setattr(row, f"{key}_id", entry.pk)
    row.position = " ".join(values.get("position", "").split())[:150]
    if not row.position:
        errors.append(_("the position is missing"))
    if scope is not ALL_UNITS and row.unit_id and row.unit_id not in scope:
        errors.append(
            _("you may import only people of your unit (%(unit)s)")
            % {"unit": scope.name}
        )
    user = existing.get(email)
    if user is not None:
        row.status = EXISTING
        row.user_id = user.pk
        profile = getattr(user, "profile", None)
        if (
            scope is not ALL_UNITS
            and profile is not None
            and profile.unit_id is not None
            and profile.unit_id not in scope
        ):
            errors.append(_("this person's account belongs to another unit"))
    if errors:
        row.status = ERROR
        row.errors = errors
    return row


def report_lines(result: ParseResult) -> list[str]:
    """The per-row report as plain lines (command line and logs)."""
    lines = []
    if result.encoding:
        lines.append(_("File format: %(encoding)s") % {"encoding": result.encoding})
    lines += [
        _("File error: %(error)s") % {"error": error} for error in result.file_errors
    ]
    labels = {NEW: _("new account"), EXISTING: _("existing account"), ERROR: _("error")}
    for row in result.rows:
        person = f"{row.full_name} <{row.email}>"
        text = _("line %(line)d: %(result)s — %(person)s") % {
            "line": row.line,
            "result": labels[row.status],
            "person": person,
        }
        if row.errors:
            text += ": " + "; ".join(row.errors)
        if row.notes:
            text += " (" + "; ".join(row.notes) + ")"
        lines.append(text)
    counts = result.counts
    lines.append(
        _("%(new)d new, %(existing)d existing, %(error)d rejected")
        % {"new": counts[NEW], "existing": counts[EXISTING], "error": counts[ERROR]}
    )
    return lines
