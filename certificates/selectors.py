"""Reads: a learner's certificates, look-up by verification code, public view."""

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


def certificate_public(*, certificate: Certificate) -> dict:
    """What anybody holding the code may know, for the page and the JSON."""
    data = certificate.data
    replaced_by = getattr(certificate, "replaced_by", None)
    return {
        "serial": certificate.serial,
        "status": certificate.status,
        "valid": certificate.status != CertificateStatus.REVOKED,
        "holder_name": data.get("holder_name", ""),
        "date_of_birth": data.get("date_of_birth", ""),
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
        "payload": certificate.payload,
    }
