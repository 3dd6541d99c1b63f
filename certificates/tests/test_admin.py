"""Admin: register, issue, revoke/re-issue, bulk issue (progress, ZIP), preview."""

import io
import zipfile

import pytest
from django.urls import reverse

from certificates import services
from certificates.models import BulkIssueJob, Certificate

from . import factories
from .pdfcheck import pdftotext, squash


@pytest.fixture
def issued(completed, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        certificate = services.certificate_issue(enrollment=completed)
    certificate.refresh_from_db()
    return certificate


def test_editors_see_the_register_and_export_it(client, editor, issued):
    client.force_login(editor)
    response = client.get(reverse("certificates_admin:register"))
    assert response.status_code == 200
    assert issued.serial in response.content.decode()
    export = client.get(reverse("certificates_admin:register") + "?export=csv")
    assert export.status_code == 200
    content = b"".join(export.streaming_content).decode("utf-8")
    assert issued.serial in content and "Nguyễn Thị Thu Hà" in content


def test_learners_cannot_reach_the_certificate_admin(client, learner, issued):
    client.force_login(learner)
    for name, args in (
        ("register", []),
        ("detail", [issued.pk]),
        ("issue", []),
        ("bulk", []),
        ("preview", []),
        ("pdf", [issued.pk]),
    ):
        response = client.get(reverse(f"certificates_admin:{name}", args=args))
        assert response.status_code in (302, 403), name


def test_an_editor_revokes_with_a_reason_through_the_admin(client, editor, issued):
    client.force_login(editor)
    url = reverse("certificates_admin:detail", args=[issued.pk])
    response = client.post(url, {"action": "revoke", "reason": ""})
    assert response.status_code == 200
    issued.refresh_from_db()
    assert issued.status == "issued"
    response = client.post(url, {"action": "revoke", "reason": "Học viên gian lận"})
    assert response.status_code == 302
    issued.refresh_from_db()
    assert issued.status == "revoked" and issued.revoked_by == editor
    page = client.get(url).content.decode()
    assert "Học viên gian lận" in page


def test_an_editor_reissues_through_the_admin(
    client, editor, issued, django_capture_on_commit_callbacks
):
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("certificates_admin:detail", args=[issued.pk]),
            {"action": "reissue", "reason": "Sửa ngày sinh"},
        )
    new = Certificate.objects.get(replaces=issued)
    assert response["Location"] == reverse("certificates_admin:detail", args=[new.pk])
    assert new.status == "issued" and new.version == 2


def test_an_editor_issues_manually_for_a_completed_enrolment(
    client, editor, completed, django_capture_on_commit_callbacks
):
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("certificates_admin:issue"), {"enrollment": completed.pk}
        )
    certificate = Certificate.objects.get()
    assert response.status_code == 302
    assert certificate.created_by == editor and certificate.status == "issued"


def test_bulk_issue_runs_as_a_job_with_progress_and_a_zip(
    client, editor, course, training_class, django_capture_on_commit_callbacks
):
    factories.completed_learners(course, 12, training_class=training_class)
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("certificates_admin:bulk"), {"training_class": training_class.pk}
        )
    job = BulkIssueJob.objects.get()
    assert response["Location"] == reverse("certificates_admin:job", args=[job.pk])
    page = client.get(response["Location"]).content.decode()
    assert "<progress" in page and "job-progress.js" in page
    status = client.get(reverse("certificates_admin:job_status", args=[job.pk])).json()
    assert status["status"] == "done" and status["done"] == status["total"] == 12
    assert status["percent"] == 100 and status["download_url"]
    archive = client.get(status["download_url"])
    data = b"".join(archive.streaming_content)
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    assert len(names) == 12 and all(n.endswith(".pdf") for n in names)
    assert Certificate.objects.filter(status="issued").count() == 12


def test_bulk_issue_twice_issues_nothing_new(
    course, training_class, editor, django_capture_on_commit_callbacks
):
    from certificates import bulk

    factories.completed_learners(course, 3, training_class=training_class)
    for expected in (3, 0):
        with django_capture_on_commit_callbacks(execute=True):
            job = bulk.bulk_issue_start(training_class=training_class, actor=editor)
        job.refresh_from_db()
        assert job.issued == expected and job.done == 3
    assert Certificate.objects.count() == 3


def test_bulk_issue_for_a_class_without_completions_says_so(
    client, editor, training_class
):
    client.force_login(editor)
    response = client.post(
        reverse("certificates_admin:bulk"),
        {"training_class": training_class.pk},
        follow=True,
    )
    assert not BulkIssueJob.objects.exists()
    assert response.status_code == 200


def test_the_preview_renders_sample_data_with_the_current_settings(
    client, editor, home_page
):
    settings_row = services.certificate_settings()
    settings_row.signer_name = "Phạm Văn Ký"
    settings_row.save()
    client.force_login(editor)
    form = client.get(reverse("certificates_admin:preview"))
    assert form.status_code == 200
    response = client.get(
        reverse("certificates_admin:preview"),
        {"name": "Lê Thị <Mẫu>", "course": "Khóa thử", "hours": "6"},
    )
    assert response["Content-Type"] == "application/pdf"
    text = squash(pdftotext(response.content))
    assert "Lê Thị <Mẫu>" in text and "Phạm Văn Ký" in text
    assert "Thời lượng: 6 giờ" in text
