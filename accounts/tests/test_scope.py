"""A focal point's scope is what an administrator assigned, with its subtree."""

import pytest
from django.core.exceptions import PermissionDenied

from accounts.roles import Role
from accounts.selectors import (
    assigned_units,
    learner_scope,
    report_scope,
    scope_get,
    scope_ids,
)
from accounts.services import profile_update, units_set
from tests.factories import UnitFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_editing_the_profile_unit_does_not_change_a_focal_points_scope():
    own, other = UnitFactory(), UnitFactory()
    focal = UserFactory(role=Role.UNIT_FOCAL_POINT, profile={"unit": own})
    profile = focal.profile
    profile_update(
        user=focal,
        full_name=profile.full_name,
        audience_group=profile.audience_group,
        organisation=profile.organisation,
        unit=other,
        position=profile.position,
    )
    focal.refresh_from_db()
    assert focal.profile.unit == other
    for scope in (report_scope(focal), learner_scope(focal)):
        assert own.pk in scope
        assert other.pk not in scope


def test_the_scope_covers_every_assigned_unit_and_all_their_descendants():
    district, agency = UnitFactory(), UnitFactory()
    team = UnitFactory(parent=district)
    grandchild = UnitFactory(parent=team)
    unrelated = UnitFactory()
    focal = UserFactory(role=Role.UNIT_FOCAL_POINT, units=[district, agency])
    scope = report_scope(focal)
    assert scope.unit_ids == {district.pk, team.pk, grandchild.pk, agency.pk}
    assert unrelated.pk not in scope


def test_a_focal_point_whose_assignments_are_withdrawn_is_refused():
    focal = UserFactory(role=Role.UNIT_FOCAL_POINT)
    units_set(user=focal, units=[])
    with pytest.raises(PermissionDenied):
        report_scope(focal)


def test_a_job_rebuilds_the_scope_it_was_queued_with():
    parent = UnitFactory()
    child = UnitFactory(parent=parent)
    focal = UserFactory(role=Role.UNIT_FOCAL_POINT, units=[parent])
    stored = scope_ids(report_scope(focal))
    assert stored == [parent.pk]
    assert scope_get(stored) == report_scope(focal)
    # A job queued before assignments existed stored one unit id.
    assert child.pk in scope_get(parent.pk)


def test_existing_focal_points_get_their_profile_unit_as_an_assignment():
    from importlib import import_module

    from django.apps import apps

    from accounts.models import UnitAssignment

    unit = UnitFactory()
    focal = UserFactory(role=Role.UNIT_FOCAL_POINT, profile={"unit": unit}, units=[])
    learner = UserFactory(role=Role.LEARNER, profile={"unit": unit})
    migration = import_module("accounts.migrations.0003_unit_assignment_from_profiles")
    migration.forwards(apps, None)
    migration.forwards(apps, None)  # idempotent
    assert list(UnitAssignment.objects.values_list("user", "unit")) == [
        (focal.pk, unit.pk)
    ]
    assert not UnitAssignment.objects.filter(user=learner).exists()


def test_only_an_administrator_assigns_units_in_the_admin(client, focal_point):
    from django.urls import reverse

    from accounts.models import UnitAssignment

    unit = UnitFactory()
    add_url = reverse("wagtailsnippets_accounts_unitassignment:add")
    client.force_login(focal_point)
    response = client.post(add_url, {"user": focal_point.pk, "unit": unit.pk})
    assert response.status_code in (302, 403)
    assert unit.pk not in report_scope(focal_point)

    admin = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(admin)
    listing = client.get(reverse("wagtailsnippets_accounts_unitassignment:list"))
    assert listing.status_code == 200
    response = client.post(add_url, {"user": focal_point.pk, "unit": unit.pk})
    assert response.status_code == 302
    assignment = UnitAssignment.objects.get(user=focal_point, unit=unit)
    assert assignment.assigned_by == admin
    focal_point.__dict__.pop("_unit_scope", None)
    assert unit.pk in report_scope(focal_point)


def test_the_demo_focal_point_is_assigned_their_unit(directory_seed):
    from accounts import demo
    from accounts.models import User

    demo.load()
    focal = User.objects.get(email="daumoi@demo.shtt.vn")
    assert [unit.code for unit in assigned_units(user=focal)] == ["ubnd-tp-vi-thanh"]


def test_a_bare_unit_given_as_a_scope_means_that_unit_and_its_subtree():
    from accounts.selectors import ALL_UNITS, as_scope

    parent = UnitFactory()
    child = UnitFactory(parent=parent)
    assert as_scope(parent).unit_ids == {parent.pk, child.pk}
    assert as_scope(ALL_UNITS) is ALL_UNITS
    with pytest.raises(PermissionDenied):
        as_scope(None)
