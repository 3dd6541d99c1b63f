"""State changes of certificates: issue, render, e-mail, revoke, re-issue.

Issuing records the certificate (``pending``) with a gap-free serial and its
frozen data in the caller's transaction, then enqueues the rendering with
``transaction.on_commit``. If the broker is down the record stays ``pending``
and the periodic sweep (``certificates.tasks.render_pending``) renders it later.
Bulk issue for a training class lives in ``certificates.bulk``.
"""

import datetime
import logging

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Max, Min
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Site

from courses.models import Enrollment, EnrollmentStatus
from courses.selectors import class_is_over
from directory.selectors import issuer_on

from . import documents, keys, openbadges, status_list
from .chains import enrollments_certified_sync
from .models import (
    Certificate,
    CertificateEvent,
    CertificateSettings,
    CertificateStatus,
    SerialCounter,
    SigningKey,
)
from .rendering import (  # noqa: F401  (part of this module's interface)
    BROKER_ERRORS,
    certificate_email_send,
    certificate_pdf_bytes,
    certificate_render,
    email_enqueue,
    render_enqueue,
    revoked_pdf_bytes,
)
from .rendering import event_record as _event

logger = logging.getLogger(__name__)


class CertificateError(Exception):
    """A certificate cannot be issued, revoked or re-issued; the message says why."""


def certificate_settings() -> CertificateSettings:
    site = Site.objects.filter(is_default_site=True).first() or Site.objects.first()
    if site is None:
        return CertificateSettings()
    return CertificateSettings.for_site(site)


# --- serials -----------------------------------------------------------------------


def serial_format(year: int, number: int) -> str:
    return f"{settings.CERTIFICATE_SERIAL_PREFIX}-{year}-{number:06d}"


