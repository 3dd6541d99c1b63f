"""Read a plan file (JSON, format "plan-as-data/1", see docs/plan.md) into models.

``plan_load`` is idempotent: loading the same file twice changes nothing and
reports every row as unchanged. Items missing from the file are kept (courses may
link to them) and reported, never deleted silently.
"""

import datetime
import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from directory.models import Unit

from .models import (
    ImplementingUnitGroup,
    IndicatorKind,
    Objective,
    Plan,
    PlanTask,
    TaskGroup,
    UnitDuty,
)

FORMAT = "plan-as-data/1"
SEED = Path(__file__).resolve().parent / "seeds" / "66-KH-UBND-2021.json"


class PlanFileError(ValueError):
    """The file is not a valid plan file; the message says what is wrong."""


@dataclass
class LoadResult:
    plan: Plan | None = None
    counts: Counter = field(default_factory=Counter)
    lines: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return any(k.endswith((" created", " updated")) for k in self.counts)

    def record(self, label: str, outcome: str, what: str = "") -> None:
        self.counts[f"{label} {outcome}"] += 1
        if outcome != "unchanged":
            self.lines.append(f"{label} {outcome}: {what}")


def _upsert(model, lookup: dict, values: dict):
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        return model.objects.create(**lookup, **values), "created"
    changed = [k for k, v in values.items() if getattr(obj, k) != v]
    if changed:
        for key in changed:
            setattr(obj, key, values[key])
        obj.save(update_fields=changed)
        return obj, "updated"
    return obj, "unchanged"


def _require(data: dict, key: str, where: str):
    if key not in data or data[key] in (None, ""):
        raise PlanFileError(f"{where}: missing “{key}”")
    return data[key]


def plan_file_read(path: str | Path) -> dict:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise PlanFileError(f"file not found: {path}") from exc
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise PlanFileError(f"not a UTF-8 JSON file: {exc}") from exc
    plan_file_validate(data)
    return data


def plans_of(data: dict) -> list[dict]:
    """The plans of a file: one plan, or several under "plans" (each taking the
    file's "format")."""
    if isinstance(data, dict) and isinstance(data.get("plans"), list):
        return [{"format": data.get("format"), **plan} for plan in data["plans"]]
    return [data]


