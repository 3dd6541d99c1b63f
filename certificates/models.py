"""Certificates: the register of issued certificates, their audit trail and settings.

A certificate is recorded (``pending``) in the same transaction as the event that
makes it due, with its serial and everything it prints frozen in ``data``; a
Celery task renders the PDF and marks it ``issued``. Revoking keeps the record
(verification shows the revocation); re-issuing creates a new version that
``replaces`` the old one. State changes live in ``certificates.services``.
"""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import BackgroundJob


def verification_code_new() -> str:
    """128 random bits, URL-safe (22 characters)."""
    return secrets.token_urlsafe(16)


def certificate_upload_to(instance: "Certificate", filename: str) -> str:
    # A random part keeps the stored name unguessable even if the storage is
    # ever served directly; downloads go through the permission-checked view.
    return (
        f"certificates/{instance.serial_year}/"
        f"{instance.serial}-v{instance.version}-{secrets.token_urlsafe(8)}.pdf"
    )


def bulk_zip_upload_to(instance: "BulkIssueJob", filename: str) -> str:
    return f"certificates/bulk/{instance.pk}-{secrets.token_urlsafe(8)}.zip"


class CertificateStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    ISSUED = "issued", _("Issued")
    REVOKED = "revoked", _("Revoked")


class SerialCounter(models.Model):
    """The last serial number used in a year; locked row by row to stay gap-free."""

    year = models.PositiveSmallIntegerField(_("year"), primary_key=True)
    last_number = models.PositiveIntegerField(_("last number"), default=0)

    class Meta:
        verbose_name = _("serial counter")
        verbose_name_plural = _("serial counters")

    def __str__(self) -> str:
        return f"{self.year}: {self.last_number}"


class SigningKey(models.Model):
    """An Ed25519 key that has signed certificates; its public half is published.

    A key configured in the environment is recorded here with its public half
    only, the first time it signs. Without one, development and the demo generate
    a key and keep its private half here (``source = generated``).
    """

    class Source(models.TextChoices):
        SETTINGS = "settings", _("Environment (CERTIFICATE_SIGNING_KEY)")
        GENERATED = "generated", _("Generated for development or the demo")

    key_id = models.CharField(_("key id"), max_length=64, unique=True)
    public_key = models.CharField(_("public key (base64url)"), max_length=64)
    private_key_pem = models.TextField(_("private key (PEM)"), blank=True)
    source = models.CharField(_("source"), max_length=20, choices=Source.choices)
    is_active = models.BooleanField(_("signs new certificates"), default=True)
    created_at = models.DateTimeField(_("first used"), default=timezone.now)
    retired_at = models.DateTimeField(_("retired at"), null=True, blank=True)

    class Meta:
        verbose_name = _("signing key")
        verbose_name_plural = _("signing keys")
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["source"],
                condition=Q(source="generated", is_active=True),
                name="certificates_one_active_generated_key",
            )
        ]

    def __str__(self) -> str:
        return self.key_id


class Certificate(models.Model):
    """One certificate (giấy chứng nhận) of a learner for a course offering."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("holder"),
        on_delete=models.CASCADE,
        related_name="certificates",
    )
    course = models.ForeignKey(
        "courses.CoursePage",
        verbose_name=_("course"),
        on_delete=models.PROTECT,
        related_name="certificates",
    )
    training_class = models.ForeignKey(
        "courses.TrainingClass",
        verbose_name=_("training class"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="certificates",
    )
    enrollment = models.ForeignKey(
        "courses.Enrollment",
        verbose_name=_("enrolment"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="certificates",
    )
    # training_class_id or 0: NULLs never collide in a unique index, 0 does.
    offering_key = models.PositiveBigIntegerField(_("offering key"), default=0)
    serial = models.CharField(_("serial"), max_length=32, unique=True)
    serial_year = models.PositiveSmallIntegerField(_("serial year"))
    serial_number = models.PositiveIntegerField(_("serial number"))
    verification_code = models.CharField(
        _("verification code"),
        max_length=43,
        unique=True,
        default=verification_code_new,
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=CertificateStatus.choices,
        default=CertificateStatus.PENDING,
        db_index=True,
    )
    data = models.JSONField(_("printed data"), default=dict)
    payload = models.TextField(_("signed payload"), blank=True)
    key_id = models.CharField(_("key id"), max_length=64, blank=True)
    pdf = models.FileField(
        _("PDF"), upload_to=certificate_upload_to, blank=True, max_length=255
    )
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    replaces = models.OneToOneField(
        "self",
        verbose_name=_("replaces"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="replaced_by",
    )
    created_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    issued_at = models.DateTimeField(_("issued at"), null=True, blank=True)
    render_attempts = models.PositiveSmallIntegerField(_("render attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    emailed_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("revoked by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    revocation_reason = models.TextField(_("reason for revocation"), blank=True)

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["-created_at"]
        permissions = [
            ("revoke_certificate", _("Can revoke and re-issue certificates")),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "course", "offering_key"],
                condition=~Q(status="revoked"),
                name="certificates_one_valid_per_offering",
            ),
            models.UniqueConstraint(
                fields=["serial_year", "serial_number"],
                name="certificates_serial_number_unique",
            ),
        ]
        indexes = [
            models.Index(
                fields=["status", "created_at"], name="certificates_status_created"
            ),
            models.Index(fields=["issued_at"], name="certificates_issued_at"),
        ]

    def __str__(self) -> str:
        return self.serial

    @property
    def holder_name(self) -> str:
        return self.data.get("holder_name", "")

    @property
    def course_title(self) -> str:
        return self.data.get("course_title", "")

    @property
    def is_valid(self) -> bool:
        return self.status == CertificateStatus.ISSUED

    @property
    def is_revoked(self) -> bool:
        return self.status == CertificateStatus.REVOKED


class CertificateEvent(models.Model):
    """The audit trail: who did what to a certificate, when and why."""

    class Action(models.TextChoices):
        RECORDED = "recorded", _("Recorded")
        RENDERED = "rendered", _("PDF rendered")
        RENDER_FAILED = "render_failed", _("Rendering failed")
        EMAILED = "emailed", _("E-mailed to the holder")
        REVOKED = "revoked", _("Revoked")
        REISSUED = "reissued", _("Re-issued")

    certificate = models.ForeignKey(
        Certificate,
        verbose_name=_("certificate"),
        on_delete=models.CASCADE,
        related_name="events",
    )
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("at"), default=timezone.now)
    reason = models.TextField(_("reason"), blank=True)
    detail = models.JSONField(_("detail"), default=dict, blank=True)

    class Meta:
        verbose_name = _("certificate event")
        verbose_name_plural = _("certificate events")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.certificate_id} · {self.action} · {self.at:%Y-%m-%d %H:%M}"


class BulkIssueJob(BackgroundJob):
    """Issuing every certificate of a training class at once, in a Celery task."""

    run_task = "certificates.tasks.bulk_issue"

    training_class = models.ForeignKey(
        "courses.TrainingClass",
        verbose_name=_("training class"),
        on_delete=models.CASCADE,
        related_name="certificate_jobs",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("started at"), default=timezone.now)
    issued = models.PositiveIntegerField(_("newly issued"), default=0)
    archive = models.FileField(
        _("ZIP of the PDFs"), upload_to=bulk_zip_upload_to, blank=True, max_length=255
    )

    class Meta:
        verbose_name = _("bulk issue job")
        verbose_name_plural = _("bulk issue jobs")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.training_class} · {self.get_status_display()}"


from .site_settings import CertificateSettings  # noqa: E402,F401  (a model)
