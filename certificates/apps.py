import logging

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)


def on_enrollment_completed(sender, enrollment, **kwargs):
    """Issue the certificate when a course that awards one is completed.

    Runs inside the transaction that completes the enrolment; an error here is
    logged and must not undo the completion (the periodic sweep retries).
    """
    from . import services

    if not enrollment.course.awards_certificate:
        return
    try:
        services.certificate_issue(enrollment=enrollment)
    except Exception:
        logger.exception("certificate for enrolment %s not issued", enrollment.pk)


class CertificatesConfig(AppConfig):
    """Certificates: issue, PDF, verification, revocation."""

    name = "certificates"
    verbose_name = _("Certificates")

    def ready(self):
        from courses.signals import enrollment_completed
        from courses.steps import register_step_provider

        from .steps import certificate_steps

        # The certificate closes a course's outline (courses.steps).
        register_step_provider("certificate", certificate_steps)

        enrollment_completed.connect(
            on_enrollment_completed, dispatch_uid="certificates_issue_on_completion"
        )
