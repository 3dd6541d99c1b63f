from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    """People: the e-mail login, the learner profile and the four roles."""

    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from django.contrib.auth import get_user_model
        from django.contrib.auth.models import Group, Permission
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from .backends import permissions_changed

        post_migrate.connect(_sync_roles_after_migrate, sender=self)
        from allauth.account.signals import email_confirmed

        email_confirmed.connect(
            _release_email_claims, dispatch_uid="accounts.email_claims_release"
        )
        # The permissions cached by accounts.backends.CachedPermissionsBackend.
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


def _sync_roles_after_migrate(sender, **kwargs):
    from .roles import roles_sync

    if kwargs.get("plan") is None:
        # ``flush`` between transactional tests sends post_migrate without a
        # migration plan; recreating the groups there would collide with the
        # rows a serialized rollback restores.
        return

    roles_sync(verbosity=kwargs.get("verbosity", 1))


def _release_email_claims(sender, request=None, email_address=None, **kwargs):
    from .services import email_claims_release

    email_claims_release(email_address=email_address)
