"""Reads about people and what they may see."""

from django.core.exceptions import PermissionDenied

from directory.models import Unit

from .models import LearnerProfile


class AllUnits:
    """Marker: the user may see every unit (plan managers, superusers)."""

    def __repr__(self) -> str:
        return "AllUnits"


ALL_UNITS = AllUnits()


def scope_get(unit_id: int | None) -> Unit | AllUnits:
    """The scope a background job was queued with: a unit's id, or None for all."""
    return ALL_UNITS if unit_id is None else Unit.objects.get(pk=unit_id)


def report_scope(user) -> Unit | AllUnits:
    """The units whose people and figures ``user`` may see in reports.

    Plan managers see everything; a unit focal point sees only the unit of their
    own profile; anybody else is refused.
    """
    if not user.is_authenticated:
        raise PermissionDenied
    if user.is_superuser or user.has_perm("accounts.view_all_reports"):
        return ALL_UNITS
    if user.has_perm("accounts.view_unit_reports"):
        profile = profile_get(user=user)
        if profile is None or profile.unit is None:
            raise PermissionDenied
        return profile.unit
    raise PermissionDenied


def learner_scope(user) -> Unit | AllUnits:
    """Whose people ``user`` may enrol or import: editors all, focal points theirs."""
    if not user.is_authenticated:
        raise PermissionDenied
    if user.is_superuser or (
        user.has_perm("accounts.manage_learners")
        and not user.has_perm("accounts.view_unit_reports")
    ):
        return ALL_UNITS
    if user.has_perm("accounts.manage_learners"):
        profile = profile_get(user=user)
        if profile is None or profile.unit is None:
            raise PermissionDenied
        return profile.unit
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
