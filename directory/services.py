"""Loading the shared lists (audience groups, units, communes) from a seed file;
recording an issuer period."""

import datetime
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from .models import AudienceGroup, Commune, IssuerPeriod, Unit

DEFAULT_SEED = Path(__file__).resolve().parent / "seeds" / "hau-giang.json"


@dataclass
class LoadResult:
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)

    def count(self, kind: str, created: bool) -> None:
        bucket = self.created if created else self.updated
        bucket[kind] = bucket.get(kind, 0) + 1


def _upsert(model, row: dict, result: LoadResult, kind: str):
    code = row["code"]
    defaults = {key: value for key, value in row.items() if key != "code"}
    obj = model.objects.filter(code=code).first()
    if obj is None:
        result.count(kind, created=True)
        return model.objects.create(code=code, **defaults)
    changed = [k for k, v in defaults.items() if getattr(obj, k) != v]
    if changed:
        for key in changed:
            setattr(obj, key, defaults[key])
        obj.save(update_fields=changed)
        result.count(kind, created=False)
    return obj


@transaction.atomic
def directory_load(*, path: Path = DEFAULT_SEED) -> LoadResult:
    """Create or update entries by code; running it twice changes nothing."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    result = LoadResult()
    for row in data.get("audience_groups", []):
        _upsert(AudienceGroup, row, result, "audience_groups")
    parents: dict[str, str] = {}
    for row in data.get("units", []):
        row = dict(row)
        parent_code = row.pop("parent", None)
        if parent_code:
            parents[row["code"]] = parent_code
        _upsert(Unit, row, result, "units")
    for code, parent_code in parents.items():
        Unit.objects.filter(code=code).exclude(parent__code=parent_code).update(
            parent=Unit.objects.get(code=parent_code)
        )
    for row in data.get("communes", []):
        _upsert(Commune, row, result, "communes")
    return result


def issuer_period_ensure(
    *,
    label: str,
    valid_from: datetime.date,
    issuer_name: str,
    issuer_lines: Sequence[str],
    place: str,
    governing_body: str = "",
    signer_title: Sequence[str] = (),
    source: str = "",
) -> tuple[IssuerPeriod, bool]:
    """The issuer period ``label`` from ``valid_from``, created if missing (and
    whether it was); an existing one is left as an editor may have corrected it."""
    return IssuerPeriod.objects.get_or_create(
        label=label,
        valid_from=valid_from,
        defaults={
            "issuer_name": issuer_name,
            "issuer_lines": "\n".join(issuer_lines),
            "governing_body": governing_body,
            "place": place,
            "signer_title": "\n".join(signer_title),
            "source": source,
        },
    )
