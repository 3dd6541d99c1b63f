from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanConfig(AppConfig):
    """The provincial plan as data, headcount reports and the annual report."""

    name = "plan"
    verbose_name = _("Plan")

    def ready(self):
        from . import signal_handlers

        signal_handlers.connect(self)
