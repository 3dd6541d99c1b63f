"""Every file the platform writes goes through Django's storage API.

Certificate PDFs, the bulk-issue ZIP, the annual report (PDF + XLSX) and a
spreadsheet export are generated with the default storage swapped for
Django's InMemoryStorage: each file must land there (so S3/MinIO works the
same way), readable back through the storage, and nothing may appear under
MEDIA_ROOT on disk.
"""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.storage import storages
from django.test import override_settings

from tests.security.world import build_world

IN_MEMORY = {
    **settings.STORAGES,
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
}


def _files_on_disk(root: Path) -> set[str]:
    if not root.exists():
        return set()
    return {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()}


@pytest.mark.django_db
def test_certificates_reports_and_exports_are_written_through_the_storage_api(
    tmp_path,
):
    media = tmp_path / "media"
    with override_settings(STORAGES=IN_MEMORY, MEDIA_ROOT=str(media)):
        storages._storages.pop("default", None)  # rebuild with the new settings
        world = build_world()

        from certificates.bulk import bulk_issue_run, bulk_issue_start
        from plan.services import (
            annual_report_render,
            export_job_create,
            report_job_run,
        )

        certificate = world.certificate
        assert certificate.pdf.name
        assert certificate.pdf.storage.__class__.__name__ == "InMemoryStorage"
        assert certificate.pdf.open("rb").read(5) == b"%PDF-"

        job = bulk_issue_start(
            training_class=world.training_class, actor=world.users["editor"]
        )
        job = bulk_issue_run(job_id=job.pk)
        if job.archive:
            assert job.archive.storage.__class__.__name__ == "InMemoryStorage"
            assert job.archive.open("rb").read(2) == b"PK"

        version = annual_report_render(
            report=world.annual_report, user=world.users["plan_manager"]
        )
        assert version.pdf.open("rb").read(5) == b"%PDF-"
        assert version.xlsx.open("rb").read(2) == b"PK"
        assert version.pdf.storage.__class__.__name__ == "InMemoryStorage"

        export = export_job_create(
            user=world.users["plan_manager"], params={"format": "xlsx"}, total=1
        )
        export = report_job_run(job_id=export.pk)
        assert export.status == "done", export.error
        assert export.file.storage.__class__.__name__ == "InMemoryStorage"
        assert export.file.open("rb").read(2) == b"PK"
    storages._storages.pop("default", None)
    assert _files_on_disk(media) == set()
