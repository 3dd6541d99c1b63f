"""Reads of the directory: the unit tree."""

from __future__ import annotations

from collections.abc import Iterable

from .models import Unit


def unit_descendant_ids(*, unit_ids: Iterable[int]) -> set[int]:
    """``unit_ids`` and every unit under them, at any depth (one query).

    Reports count a unit with all its sub-units, grandchildren included; a
    cycle in ``parent`` (bad data) cannot loop.
    """
    wanted = {int(pk) for pk in unit_ids if pk is not None}
    if not wanted:
        return set()
    children: dict[int, list[int]] = {}
    for pk, parent_id in Unit.objects.filter(parent__isnull=False).values_list(
        "pk", "parent_id"
    ):
        children.setdefault(parent_id, []).append(pk)
    found = set(wanted)
    frontier = list(wanted)
    while frontier:
        nxt = []
        for pk in frontier:
            for child in children.get(pk, ()):
                if child not in found:
                    found.add(child)
                    nxt.append(child)
        frontier = nxt
    return found
