"""Receivers of the accounts app, each for named senders (connected by
``AccountsConfig.ready``)."""

from allauth.account.signals import email_confirmed
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save

from . import services
from .backends import PERMISSIONS
from .roles import roles_sync


def permissions_changed(sender, **kwargs) -> None:
    """A role, a group's permissions or a person's own changed: the permissions
    ``accounts.backends.CachedPermissionsBackend`` keeps are stale."""
    PERMISSIONS.bump()


def roles_sync_after_migrate(sender, **kwargs) -> None:
    if kwargs.get("plan") is None:
        # ``flush`` between transactional tests sends post_migrate without a
        # migration plan; recreating the groups there would collide with the
        # rows a serialized rollback restores.
        return
    roles_sync(verbosity=kwargs.get("verbosity", 1))


def email_claims_release(sender, request=None, email_address=None, **kwargs) -> None:
    services.email_claims_release(email_address=email_address)


def connect(app_config) -> None:
    post_migrate.connect(roles_sync_after_migrate, sender=app_config)
    email_confirmed.connect(
        email_claims_release, dispatch_uid="accounts.email_claims_release"
    )
    uid = "accounts.permissions_changed"
    user = get_user_model()
    for through in (
        user.groups.through,
        user.user_permissions.through,
        Group.permissions.through,
    ):
        m2m_changed.connect(permissions_changed, sender=through, dispatch_uid=uid)
    for model in (Group, Permission):
        for signal in (post_save, post_delete):
            signal.connect(permissions_changed, sender=model, dispatch_uid=uid)
