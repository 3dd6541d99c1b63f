"""The one admin menu item the apps share shows itself only to allowed users."""

import pytest
from django.test import RequestFactory

from accounts.roles import Role
from core.admin_menu import PermissionMenuItem
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def request_for(user):
    request = RequestFactory().get("/admin/")
    request.user = user
    return request


def test_an_item_with_a_permission_shows_to_who_has_it_only():
    item = PermissionMenuItem(
        "Register", "/admin/x/", permission="certificates.view_certificate"
    )
    assert item.is_shown(request_for(UserFactory(role=Role.EDITOR)))
    assert not item.is_shown(request_for(UserFactory(role=Role.LEARNER)))


def test_an_item_with_a_check_asks_the_check_not_the_permissions():
    learner, editor = UserFactory(role=Role.LEARNER), UserFactory(role=Role.EDITOR)
    item = PermissionMenuItem(
        "Progress", "/admin/y/", check=lambda user: user.pk == learner.pk
    )
    assert item.is_shown(request_for(learner))  # holds no permission at all
    assert not item.is_shown(request_for(editor))


def test_an_item_takes_a_permission_or_a_check_not_both_nor_neither():
    with pytest.raises(TypeError):
        PermissionMenuItem("x", "/", permission="a.b", check=lambda user: True)
    with pytest.raises(TypeError):
        PermissionMenuItem("x", "/")
