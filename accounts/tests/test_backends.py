"""Permissions are cached per person, and a change of role shows at once."""

import pytest
from django.contrib.auth.models import Permission

from accounts.models import User
from accounts.roles import Role, roles_sync
from accounts.services import role_grant, role_revoke
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PERM = "courses.read_all_lessons"  # an editor's permission


def fresh(user):
    """The person as the next request loads them (no per-object cache)."""
    return User.objects.get(pk=user.pk)


def test_permissions_are_read_once_then_come_from_the_cache(
    django_assert_num_queries,
):
    roles_sync()
    user = UserFactory()
    role_grant(user=user, role=Role.EDITOR)
    assert fresh(user).has_perm(PERM)
    again = fresh(user)
    with django_assert_num_queries(0):
        assert again.has_perm(PERM)
        assert not again.has_perm("plan.change_plan")


def test_a_role_granted_or_withdrawn_counts_on_the_next_request():
    roles_sync()
    user = UserFactory()
    assert not fresh(user).has_perm(PERM)  # cached: no permission
    role_grant(user=user, role=Role.EDITOR)
    assert fresh(user).has_perm(PERM)
    role_revoke(user=user, role=Role.EDITOR)
    assert not fresh(user).has_perm(PERM)


def test_a_permission_taken_from_a_role_counts_on_the_next_request():
    groups = roles_sync()
    user = UserFactory()
    role_grant(user=user, role=Role.EDITOR)
    assert fresh(user).has_perm(PERM)
    app_label, codename = PERM.split(".")
    groups[Role.EDITOR].permissions.remove(
        Permission.objects.get(content_type__app_label=app_label, codename=codename)
    )
    assert not fresh(user).has_perm(PERM)


def test_a_deactivated_or_promoted_person_is_not_served_the_old_permissions():
    roles_sync()
    user = UserFactory()
    role_grant(user=user, role=Role.EDITOR)
    assert fresh(user).has_perm(PERM)
    User.objects.filter(pk=user.pk).update(is_active=False)  # no signal at all
    assert not fresh(user).has_perm(PERM)
    User.objects.filter(pk=user.pk).update(is_active=True, is_superuser=True)
    assert fresh(user).has_perm("plan.change_plan")


def test_the_signed_in_person_comes_with_their_profile_in_one_query(
    client, home_page, django_assert_num_queries
):
    """The header of every page prints the profile's name: reading it costs no
    query of its own."""
    from accounts.backends import CachedPermissionsBackend
    from tests.factories import LearnerProfileFactory

    profile = LearnerProfileFactory(full_name="Nguyễn Thị Hoa")
    backend = CachedPermissionsBackend()
    with django_assert_num_queries(1):
        user = backend.get_user(profile.user_id)
        assert user.profile.full_name == "Nguyễn Thị Hoa"
    assert backend.get_user(UserFactory(is_active=False).pk) is None
    assert backend.get_user(10**9) is None
    client.force_login(profile.user)
    assert "Nguyễn Thị Hoa" in client.get("/").content.decode()
