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

        # The cached site identity follows its setting, the sites and images.
        from django.db.models.signals import post_delete, post_save
        from wagtail.images import get_image_model
        from wagtail.models import Site

        from .identity import SiteIdentity, identity_changed

        for model in (SiteIdentity, Site, get_image_model()):
            for signal in (post_save, post_delete):
                signal.connect(identity_changed, sender=model, dispatch_uid="core.id")

        # Wagtail's slug field transliterates through per-language tables that
        # have no Vietnamese: give it the accented letters' base letters first
        # (the public override of generated form fields; see core.text).
        from django.db import models
        from wagtail.admin.forms.models import register_form_field_override
        from wagtail.admin.widgets import SlugInput

        from .text import slug_formatters

        register_form_field_override(
            models.SlugField,
            override={"widget": SlugInput(formatters=slug_formatters())},
        )
