"""Personal-data exports: stored under names nobody can guess, handed out only
through the permission-checked job download (issue 16: guessable names)."""

import re

import pytest
from django.urls import reverse

from plan.models import AnnualReport, ReportJob
from plan.services import annual_report_render, export_job_create

pytestmark = pytest.mark.django_db

RANDOM_PART = r"-[A-Za-z0-9_-]{16,}"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _export(user, capture) -> ReportJob:
    with capture(execute=True):
        job = export_job_create(
            user=user, params={"metric": "trained", "scope_unit": None}, total=1
        )
    job.refresh_from_db()
    assert job.status == ReportJob.Status.DONE
    return job


def test_an_export_file_name_carries_a_random_part(
    plan_manager, django_capture_on_commit_callbacks
):
    first = _export(plan_manager, django_capture_on_commit_callbacks)
    second = _export(plan_manager, django_capture_on_commit_callbacks)
    for job in (first, second):
        name = job.file.name.rsplit("/", 1)[-1]
        assert re.fullmatch(
            rf"hoc-vien-tat-ca-\d{{8}}-\d{{6}}{RANDOM_PART}\.xlsx", name
        )
    # Made in the same second for the same scope, still two different names.
    assert first.file.name != second.file.name


def test_the_export_is_served_only_to_whoever_asked_for_it(
    client, plan_manager, django_capture_on_commit_callbacks, settings
):
    from accounts.roles import Role
    from tests.factories import UserFactory

    job = _export(plan_manager, django_capture_on_commit_callbacks)
    url = reverse("plan_admin:job_download", args=[job.pk])
    client.force_login(UserFactory(role=Role.PLAN_MANAGER))
    assert client.get(url).status_code == 403
    client.force_login(plan_manager)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"PK")
    # The stored file itself is not reachable by its storage path.
    assert client.get(settings.MEDIA_URL + job.file.name).status_code == 404


def test_annual_report_files_carry_a_random_part(home_page):
    from plan.tests.factories import headcount_world

    world = headcount_world(home_page)
    report = AnnualReport.objects.create(plan=world["plan"], year=2022)
    version = annual_report_render(report=report)
    for field in (version.pdf, version.xlsx):
        assert re.search(RANDOM_PART + r"\.(pdf|xlsx)$", field.name), field.name


def test_the_annual_appendix_writes_a_formula_like_title_as_text(home_page):
    from io import BytesIO

    from openpyxl import load_workbook

    from courses.models import CoursePage
    from plan.tests.factories import headcount_world

    world = headcount_world(home_page)
    evil = '=HYPERLINK("http://x","y")'
    CoursePage.objects.filter(pk=world["b"].pk).update(title=evil)
    report = AnnualReport.objects.create(plan=world["plan"], year=2022)
    version = annual_report_render(report=report)
    book = load_workbook(BytesIO(version.xlsx.read()))
    cells = [c for sheet in book for row in sheet.iter_rows() for c in row]
    assert all(c.data_type != "f" for c in cells)
    assert "'" + evil in [c.value for c in cells]
    assert all(sheet.freeze_panes == "A4" for sheet in book)
