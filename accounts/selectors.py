"""Reads about people and what they may see."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied

from directory.models import Unit
from directory.selectors import unit_descendant_ids

from .models import LearnerProfile, UnitAssignment


class AllUnits:
    """Marker: the user may see every unit (plan managers, superusers)."""

    def __repr__(self) -> str:
        return "AllUnits"


ALL_UNITS = AllUnits()


class UnitScope:
    """The units a focal point was assigned, and every unit below them.

    ``units`` are the assigned units (what a page names), ``unit_ids`` the
    whole subtree (what a query filters on), ``root_ids`` what a background
    job stores to rebuild the same scope.
    """

    def __init__(self, units: Iterable[Unit]):
        self.units = tuple(sorted(set(units), key=lambda unit: unit.pk))
        if not self.units:
            raise PermissionDenied
        self.root_ids = [unit.pk for unit in self.units]
        self.unit_ids = frozenset(unit_descendant_ids(unit_ids=self.root_ids))

    @property
    def key(self) -> str:
        """Part of a cache key: the subtree, so a moved sub-unit changes it."""
        return "u" + "-".join(str(pk) for pk in sorted(self.unit_ids))

    @property
    def code(self) -> str:
        return "-".join(unit.code for unit in self.units)

    def __contains__(self, unit_id) -> bool:
        return getattr(unit_id, "pk", unit_id) in self.unit_ids

    def __eq__(self, other) -> bool:
        return isinstance(other, UnitScope) and self.unit_ids == other.unit_ids

    def __hash__(self) -> int:
        return hash(self.unit_ids)

    def __str__(self) -> str:
        return ", ".join(str(unit) for unit in self.units)

    @property
    def name(self) -> str:
        return str(self)

    def __repr__(self) -> str:
        return f"UnitScope({self.root_ids})"


def as_scope(scope) -> UnitScope | AllUnits:
    """``scope`` as a scope: a bare Unit (callers written before assignments)
    means that unit and its subtree."""
    if scope is ALL_UNITS or isinstance(scope, UnitScope):
        return scope
    if isinstance(scope, Unit):
        return UnitScope([scope])
    raise PermissionDenied


def scope_get(unit_ids: list[int] | int | None) -> UnitScope | AllUnits:
    """The scope a background job was queued with (``scope_ids`` of the scope).

    ``None`` is every unit; a single id is what jobs queued before assignments
    stored, read the same way (that unit and its subtree).
    """
    if unit_ids is None:
        return ALL_UNITS
    if isinstance(unit_ids, int | str):
        unit_ids = [unit_ids]
    return UnitScope(Unit.objects.filter(pk__in=unit_ids))


def scope_ids(scope: UnitScope | AllUnits) -> list[int] | None:
    """What a job stores so that :func:`scope_get` rebuilds ``scope``."""
    return None if scope is ALL_UNITS else list(as_scope(scope).root_ids)


def assigned_units(*, user) -> list[Unit]:
    """The units an administrator assigned ``user`` to (focal point role)."""
    return [
        assignment.unit
        for assignment in UnitAssignment.objects.filter(user=user)
        .select_related("unit")
        .order_by("unit__pk")
    ]


def _assigned_scope(user) -> UnitScope:
    # Never the profile's unit: the person edits that one themselves.
    if not hasattr(user, "_unit_scope"):
        user._unit_scope = UnitScope(assigned_units(user=user))
    return user._unit_scope


def report_scope(user) -> UnitScope | AllUnits:
    """The units whose people and figures ``user`` may see in reports.

    Plan managers see everything; a unit focal point sees the units an
    administrator assigned them and their sub-units; anybody else is refused.
    """
    if not user.is_authenticated:
        raise PermissionDenied
    if user.is_superuser or user.has_perm("accounts.view_all_reports"):
        return ALL_UNITS
    if user.has_perm("accounts.view_unit_reports"):
        return _assigned_scope(user)
    raise PermissionDenied


def learner_scope(user) -> UnitScope | AllUnits:
    """Whose people ``user`` may enrol or import: editors all, focal points theirs."""
    if not user.is_authenticated:
        raise PermissionDenied
    if user.is_superuser or (
        user.has_perm("accounts.manage_learners")
        and not user.has_perm("accounts.view_unit_reports")
    ):
        return ALL_UNITS
    if user.has_perm("accounts.manage_learners"):
        return _assigned_scope(user)
    raise PermissionDenied


def profile_get(*, user) -> LearnerProfile | None:
    if not user.is_authenticated:
        return None
    try:
        return user.profile
    except LearnerProfile.DoesNotExist:
        return None


def profile_is_complete(*, user) -> bool:
    profile = profile_get(user=user)
    return profile is not None and profile.is_complete
