from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """Site-wide pieces: home page, language, dates, demo orchestration."""

    name = "core"
    verbose_name = _("Site")