def serial_next(*, year: int) -> tuple[int, str]:
    """The next number of ``year``; call inside the transaction that uses it.

    The counter row stays locked until that transaction ends, and rolls back
    with it, so numbers are sequential and never skipped.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("serial_next must run inside a transaction")
    try:
        with transaction.atomic():
            SerialCounter.objects.get_or_create(year=year)
    except IntegrityError:  # created by a concurrent transaction just now
        pass
    counter = SerialCounter.objects.select_for_update().get(year=year)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return counter.last_number, serial_format(year, counter.last_number)


# --- issue -------------------------------------------------------------------------


def _valid_for(*, user_id, course_id, offering_key) -> Certificate | None:
    return (
        Certificate.objects.exclude(status=CertificateStatus.REVOKED)
        .filter(user_id=user_id, course_id=course_id, offering_key=offering_key)
        .first()
    )


def certificate_eligibility_error(*, enrollment: Enrollment) -> str | None:
    """Why this enrolment cannot get a certificate (None when it can)."""
    if not enrollment.course.awards_certificate:
        return _("This course does not award a certificate.")
    if enrollment.status != EnrollmentStatus.COMPLETED:
        return _("The learner has not completed this course yet.")
    if enrollment.training_class_id and not class_is_over(
        training_class=enrollment.training_class
    ):
        return _(
            "The class has not ended yet: its certificate follows its last session."
        )
    return None


def _holder(user) -> tuple[str, object]:
    profile = getattr(user, "profile", None)
    if profile is not None and profile.full_name.strip():
        return profile.full_name, profile.date_of_birth
    return (user.get_full_name() or user.email), None


def _data_for(*, user, course, training_class, serial, code, issue_date) -> dict:
    private_key, key_id = keys.signing_key_ensure()
    holder_name, date_of_birth = _holder(user)
    return documents.data_build(
        holder_name=holder_name,
        date_of_birth=date_of_birth,
        course_title=course.title,
        course_url=documents.site_url() + (course.url or ""),
        course_description=getattr(course, "summary", "") or "",
        level=getattr(course, "level", "") or "",
        hours=getattr(course, "estimated_hours", None),
        class_title=training_class.title if training_class else "",
        class_start=training_class.start_date if training_class else None,
        class_end=training_class.end_date if training_class else None,
        issue_date=issue_date,
        serial=serial,
        code=code,
        snapshot=documents.settings_snapshot(
            certificate_settings(), issuer=issuer_on(issue_date)
        ),
        private_key=private_key,
        key_id=key_id,
    )


def _create(
    *, user, course, training_class, enrollment, actor, replaces=None, reason=""
) -> Certificate:
    now = timezone.now()
    issue_date = timezone.localdate(now)
    number, serial = serial_next(year=issue_date.year)
    # The date printed is the day the course was completed, not the day a
    # (bulk, or late) issue ran; the serial keeps the year it was numbered in.
    completed_at = getattr(enrollment, "completed_at", None)
    printed_date = timezone.localdate(completed_at) if completed_at else issue_date
    certificate = Certificate(
        user=user,
        course=course,
        training_class=training_class,
        enrollment=enrollment,
        offering_key=training_class.pk if training_class else 0,
        serial=serial,
        serial_year=issue_date.year,
        serial_number=number,
        created_at=now,
        created_by=actor,
        version=(replaces.version + 1) if replaces else 1,
        replaces=replaces,
    )
    certificate.data = _data_for(
        user=user,
        course=course,
        training_class=training_class,
        serial=serial,
        code=certificate.verification_code,
        issue_date=printed_date,
    )
    certificate.payload = certificate.data["payload"]
    certificate.key_id = certificate.data["key_id"]
    certificate.save()
    _event(certificate, CertificateEvent.Action.RECORDED, actor=actor, reason=reason)
    return certificate


def certificate_issue(
    *, enrollment: Enrollment, actor=None, enqueue: bool = True
) -> Certificate:
    """Record the certificate of a completed enrolment (idempotent).

    Returns the existing valid certificate when there is one; two callers at the
    same time get the same record (unique constraint + row lock).
    """
    error = certificate_eligibility_error(enrollment=enrollment)
    if error:
        raise CertificateError(error)
    offering_key = enrollment.training_class_id or 0
    lookup = {
        "user_id": enrollment.user_id,
        "course_id": enrollment.course_id,
        "offering_key": offering_key,
    }
    existing = _valid_for(**lookup)
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            # Serialise issuers of the same enrolment; the constraint covers the rest.
            Enrollment.objects.select_for_update().only("pk").get(pk=enrollment.pk)
            existing = _valid_for(**lookup)
            if existing is not None:
                return existing
            certificate = _create(
                user=enrollment.user,
                course=enrollment.course,
                training_class=enrollment.training_class,
                enrollment=enrollment,
                actor=actor,
            )
    except IntegrityError:
        existing = _valid_for(**lookup)
        if existing is None:
            raise
        return existing
    if enqueue:
        transaction.on_commit(lambda: render_enqueue(certificate.pk), robust=True)
    return certificate


# --- revoke and re-issue --------------------------------------------------------------


def certificate_revoke(*, certificate: Certificate, actor, reason: str) -> Certificate:
    reason = (reason or "").strip()
    if not reason:
        raise CertificateError(_("Give the reason for revoking the certificate."))
    with transaction.atomic():
        certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
        if certificate.status == CertificateStatus.REVOKED:
            raise CertificateError(_("This certificate is already revoked."))
        certificate.status = CertificateStatus.REVOKED
        certificate.revoked_at = timezone.now()
        certificate.revoked_by = actor
        certificate.revocation_reason = reason
        certificate.save(
            update_fields=["status", "revoked_at", "revoked_by", "revocation_reason"]
        )
        _event(certificate, CertificateEvent.Action.REVOKED, actor=actor, reason=reason)
        enrollments_certified_sync(enrollment_ids=[certificate.enrollment_id])
    return certificate


def certificate_reissue(*, certificate: Certificate, actor, reason: str) -> Certificate:
    """Revoke ``certificate`` and issue a new version with the current data.

    Used after a correction (for example the holder's name in their profile).
    """
    reason = (reason or "").strip()
    if not reason:
        raise CertificateError(_("Give the reason for re-issuing the certificate."))
    with transaction.atomic():
        old = Certificate.objects.select_for_update().get(pk=certificate.pk)
        if old.status == CertificateStatus.REVOKED:
            raise CertificateError(_("A revoked certificate cannot be re-issued."))
        if Certificate.objects.filter(replaces=old).exists():
            raise CertificateError(_("This certificate has already been re-issued."))
        old = certificate_revoke(
            certificate=old,
            actor=actor,
            reason=_("Re-issued: %(reason)s") % {"reason": reason},
        )
        new = _create(
            user=old.user,
            course=old.course,
            training_class=old.training_class,
            enrollment=old.enrollment,
            actor=actor,
            replaces=old,
            reason=reason,
        )
        _event(
            old,
            CertificateEvent.Action.REISSUED,
            actor=actor,
            reason=reason,
            new_serial=new.serial,
        )
        # The new version keeps the chain counted in the year of its first issue.
        enrollments_certified_sync(enrollment_ids=[new.enrollment_id])
        transaction.on_commit(lambda: render_enqueue(new.pk), robust=True)
    return new


# --- Open Badges ---------------------------------------------------------------------


def issuer_id() -> str:
    """The issuer's id: its JSON-LD profile with the Multikey keys."""
    return documents.site_url() + reverse("certificates:issuer")


def certificate_openbadge(*, certificate: Certificate) -> dict:
    """The certificate as a signed OpenBadgeCredential (Open Badges 3.0).

    Signed now with the current key: ``created`` is the moment of signing, so
    it never predates the key after a rotation; ``validFrom`` is the issue.
    """
    data = certificate.data
    issued = certificate.issued_at or certificate.created_at
    stamp = _utc_stamp(issued)
    credential = openbadges.credential_build(
        credential_id=data["verification_url"],
        site_url=documents.site_url(),
        issuer_id=issuer_id(),
        issuer_name=data.get("issuer_name", ""),
        holder_name=data["holder_name"],
        course_url=data.get("course_url", ""),
        course_title=data["course_title"],
        course_description=data.get("course_description", ""),
        level_label=data.get("level_label", ""),
        hours=data.get("hours", ""),
        valid_from=stamp,
        serial=certificate.serial,
        activity_start=_iso_day(data.get("class_start")),
        activity_end=_iso_day(data.get("class_end")),
        credential_status=status_list.entry(
            list_url=status_list_url(), index=certificate.pk
        ),
    )
    private_key, key_id = keys.signing_key_ensure()
    return openbadges.credential_sign(
        credential,
        private_key=private_key,
        verification_method=f"{issuer_id()}#{key_id}",
        created=_utc_stamp(timezone.now()),
        # eddsa-rdfc-2022 is what 1EdTech's certification asks of issuers;
        # eddsa-jcs-2022 stays for verifiers that do not process JSON-LD.
        cryptosuites=(openbadges.RDFC_CRYPTOSUITE, openbadges.CRYPTOSUITE),
    )


def _utc_stamp(moment) -> str:
    return moment.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _iso_day(value: str | None) -> str:
    return f"{value}T00:00:00Z" if value else ""


# --- Bitstring Status List --------------------------------------------------------


def status_list_url() -> str:
    return documents.site_url() + reverse("certificates:status_list")


def status_list_credential() -> dict:
    """The signed revocation list of every certificate, as it is now.

    Built from the database on each call, so a revocation shows at once. It is
    deterministic for a given state (validFrom is the last change; Ed25519
    signatures are deterministic), so the view's ETag stays stable.
    """
    rows = Certificate.objects.aggregate(
        highest=Max("pk"), first=Min("created_at"), last_revoked=Max("revoked_at")
    )
    revoked = list(
        Certificate.objects.filter(status=CertificateStatus.REVOKED).values_list(
            "pk", flat=True
        )
    )
    private_key, key_id = keys.signing_key_ensure()
    key_since = (
        SigningKey.objects.filter(key_id=key_id)
        .values_list("created_at", flat=True)
        .first()
    )
    # The last change, but never before the signing key existed (rotation).
    moments = [m for m in (rows["last_revoked"], rows["first"], key_since) if m]
    changed = max(moments) if moments else timezone.now()
    stamp = _utc_stamp(changed)
    credential = status_list.credential_build(
        list_url=status_list_url(),
        issuer_id=issuer_id(),
        valid_from=stamp,
        revoked=revoked,
        size=status_list.list_size(rows["highest"] or 0),
    )
    return openbadges.credential_sign(
        credential,
        private_key=private_key,
        verification_method=f"{issuer_id()}#{key_id}",
        created=stamp,
    )
