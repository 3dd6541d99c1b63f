from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificatesConfig(AppConfig):
    """Certificates: issue, PDF, verification, revocation."""

    name = "certificates"
    verbose_name = _("Certificates")

    def ready(self):
        from courses.steps import register_step_provider

        from .steps import certificate_steps

        # The certificate closes a course's outline (courses.steps).
        register_step_provider("certificate", certificate_steps)
