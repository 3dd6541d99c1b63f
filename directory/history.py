"""Loading a reorganisation (new entries, successor links, ended entries and the
issuer periods it changes) from a JSON file; see docs/directory-history.md.

``reorganisation_load`` is idempotent: the same file twice changes nothing. The
whole file is checked before anything is written, so a bad file loses nothing.
"""

import datetime
import json
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from .models import (
    Commune,
    CommuneSuccession,
    IssuerPeriod,
    Reorganisation,
    SuccessionKind,
    Unit,
    UnitSuccession,
)

FORMAT = "directory-reorganisation/1"
SEEDS = Path(__file__).resolve().parent / "seeds" / "reorganisations"
LEVELS = {
    "unit": (Unit, UnitSuccession, "unit_links"),
    "commune": (Commune, CommuneSuccession, "commune_links"),
}
ENTRY_FIELDS = {
    "unit": {"name", "name_en", "short_name", "sort_order", "valid_from", "valid_to"},
    "commune": {
        "name",
        "name_en",
        "kind",
        "former_district",
        "province",
        "sort_order",
        "valid_from",
        "valid_to",
    },
}


class ReorganisationFileError(ValueError):
    """The file is not a valid reorganisation file; the message says why."""


@dataclass
class LoadResult:
    reorganisation: Reorganisation | None = None
    created: int = 0
    updated: int = 0
    lines: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated)


def _date(value, where: str) -> datetime.date | None:
    if value in (None, ""):
        return None
    try:
        return datetime.date.fromisoformat(value)
    except (TypeError, ValueError) as exc:
        raise ReorganisationFileError(
            _("%(where)s: “%(value)s” is not a date (YYYY-MM-DD)")
            % {"where": where, "value": value}
        ) from exc


def reorganisation_file_read(path: str | Path) -> dict:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ReorganisationFileError(_("file not found: %s") % path) from exc
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ReorganisationFileError(_("not a UTF-8 JSON file: %s") % exc) from exc
    reorganisation_file_validate(data)
    return data


