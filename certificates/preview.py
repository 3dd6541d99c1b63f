"""A sample certificate with the current settings (admin preview and command).

The sample is signed with a throw-away key whose id is ``preview``, which is
never published: a preview can never pass verification.
"""

import datetime

from django.conf import settings
from django.db import DatabaseError
from django.utils import timezone

from directory.selectors import issuer_on

from . import documents, signing
from .models import CertificateSettings
from .pdf import certificate_pdf
from .services import certificate_settings

SAMPLE_CODE = "MAU-XEM-TRUOC-0000000"


def default_snapshot() -> dict:
    return documents.settings_snapshot(CertificateSettings())


def current_snapshot() -> dict:
    """The site's settings, or the defaults when there is no database."""
    try:
        return documents.settings_snapshot(
            certificate_settings(), issuer=issuer_on(timezone.localdate())
        )
    except DatabaseError:
        return default_snapshot()


def preview_data(
    *,
    name: str,
    course: str,
    hours=None,
    snapshot: dict | None = None,
    issue_date: datetime.date | None = None,
) -> dict:
    issue_date = issue_date or timezone.localdate()
    start = issue_date - datetime.timedelta(days=4)
    return documents.data_build(
        holder_name=name,
        date_of_birth=datetime.date(1990, 4, 12),
        course_title=course,
        course_url=documents.site_url() + "/",
        course_description="",
        level="basic",
        hours=8 if hours is None else hours,
        class_title="Lớp tập huấn mẫu",
        class_start=start,
        class_end=issue_date,
        issue_date=issue_date,
        serial=f"{settings.CERTIFICATE_SERIAL_PREFIX}-{issue_date.year}-000000",
        code=SAMPLE_CODE,
        snapshot=snapshot if snapshot is not None else current_snapshot(),
        private_key=signing.private_key_generate(),
        key_id="preview",
    )


def preview_pdf(**kwargs) -> bytes:
    return certificate_pdf(documents.document_from_data(preview_data(**kwargs)))
