from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    """People: the e-mail login, the learner profile and the four roles."""

    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from . import signal_handlers

        signal_handlers.connect(self)