def reorganisation_file_validate(data: dict) -> None:
    """Check structure, dates and codes before anything is written."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ReorganisationFileError(
            _('the file must be an object with "format": "%s"') % FORMAT
        )
    for key in ("code", "name", "effective_on"):
        if not data.get(key):
            raise ReorganisationFileError(_("missing “%s”") % key)
    _date(data["effective_on"], "effective_on")
    new_codes = {level: set() for level in LEVELS}
    for level in LEVELS:
        for i, row in enumerate(data.get(f"new_{level}s", []), 1):
            where = f"new_{level}s[{i}]"
            if not row.get("code") or not row.get("name"):
                raise ReorganisationFileError(
                    _("%s: code and name are required") % where
                )
            unknown = set(row) - ENTRY_FIELDS[level] - {"code"}
            if unknown:
                raise ReorganisationFileError(
                    _("%(where)s: unknown fields %(fields)s")
                    % {"where": where, "fields": ", ".join(sorted(unknown))}
                )
            _date(row.get("valid_from"), where)
            _date(row.get("valid_to"), where)
            new_codes[level].add(row["code"])
    wanted = {level: set() for level in LEVELS}
    for i, link in enumerate(data.get("successions", []), 1):
        where = f"successions[{i}]"
        level = link.get("level")
        if level not in LEVELS:
            raise ReorganisationFileError(
                _("%s: “level” must be “unit” or “commune”") % where
            )
        if link.get("kind") not in SuccessionKind.values:
            raise ReorganisationFileError(
                _("%(where)s: “kind” must be one of %(kinds)s")
                % {"where": where, "kinds": ", ".join(SuccessionKind.values)}
            )
        if not link.get("source"):
            raise ReorganisationFileError(
                _("%s: every mapping records its source") % where
            )
        if not link.get("from") or not link.get("to"):
            raise ReorganisationFileError(_("%s: “from” and “to” are required") % where)
        _date(link.get("effective_on"), where)
        wanted[level] |= {link["from"], link["to"]}
    for level, (model, _link, _rel) in LEVELS.items():
        codes = wanted[level] - new_codes[level]
        known = set(model.objects.filter(code__in=codes).values_list("code", flat=True))
        missing = sorted(codes - known)
        if missing:
            raise ReorganisationFileError(
                _("unknown %(level)s codes (load the directory first): %(codes)s")
                % {"level": level, "codes": ", ".join(missing)}
            )
    for i, row in enumerate(data.get("ends", []), 1):
        where = f"ends[{i}]"
        if row.get("level") not in LEVELS or not row.get("code"):
            raise ReorganisationFileError(
                _("%s: “level” and “code” are required") % where
            )
        if not row.get("source"):
            raise ReorganisationFileError(_("%s: every end records its source") % where)
        if _date(row.get("valid_to"), where) is None:
            raise ReorganisationFileError(_("%s: “valid_to” is required") % where)
        if (
            row["code"] not in new_codes[row["level"]]
            and not LEVELS[row["level"]][0].objects.filter(code=row["code"]).exists()
        ):
            raise ReorganisationFileError(
                _("%(where)s: unknown code “%(code)s”")
                % {"where": where, "code": row["code"]}
            )
    for i, row in enumerate(data.get("issuer_periods", []), 1):
        where = f"issuer_periods[{i}]"
        for key in ("label", "valid_from", "issuer_name", "issuer_lines", "place"):
            if not row.get(key):
                raise ReorganisationFileError(
                    _("%(where)s: missing “%(key)s”") % {"where": where, "key": key}
                )
        _date(row["valid_from"], where)
        _date(row.get("valid_to"), where)


def _save(obj, values: dict, result: LoadResult, what: str) -> None:
    changed = [key for key, value in values.items() if getattr(obj, key) != value]
    if changed:
        for key in changed:
            setattr(obj, key, values[key])
        obj.save(update_fields=changed)
        result.updated += 1
        result.lines.append(f"updated: {what}")


def _get_or_create(model, lookup: dict, values: dict, result, what: str):
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        result.created += 1
        result.lines.append(f"created: {what}")
        return model.objects.create(**lookup, **values)
    _save(obj, values, result, what)
    return obj


@transaction.atomic
def reorganisation_load(*, data: dict) -> LoadResult:
    """Create or update the reorganisation of ``data``; twice changes nothing.

    Each predecessor that is not also a successor of its own link ends the day
    before its link takes effect (``valid_to``), so forms stop offering it.
    """
    reorganisation_file_validate(data)
    result = LoadResult()
    effective_on = _date(data["effective_on"], "effective_on")
    reorganisation = _get_or_create(
        Reorganisation,
        {"code": data["code"]},
        {
            "name": data["name"],
            "effective_on": effective_on,
            "legal_basis": "\n".join(data.get("legal_basis", [])),
            "notes": data.get("notes", ""),
        },
        result,
        f"reorganisation {data['code']}",
    )
    result.reorganisation = reorganisation
    for level, (model, _link, _rel) in LEVELS.items():
        for row in data.get(f"new_{level}s", []):
            values = {k: v for k, v in row.items() if k != "code"}
            for key in ("valid_from", "valid_to"):
                if key in values:
                    values[key] = _date(values[key], key)
            _get_or_create(model, {"code": row["code"]}, values, result, row["code"])
    ends: dict[tuple[str, str], datetime.date] = {}
    for order, link in enumerate(data.get("successions", [])):
        model, link_model, _rel = LEVELS[link["level"]]
        predecessor = model.objects.get(code=link["from"])
        successor = model.objects.get(code=link["to"])
        link_on = _date(link.get("effective_on"), "effective_on")
        _get_or_create(
            link_model,
            {
                "reorganisation": reorganisation,
                "predecessor": predecessor,
                "successor": successor,
            },
            {
                "kind": link["kind"],
                "effective_on": link_on,
                "counts_here": bool(link.get("counts_here", True)),
                "source": link["source"],
                "needs_confirmation": bool(link.get("needs_confirmation", False)),
                "sort_order": order,
            },
            result,
            f"{link['from']} → {link['to']}",
        )
        if link["from"] != link["to"]:
            end = (link_on or effective_on) - datetime.timedelta(days=1)
            key = (link["level"], link["from"])
            ends[key] = min(ends.get(key, end), end)
    for row in data.get("ends", []):
        end = _date(row["valid_to"], "valid_to")
        key = (row["level"], row["code"])
        ends[key] = min(ends.get(key, end), end)
    for (level, code), end in ends.items():
        entry = LEVELS[level][0].objects.get(code=code)
        _save(entry, {"valid_to": end}, result, f"{code} ends {end.isoformat()}")
    for row in data.get("issuer_periods", []):
        values = {
            "valid_to": _date(row.get("valid_to"), "valid_to"),
            "issuer_name": row["issuer_name"],
            "issuer_lines": "\n".join(row["issuer_lines"]),
            "governing_body": row.get("governing_body", ""),
            "place": row["place"],
            "signer_title": "\n".join(row.get("signer_title", [])),
            "signer_name": row.get("signer_name", ""),
            "report_addressee": row.get("report_addressee", ""),
            "source": row.get("source", ""),
        }
        lookup = {"label": row["label"], "valid_from": _date(row["valid_from"], "")}
        _get_or_create(IssuerPeriod, lookup, values, result, row["label"])
    return result


def reorganisations_load_all(*, folder: Path = SEEDS) -> list[LoadResult]:
    """Every reorganisation file of ``folder`` in name order (setup_site)."""
    return [
        reorganisation_load(data=reorganisation_file_read(path))
        for path in sorted(Path(folder).glob("*.json"))
    ]
