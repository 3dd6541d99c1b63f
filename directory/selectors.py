"""Reads about the shared lists: the unit tree."""

from __future__ import annotations

from collections.abc import Iterable

from .models import Unit


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
