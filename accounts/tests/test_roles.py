import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied

from accounts.roles import Role
from accounts.selectors import ALL_UNITS, learner_scope, report_scope
from tests.factories import UserFactory


@pytest.mark.django_db
def test_the_four_roles_exist_after_migrate():
    names = set(Group.objects.values_list("name", flat=True))
    assert {role.value for role in Role} <= names


@pytest.mark.django_db
def test_role_permissions_match_what_each_role_may_do(
    learner, editor, plan_manager, focal_point
):
    assert not learner.has_perm("wagtailadmin.access_admin")
    assert editor.has_perm("wagtailadmin.access_admin")
    assert editor.has_perm("accounts.manage_learners")
    assert not editor.has_perm("accounts.view_all_reports")
    assert plan_manager.has_perm("accounts.view_all_reports")
    assert not plan_manager.has_perm("accounts.manage_learners")
    assert focal_point.has_perm("accounts.view_unit_reports")
    assert not focal_point.has_perm("accounts.view_all_reports")


@pytest.mark.django_db
def test_report_scope_is_everything_for_plan_managers_and_own_unit_for_focal_points(
    plan_manager, focal_point, learner, editor
):
    assert report_scope(plan_manager) is ALL_UNITS
    assert report_scope(focal_point).units == (focal_point.profile.unit,)
    for user in (learner, editor):
        with pytest.raises(PermissionDenied):
            report_scope(user)


@pytest.mark.django_db
def test_learner_scope_is_everything_for_editors_and_own_unit_for_focal_points(
    editor, focal_point, learner
):
    assert learner_scope(editor) is ALL_UNITS
    assert learner_scope(focal_point).units == (focal_point.profile.unit,)
    with pytest.raises(PermissionDenied):
        learner_scope(learner)


@pytest.mark.django_db
def test_a_focal_point_without_an_assigned_unit_sees_nothing():
    user = UserFactory(role=Role.UNIT_FOCAL_POINT, profile={"unit": None})
    with pytest.raises(PermissionDenied):
        report_scope(user)
