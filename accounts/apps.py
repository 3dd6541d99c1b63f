from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    """People: the e-mail login, the learner profile and the four roles."""

    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        post_migrate.connect(_sync_roles_after_migrate, sender=self)


def _sync_roles_after_migrate(sender, **kwargs):
    from .roles import roles_sync

    if kwargs.get("plan") is None:
        # ``flush`` between transactional tests sends post_migrate without a
        # migration plan; recreating the groups there would collide with the
        # rows a serialized rollback restores.
        return

    roles_sync(verbosity=kwargs.get("verbosity", 1))
