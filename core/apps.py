from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """Site-wide pieces: home page, language, dates, demo orchestration."""

    name = "core"
    verbose_name = _("Site")

    def ready(self) -> None:
        from django.core.signals import request_finished, request_started

        from .cache import request_generations_end, request_generations_start

        request_started.connect(request_generations_start, dispatch_uid="core.gen")
        request_finished.connect(request_generations_end, dispatch_uid="core.gen")
