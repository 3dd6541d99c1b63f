"""Reads of the directory: the unit tree, and its history (successors today,
old names, the issuer)."""

from __future__ import annotations

import datetime
import unicodedata
from collections.abc import Iterable

from django.utils import timezone

from .models import (
    Commune,
    CommuneSuccession,
    IssuerPeriod,
    Unit,
    UnitSuccession,
)

LINKS = {Unit: UnitSuccession, Commune: CommuneSuccession}


def _links(model, on: datetime.date):
    rows = (
        LINKS[model]
        .objects.select_related("reorganisation")
        .order_by("reorganisation__effective_on", "sort_order", "pk")
    )
    return [row for row in rows if row.date <= on]


def successor_map(model, *, on: datetime.date | None = None) -> dict[int, int]:
    """{predecessor pk: pk of the entry its figures count under on ``on``}.

    Follows the links marked ``counts_here`` through successive
    reorganisations (A → B in March, B → C in July gives A → C). Entries
    without such a link are not in the map: they count under themselves.
    """
    on = on or timezone.localdate()
    step: dict[int, int] = {}
    for link in _links(model, on):
        if link.counts_here and link.predecessor_id != link.successor_id:
            step.setdefault(link.predecessor_id, link.successor_id)
    final: dict[int, int] = {}
    for start in step:
        seen, current = {start}, step[start]
        while current in step and step[current] not in seen:
            seen.add(current)
            current = step[current]
        final[start] = current
    return final


def successors_of(entry, *, on: datetime.date | None = None) -> list:
    """The current entries that took over ``entry`` (all of a split), in order."""
    model = type(entry)
    on = on or timezone.localdate()
    links = _links(model, on)
    frontier, found, seen = [entry.pk], [], {entry.pk}
    by_predecessor: dict[int, list[int]] = {}
    for link in links:
        by_predecessor.setdefault(link.predecessor_id, []).append(link.successor_id)
    while frontier:
        pk = frontier.pop(0)
        for nxt in by_predecessor.get(pk, []):
            if nxt in seen:
                continue
            seen.add(nxt)
            (frontier if nxt in by_predecessor else found).append(nxt)
    current = model.objects.current(on).in_bulk(found)
    return [current[pk] for pk in found if pk in current]


def fold(text: str) -> str:
    """Case- and accent-insensitive key ("Phường  I" == "phuong i")."""
    text = (text or "").replace("đ", "d").replace("Đ", "D")
    text = unicodedata.normalize("NFD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(text.lower().split())


def former_entries_by_name(model, extra_names=()) -> dict[str, object]:
    """{folded name/code: entry} for entries that are no longer current, so an
    import can recognise an old name and suggest its successor."""
    current = set(model.objects.current().values_list("pk", flat=True))
    found: dict[str, object] = {}
    for entry in model.objects.exclude(pk__in=current):
        names = {entry.code, entry.name, entry.name_en}
        names |= {getattr(entry, name, "") for name in extra_names}
        for name in names:
            if name:
                found.setdefault(fold(name), entry)
    return found


def issuer_on(date: datetime.date) -> IssuerPeriod | None:
    """The issuer period covering ``date`` (the latest starting one), if any."""
    return (
        IssuerPeriod.objects.filter(valid_from__lte=date)
        .exclude(valid_to__lt=date)
        .order_by("-valid_from", "-pk")
        .first()
    )


def unit_descendant_ids(*, unit_ids: Iterable[int]) -> set[int]:
    """``unit_ids`` and every unit below them in the tree, at any depth.

    One query reads the whole (small) tree of parent links; the walk then goes
    down level by level, so a parent cycle entered by mistake cannot loop.
    """
    roots = {int(pk) for pk in unit_ids if pk is not None}
    if not roots:
        return set()
    children: dict[int, list[int]] = {}
    for pk, parent_id in Unit.objects.values_list("pk", "parent_id"):
        if parent_id is not None:
            children.setdefault(parent_id, []).append(pk)
    found = set(roots)
    level = roots
    while level:
        level = {
            child
            for pk in level
            for child in children.get(pk, ())
            if child not in found
        }
        found |= level
    return found
