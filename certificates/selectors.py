"""Reads: a learner's certificates, look-up by verification code or by the
printed number with the holder's name, the public view."""

import datetime
import unicodedata

from django.db.models import QuerySet

from .models import Certificate, CertificateStatus


def certificates_for_user(*, user) -> QuerySet[Certificate]:
    return (
        Certificate.objects.filter(user=user)
        .select_related("course", "training_class")
        .order_by("-created_at", "-pk")
    )


def certificate_by_code(*, code: str) -> Certificate | None:
    """Exact match only: never reveals whether similar codes exist."""
    if not code or len(code) > 64:
        return None
    return (
        Certificate.objects.select_related("replaced_by")
        .filter(verification_code=code)
        .first()
    )


def name_fold(text: str) -> str:
    """Case, accents and spacing forgiven: "NGUYỄN thị  Hà" -> "nguyen thi ha"."""
    text = unicodedata.normalize("NFD", (text or "").replace("đ", "d"))
    text = text.replace("Đ", "D")
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
    return " ".join(text.casefold().split())


def certificate_by_serial_and_name(*, serial: str, name: str) -> Certificate | None:
    """The certificate with this printed number whose holder has this name.

    A wrong name and an unknown number give the same None: serials are
    sequential, so a number alone must reveal nothing.
    """
    if not serial or not name.strip():
        return None
    certificate = (
        Certificate.objects.select_related("replaced_by").filter(serial=serial).first()
    )
    if certificate is None or name_fold(certificate.holder_name) != name_fold(name):
        return None
    return certificate


def _date_of_birth(data: dict) -> datetime.date | None:
    try:
        return datetime.datetime.strptime(data.get("date_of_birth", ""), "%d/%m/%Y")
    except ValueError:
        return None


def certificate_public(
    *, certificate: Certificate, typed_date_of_birth: datetime.date | None = None
) -> dict:
    """What anybody holding the code (or number and name) may know.

    The date of birth is personal data (Decree 13/2023): it is shown only when
    the visitor typed it and it matches; ``date_of_birth_matches`` says whether
    it did (None: not typed, or the certificate prints none). The signed QR
    payload carries it too, so the payload is left out in the same cases.
    """
    data = certificate.data
    replaced_by = getattr(certificate, "replaced_by", None)
    printed = _date_of_birth(data)
    matches = None
    if typed_date_of_birth is not None and printed is not None:
        matches = printed.date() == typed_date_of_birth
    show_birth = printed is None or bool(matches)
    return {
        "serial": certificate.serial,
        "status": certificate.status,
        "valid": certificate.status != CertificateStatus.REVOKED,
        "holder_name": data.get("holder_name", ""),
        "date_of_birth": data.get("date_of_birth", "") if matches else "",
        "date_of_birth_matches": matches,
        "course_title": data.get("course_title", ""),
        "level": data.get("level", ""),
        "level_label": data.get("level_label", ""),
        "hours": data.get("hours", ""),
        "class_title": data.get("class_title", ""),
        "class_dates": data.get("class_dates", ""),
        "issue_date": data.get("issue_date", ""),
        "issuer": data.get("issuer_name", ""),
        "version": certificate.version,
        "revoked_at": (
            certificate.revoked_at.isoformat() if certificate.revoked_at else None
        ),
        "revocation_reason": certificate.revocation_reason or None,
        "replaced_by_serial": replaced_by.serial if replaced_by else None,
        "key_id": certificate.key_id,
        "payload": certificate.payload if show_birth else None,
    }