def plan_file_validate(data: dict) -> None:
    """Check the structure and the unit codes before anything is written."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise PlanFileError(f'the file must be an object with "format": "{FORMAT}"')
    plans = plans_of(data)
    if len(plans) > 1 or plans[0] is not data:
        numbers = [plan.get("number") for plan in plans]
        for plan in plans:
            plan_file_validate(plan)
        for plan in plans:
            later = plan.get("superseded_by")
            if (
                later
                and later not in numbers
                and not Plan.objects.filter(number=later).exists()
            ):
                raise PlanFileError(
                    f"plan {plan['number']}: “superseded_by” names an unknown "
                    f"plan: {later}"
                )
        return
    for key in ("number", "title", "period", "objectives", "task_groups"):
        _require(data, key, "plan")
    try:
        datetime.date.fromisoformat(data.get("date") or "2000-01-01")
    except ValueError as exc:
        raise PlanFileError(f"plan: “date” must be YYYY-MM-DD ({exc})") from exc
    for i, obj in enumerate(data["objectives"], 1):
        _require(obj, "code", f"objective {i}")
        _require(obj, "text", f"objective {i}")
    for i, group in enumerate(data["task_groups"], 1):
        _require(group, "code", f"task group {i}")
        _require(group, "title", f"task group {i}")
        for j, task in enumerate(group.get("tasks", []), 1):
            _require(task, "code", f"task {j} of {group['code']}")
            _require(task, "text", f"task {j} of {group['code']}")
    codes = {
        code
        for group in data.get("implementing_units", [])
        for code in group.get("units", [])
    }
    reporting_unit = (data.get("reporting") or {}).get("reporting_unit")
    if reporting_unit:
        codes.add(reporting_unit)
    known = set(Unit.objects.filter(code__in=codes).values_list("code", flat=True))
    unknown = sorted(codes - known)
    if unknown:
        raise PlanFileError(
            "unknown unit codes (load the directory first): " + ", ".join(unknown)
        )


def _plan_values(data: dict) -> dict:
    period = data["period"]
    milestones = period.get("milestones") or []
    reporting = data.get("reporting") or {}
    deadline = (reporting.get("deadline") or "12-15").split("-")
    signer = data.get("signer") or {}
    report_signer = reporting.get("signer") or {}
    unit_code = reporting.get("reporting_unit")
    return {
        "title": data["title"],
        "title_en": data.get("title_en", ""),
        "issued_on": datetime.date.fromisoformat(data["date"])
        if data.get("date")
        else None,
        "issuer": data.get("issuer", ""),
        "issuer_short": data.get("issuer_short", ""),
        "place": data.get("place", ""),
        "period_start": int(period["start"]),
        "period_end": int(period["end"]),
        "midterm_year": int(milestones[0]) if len(milestones) > 1 else None,
        "legal_bases": "\n".join(data.get("legal_bases", [])),
        "preamble": data.get("preamble", ""),
        "purposes": "\n".join(data.get("purposes", [])),
        "requirements": "\n".join(data.get("requirements", [])),
        "funding": data.get("funding", ""),
        "closing": data.get("closing", ""),
        "signer_authority": signer.get("authority", ""),
        "signer_title": signer.get("title", ""),
        "signer_name": signer.get("name", ""),
        "governing_body": reporting.get("governing_body", ""),
        "reporting_body": reporting.get("reporting_body", ""),
        "reporting_unit": Unit.objects.get(code=unit_code) if unit_code else None,
        "report_symbol": reporting.get("symbol", ""),
        "report_addressee": reporting.get("addressee", ""),
        "report_deadline_month": int(deadline[0]),
        "report_deadline_day": int(deadline[1]),
        "report_recipients": "\n".join(reporting.get("recipients", [])),
        "report_signer_authority": report_signer.get("authority", ""),
        "report_signer_title": report_signer.get("title", ""),
        "report_signer_name": report_signer.get("name", ""),
    }


@transaction.atomic
def plans_load(*, data: dict) -> list[LoadResult]:
    """Load every plan of a file (one or several), then link the superseded
    plans to the plan that superseded them; twice changes nothing."""
    plan_file_validate(data)
    items = plans_of(data)
    results = [plan_load(data=item) for item in items]
    for item, result in zip(items, results, strict=True):
        later = item.get("superseded_by")
        successor = Plan.objects.get(number=later) if later else None
        if result.plan.superseded_by_id != (successor.pk if successor else None):
            result.plan.superseded_by = successor
            result.plan.save(update_fields=["superseded_by"])
            result.record("plan", "updated", f"{result.plan.number} superseded")
    return results


@transaction.atomic
def plan_load(*, data: dict) -> LoadResult:
    """Create or update the plan described by ``data`` (already validated)."""
    plan_file_validate(data)
    result = LoadResult()
    plan, outcome = _upsert(Plan, {"number": data["number"]}, _plan_values(data))
    result.plan = plan
    result.record("plan", outcome, plan.number)
    _load_objectives(plan, data["objectives"], result)
    _load_task_groups(plan, data["task_groups"], result)
    _load_unit_groups(plan, data.get("implementing_units", []), result)
    return result


def _load_objectives(plan, objectives, result):
    for order, item in enumerate(objectives):
        indicator = item.get("indicator") or {}
        values = {
            "text": item["text"],
            "sort_order": order,
            "indicator_label": indicator.get("label", ""),
            "indicator_label_en": indicator.get("label_en", ""),
            "indicator_unit": indicator.get("unit", ""),
            "growth_min_percent": _decimal(indicator.get("growth_min_percent")),
            "growth_max_percent": _decimal(indicator.get("growth_max_percent")),
        }
        objective, outcome = _upsert(
            Objective, {"plan": plan, "code": item["code"]}, values
        )
        result.record("objective", outcome, objective.code)
        for k_order, kind in enumerate(indicator.get("kinds", [])):
            _kind, outcome = _upsert(
                IndicatorKind,
                {"objective": objective, "code": kind["code"]},
                {
                    "name": kind["name"],
                    "name_en": kind.get("name_en", ""),
                    "sort_order": k_order,
                },
            )
            result.record("indicator kind", outcome, kind["code"])


def _decimal(value):
    from decimal import Decimal

    return None if value is None else Decimal(str(value)).quantize(Decimal("0.01"))


def _load_task_groups(plan, groups, result):
    for order, item in enumerate(groups):
        group, outcome = _upsert(
            TaskGroup,
            {"plan": plan, "code": item["code"]},
            {"title": item["title"], "sort_order": order},
        )
        result.record("task group", outcome, group.code)
        counter = [0]
        for task in item.get("tasks", []):
            _load_task(group, task, None, counter, result)
        known = {t["code"] for t in _walk(item.get("tasks", []))}
        extra = group.tasks.exclude(code__in=known).count()
        if extra:
            result.lines.append(f"{group.code}: {extra} task(s) not in the file kept")


def _walk(tasks):
    for task in tasks:
        yield task
        yield from _walk(task.get("subtasks", []))


def _load_task(group, item, parent, counter, result):
    task, outcome = _upsert(
        PlanTask,
        {"group": group, "code": item["code"]},
        {
            "text": item["text"],
            "parent": parent,
            "is_training": bool(item.get("training", False)),
            "sort_order": counter[0],
        },
    )
    counter[0] += 1
    result.record("task", outcome, task.code)
    for sub in item.get("subtasks", []):
        _load_task(group, sub, task, counter, result)


def _load_unit_groups(plan, groups, result):
    for order, item in enumerate(groups):
        group, outcome = _upsert(
            ImplementingUnitGroup,
            {"plan": plan, "code": item["code"]},
            {"name": item["name"], "sort_order": order},
        )
        units = list(Unit.objects.filter(code__in=item.get("units", [])))
        if set(group.units.all()) != set(units):
            group.units.set(units)
            group.save()  # a ParentalManyToManyField is written on save
            if outcome == "unchanged":
                outcome = "updated"
        result.record("unit group", outcome, group.code)
        for d_order, duty in enumerate(item.get("duties", [])):
            _duty, outcome = _upsert(
                UnitDuty,
                {"unit_group": group, "code": duty["code"]},
                {"text": duty["text"], "sort_order": d_order},
            )
            result.record("duty", outcome, duty["code"])
