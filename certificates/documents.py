"""From the database to the frozen ``Certificate.data`` and back to a document.

``data_build`` gathers, once, everything a certificate prints (holder, course,
class, issuer, signer, wording, colours, the signed payload); the services store
it in ``Certificate.data``. ``document_from_data`` turns that frozen dict into
the :class:`certificates.pdf.CertificateDocument` that ``certificate_pdf``
renders, so later changes to profiles, courses or settings never alter a
certificate already recorded.
"""

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.files.storage import default_storage
from django.urls import reverse

from core.dates import vietnamese_date

from . import signing
from .pdf import CertificateColours, CertificateDocument, CertificateTexts

LEVEL_LABELS_VI = {
    "basic": "Cơ bản",
    "intermediate": "Nâng cao",
    "advanced": "Chuyên sâu",
}


def short_date(value: datetime.date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def hours_text(value) -> str:
    """24 → "24", 3.5 → "3,5" (Vietnamese decimal comma)."""
    if value in (None, ""):
        return ""
    number = Decimal(str(value)).normalize()
    text = format(number, "f")
    return text.replace(".", ",")


def class_dates_text(start: datetime.date | None, end: datetime.date | None) -> str:
    if not start:
        return ""
    if not end or end == start:
        return f"ngày {short_date(start)}"
    return f"từ ngày {short_date(start)} đến ngày {short_date(end)}"


def lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def issuer_text(issuer_lines: list[str]) -> str:
    """The issuer claim: the printed header lines, as one string."""
    return " / ".join(" ".join(line.split()) for line in issuer_lines if line.strip())


def site_url() -> str:
    return settings.SITE_URL.rstrip("/")


def verification_url(code: str) -> str:
    return site_url() + reverse("certificates:verify_detail", args=[code])


def settings_snapshot(cert_settings, issuer=None) -> dict:
    """The parts of CertificateSettings a certificate freezes.

    ``issuer`` is the ``directory.IssuerPeriod`` covering the issue date, if an
    editor recorded one: its header lines, place and signer then replace the
    settings' (a certificate of 2024 says Hậu Giang, one of 2026 the merged
    city). Its signer applies only when it names a title, so a period without
    one keeps the settings' signer.
    """
    snapshot = {
        "issuer_name": cert_settings.issuer_name,
        "issuer_lines": lines(cert_settings.issuer_lines),
        "issue_place": cert_settings.issue_place,
        "signer_title_lines": lines(cert_settings.signer_title),
        "signer_name": cert_settings.signer_name,
        "signature_image": _image_file(cert_settings.signature_image),
        "seal_image": _image_file(cert_settings.seal_image),
        "texts": {
            "title": cert_settings.title_text,
            "intro": cert_settings.intro_text,
            "completion": cert_settings.completion_text,
        },
        "colours": {
            "primary": cert_settings.primary_colour,
            "accent": cert_settings.accent_colour,
            "text": cert_settings.text_colour,
        },
    }
    if issuer is not None:
        snapshot.update(
            issuer_name=issuer.issuer_name,
            issuer_lines=issuer.issuer_line_list,
            issue_place=issuer.place,
        )
        if issuer.signer_title_list:
            snapshot.update(
                signer_title_lines=issuer.signer_title_list,
                signer_name=issuer.signer_name,
            )
    return snapshot


def _image_file(image) -> str:
    """The stored file name of a Wagtail image (kept even if the setting changes)."""
    return image.file.name if image is not None and image.file else ""


def data_build(
    *,
    holder_name: str,
    date_of_birth: datetime.date | None,
    course_title: str,
    course_url: str,
    course_description: str,
    level: str,
    hours,
    class_title: str,
    class_start: datetime.date | None,
    class_end: datetime.date | None,
    issue_date: datetime.date,
    serial: str,
    code: str,
    snapshot: dict,
    private_key,
    key_id: str,
) -> dict:
    """Everything printed on the certificate, with the signed QR payload."""
    holder_name = " ".join(holder_name.split())
    course_title = " ".join(course_title.split())
    level_label = LEVEL_LABELS_VI.get(level, level)
    # Every fact the PDF prints is signed (issue 14): a forger who copies the QR
    # onto other text is caught field by field by ``verify_certificate --pdf``.
    claims = signing.Claims(
        serial=serial,
        name=holder_name,
        course=course_title,
        date=issue_date.isoformat(),
        date_of_birth=date_of_birth.isoformat() if date_of_birth else "",
        level=level_label,
        hours=hours_text(hours),
        class_title=" ".join(class_title.split()),
        class_start=class_start.isoformat() if class_start else "",
        class_end=class_end.isoformat() if class_end else "",
        issuer=issuer_text(snapshot.get("issuer_lines") or []),
    )
    payload = signing.payload_sign(claims, private_key=private_key, key_id=key_id)
    url = verification_url(code)
    return {
        "holder_name": holder_name,
        "date_of_birth": short_date(date_of_birth),
        "course_title": course_title,
        "course_url": course_url,
        "course_description": course_description,
        "level": level,
        "level_label": level_label,
        "hours": hours_text(hours),
        "class_title": class_title,
        "class_start": class_start.isoformat() if class_start else "",
        "class_end": class_end.isoformat() if class_end else "",
        "class_dates": class_dates_text(class_start, class_end),
        "issue_date": issue_date.isoformat(),
        "issue_date_text": vietnamese_date(issue_date, administrative=True),
        "serial": serial,
        "verification_code": code,
        "verification_url": url,
        "verify_base_url": site_url() + reverse("certificates:verify"),
        "payload": payload,
        "key_id": key_id,
        "qr_text": f"{url}#{payload}",
        **snapshot,
    }


def _read(name: str) -> bytes | None:
    if not name:
        return None
    try:
        with default_storage.open(name, "rb") as handle:
            return handle.read()
    except (FileNotFoundError, OSError):
        return None


def document_from_data(data: dict, *, with_images: bool = True) -> CertificateDocument:
    texts = CertificateTexts()
    for field, value in (data.get("texts") or {}).items():
        if value and hasattr(texts, field):
            setattr(texts, field, value)
    colours = CertificateColours(**(data.get("colours") or {}))
    return CertificateDocument(
        holder_name=data["holder_name"],
        course_title=data["course_title"],
        serial=data["serial"],
        issue_date_text=data.get("issue_date_text", ""),
        verification_url=data.get("verification_url", ""),
        qr_text=data.get("qr_text", ""),
        verification_code=data.get("verification_code", ""),
        verify_base_url=data.get("verify_base_url", ""),
        date_of_birth=data.get("date_of_birth", ""),
        level_label=data.get("level_label", ""),
        hours=data.get("hours", ""),
        class_title=data.get("class_title", ""),
        class_dates=data.get("class_dates", ""),
        issue_place=data.get("issue_place", ""),
        issuer_lines=list(data.get("issuer_lines") or []),
        signer_title_lines=list(data.get("signer_title_lines") or []),
        signer_name=data.get("signer_name", ""),
        texts=texts,
        colours=colours,
        signature_image=_read(data.get("signature_image", "")) if with_images else None,
        seal_image=_read(data.get("seal_image", "")) if with_images else None,
    )
