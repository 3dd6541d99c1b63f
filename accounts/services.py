"""State changes for people: profiles, role membership, unit assignments."""

import datetime
import unicodedata

from django.contrib.auth.models import Group
from django.db import transaction

from directory.models import AudienceGroup, Commune, Unit

from .models import LearnerProfile, UnitAssignment, User
from .roles import Role


def clean_full_name(value: str) -> str:
    """NFC and single spaces; the diacritics are kept exactly as typed."""
    return " ".join(unicodedata.normalize("NFC", value).split())


@transaction.atomic
def profile_update(
    *,
    user: User,
    full_name: str,
    audience_group: AudienceGroup | None,
    organisation: str,
    unit: Unit | None,
    position: str,
    commune: Commune | None = None,
    date_of_birth: datetime.date | None = None,
    phone: str = "",
) -> LearnerProfile:
    profile, _created = LearnerProfile.objects.select_for_update().get_or_create(
        user=user,
        defaults={
            "full_name": clean_full_name(full_name),
            "organisation": organisation,
            "position": position,
        },
    )
    profile.full_name = clean_full_name(full_name)
    profile.audience_group = audience_group
    profile.organisation = organisation.strip()
    profile.unit = unit
    profile.commune = commune
    profile.position = position.strip()
    profile.date_of_birth = date_of_birth
    profile.phone = phone.strip()
    profile.full_clean(exclude=["user"])
    profile.save()
    return profile


def role_grant(*, user: User, role: Role) -> None:
    # Wagtail admin access comes from the group's permission; is_staff (Django's
    # own admin) stays reserved for superusers.
    group, _created = Group.objects.get_or_create(name=role.value)
    user.groups.add(group)


def role_revoke(*, user: User, role: Role) -> None:
    user.groups.remove(*Group.objects.filter(name=role.value))


def unit_assign(*, user: User, unit: Unit, by: User | None = None) -> UnitAssignment:
    """Make ``user`` a focal point of ``unit`` (and so of its sub-units)."""
    assignment, _created = UnitAssignment.objects.get_or_create(
        user=user, unit=unit, defaults={"assigned_by": by}
    )
    user.__dict__.pop("_unit_scope", None)
    return assignment


def unit_unassign(*, user: User, unit: Unit) -> None:
    UnitAssignment.objects.filter(user=user, unit=unit).delete()
    user.__dict__.pop("_unit_scope", None)


@transaction.atomic
def units_set(*, user: User, units: list[Unit], by: User | None = None) -> None:
    """Replace the units ``user`` is focal point of with exactly ``units``."""
    UnitAssignment.objects.filter(user=user).exclude(unit__in=units).delete()
    for unit in units:
        unit_assign(user=user, unit=unit, by=by)
    user.__dict__.pop("_unit_scope", None)


def email_claims_release(*, email_address) -> int:
    """Drop the unconfirmed copies of a just-confirmed address on other accounts.

    The person who proved they read the mailbox keeps the address; the others
    had only typed it. Receiver of allauth's ``email_confirmed``.
    """
    from allauth.account.models import EmailAddress

    deleted, _by_model = (
        EmailAddress.objects.filter(email__iexact=email_address.email, verified=False)
        .exclude(user_id=email_address.user_id)
        .delete()
    )
    return deleted
