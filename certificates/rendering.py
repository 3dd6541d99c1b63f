"""Rendering and e-mail of certificates (re-exported by ``services``).

``certificate_render`` turns a pending certificate's frozen data into its PDF
once (row lock + status check, so retried or duplicated tasks do nothing). What
the queue missed is caught up by ``certificates.sweep``.
"""

import logging

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from core import outbox
from core.dates import vietnamese_date

from . import documents
from .chains import enrollments_certified_sync
from .models import Certificate, CertificateEvent, CertificateStatus
from .pdf import certificate_pdf
from .pdf_stamp import RevocationStamp

logger = logging.getLogger(__name__)

#: Errors that mean "the broker is unreachable" (kept for callers of services).
BROKER_ERRORS = outbox.BROKER_ERRORS


def event_record(certificate, action, *, actor=None, reason="", **detail) -> None:
    CertificateEvent.objects.create(
        certificate=certificate,
        action=action,
        actor=actor,
        reason=reason,
        detail=detail,
    )


def render_enqueue(certificate_id: int) -> None:
    """Ask a worker to render. With the broker away the message waits in the
    outbox like every other task's (``core.outbox``); the certificate stays
    *pending* meanwhile, which the periodic sweep also picks up, so even a
    message lost outright is caught. Both paths render it once."""
    from .tasks import render_certificate

    outbox.task_enqueue(render_certificate, certificate_id)


# --- render and e-mail --------------------------------------------------------------


def certificate_pdf_bytes(certificate: Certificate) -> bytes:
    return certificate_pdf(documents.document_from_data(certificate.data))


def revocation_stamp(certificate: Certificate) -> RevocationStamp:
    """The stamp's wording (Vietnamese, like every line of the certificate)."""
    revoked_on = timezone.localdate(certificate.revoked_at or timezone.now())
    replaced_by = Certificate.objects.filter(replaces=certificate).first()
    return RevocationStamp(
        word="ĐÃ THU HỒI",
        date_line=vietnamese_date(revoked_on, administrative=True),
        reason_line=f"Lý do: {certificate.revocation_reason}",
        replacement_line=(
            f"Thay thế bằng giấy chứng nhận số {replaced_by.serial}"
            if replaced_by
            else ""
        ),
    )


def revoked_pdf_bytes(certificate: Certificate) -> bytes:
    """A revoked certificate's PDF, rendered again with the stamp across it
    (never stored: the stored file stays the one that was issued)."""
    document = documents.document_from_data(certificate.data)
    document.revoked = revocation_stamp(certificate)
    return certificate_pdf(document)


def certificate_render(*, certificate_id: int, notify: bool = True) -> Certificate:
    """Render a pending certificate's PDF once, store it, mark it issued."""
    with transaction.atomic():
        certificate = Certificate.objects.select_for_update().get(pk=certificate_id)
        if certificate.status != CertificateStatus.PENDING or certificate.pdf:
            return certificate
        certificate.render_attempts += 1
        try:
            content = certificate_pdf_bytes(certificate)
        except Exception as exc:
            Certificate.objects.filter(pk=certificate.pk).update(
                render_attempts=certificate.render_attempts, last_error=str(exc)[:2000]
            )
            raise
        certificate.pdf.save(
            f"{certificate.serial}.pdf", ContentFile(content), save=False
        )
        certificate.status = CertificateStatus.ISSUED
        certificate.issued_at = timezone.now()
        certificate.last_error = ""
        certificate.save(
            update_fields=[
                "pdf",
                "status",
                "issued_at",
                "render_attempts",
                "last_error",
            ]
        )
        event_record(certificate, CertificateEvent.Action.RENDERED, size=len(content))
        # Issued: the enrolment now counts as trained (plan headcount).
        enrollments_certified_sync(enrollment_ids=[certificate.enrollment_id])
        if notify:
            transaction.on_commit(lambda: email_enqueue(certificate.pk), robust=True)
    return certificate


def email_enqueue(certificate_id: int) -> None:
    """Queue the holder's e-mail (outbox and sweep as for the rendering)."""
    from .tasks import email_certificate

    outbox.task_enqueue(email_certificate, certificate_id)


def certificate_email_send(*, certificate_id: int) -> bool:
    """E-mail the holder the link to their certificate (once)."""
    with transaction.atomic():
        certificate = (
            Certificate.objects.select_for_update()
            .select_related("user")
            .get(pk=certificate_id)
        )
        if certificate.emailed_at or certificate.status != CertificateStatus.ISSUED:
            return False
        context = {
            "certificate": certificate,
            "holder_name": certificate.holder_name,
            "course_title": certificate.course_title,
            "my_url": documents.site_url() + reverse("certificates:mine"),
            "verify_url": certificate.data.get("verification_url", ""),
            "issuer_name": certificate.data.get("issuer_name", ""),
        }
        with translation.override(settings.LANGUAGE_CODE):
            subject = render_to_string("certificates/email/issued_subject.txt", context)
            body = render_to_string("certificates/email/issued_body.txt", context)
        send_mail(
            " ".join(subject.split()),
            body,
            settings.DEFAULT_FROM_EMAIL,
            [certificate.user.email],
        )
        certificate.emailed_at = timezone.now()
        certificate.save(update_fields=["emailed_at"])
        event_record(
            certificate, CertificateEvent.Action.EMAILED, to=certificate.user.email
        )
    return True
