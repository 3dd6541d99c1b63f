"""Reading a certificate PDF back: its QR image, its text, field by field.

Used by ``manage.py verify_certificate --pdf``. The QR is decoded from the
rendered page (pypdfium2 rasterises, zxing-cpp reads), never taken from the
PDF's Keywords, which anybody can copy into a forged file; every printed fact
is then compared with the signed claims, and a mismatch names the field.
Pure functions: bytes and claims in, findings out; no ORM.
"""

import datetime
import io
import re
import unicodedata
from dataclasses import dataclass

from core.dates import vietnamese_date

from .pdf import KEYWORDS_PREFIX, CertificateTexts
from .signing import Claims

RENDER_DPI = 200


class PdfReadError(Exception):
    """The file is not a readable PDF."""


@dataclass
class PdfContents:
    qr_texts: list[str]
    page_text: str
    keywords: str | None  # the QR text stored in Keywords, if any


def squash(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text or "").split())


def pdf_contents(content: bytes) -> PdfContents:
    import pypdfium2
    import zxingcpp
    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(content))
        keywords = (reader.metadata or {}).get("/Keywords") or ""
        page_text = "\n".join(page.extract_text() or "" for page in reader.pages)
        document = pypdfium2.PdfDocument(content)
    except Exception as exc:  # pypdf and PDFium raise many kinds on bad files
        raise PdfReadError(str(exc) or exc.__class__.__name__) from exc
    qr_texts = []
    try:
        for index in range(len(document)):
            bitmap = document[index].render(scale=RENDER_DPI / 72, grayscale=True)
            image = bitmap.to_pil()
            for result in zxingcpp.read_barcodes(
                image, formats=zxingcpp.BarcodeFormat.QRCode
            ):
                qr_texts.append(result.text)
    finally:
        document.close()
    stored = (
        keywords[len(KEYWORDS_PREFIX) :]
        if keywords.startswith(KEYWORDS_PREFIX)
        else None
    )
    return PdfContents(qr_texts=qr_texts, page_text=page_text, keywords=stored)


def _iso(value: str) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value)
    except (TypeError, ValueError):
        return None


def _short(value: str) -> str:
    day = _iso(value)
    return day.strftime("%d/%m/%Y") if day else value


def class_dates_text(start: str, end: str) -> str:
    """As ``documents.class_dates_text`` prints them, from ISO dates."""
    if not start:
        return ""
    if not end or end == start:
        return f"ngày {_short(start)}"
    return f"từ ngày {_short(start)} đến ngày {_short(end)}"


def _present(phrase: str, text: str) -> bool:
    """``phrase`` in ``text`` as whole words ("Hà" is not in "Hàn")."""
    pattern = r"(?<!\w)" + re.escape(squash(phrase)) + r"(?!\w)"
    return re.search(pattern, text) is not None


def printed_mismatches(claims: Claims, page_text: str) -> list[str]:
    """The fields whose printed text differs from the signed claims.

    Labelled lines (date of birth, level, hours) must be printed exactly once
    with the signed value, and not at all when the claim is absent, so a
    forger can neither change nor add them. Version 1 payloads signed only
    serial, name, course and date; their other lines cannot be checked.
    """
    text = squash(page_text)
    upper = text.upper()
    labels = CertificateTexts()
    wrong = []

    def check(field: str, phrase: str) -> None:
        if phrase and not _present(phrase, text):
            wrong.append(field)

    check("serial", claims.serial)
    check("name", claims.name)
    check("course", claims.course)
    day = _iso(claims.date)
    check("date", vietnamese_date(day, administrative=True) if day else claims.date)
    if claims.version < 2:
        return wrong
    labelled = (
        ("date_of_birth", labels.date_of_birth_label, _short(claims.date_of_birth)),
        ("level", labels.level_label, claims.level),
        ("hours", labels.hours_label, claims.hours),
    )
    for field, label, value in labelled:
        count = len(re.findall(re.escape(label), text))
        if value:
            suffix = f" {labels.hours_unit}" if field == "hours" else ""
            if count != 1 or not _present(f"{label} {value}{suffix}", text):
                wrong.append(field)
        elif count:
            wrong.append(field)
    check("class", claims.class_title)
    check("class_dates", class_dates_text(claims.class_start, claims.class_end))
    for line in claims.issuer.split(" / ") if claims.issuer else []:
        if not _present(line.upper(), upper):
            wrong.append("issuer")
            break
    return wrong
