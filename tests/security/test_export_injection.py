"""A learner named like a formula reaches every export path neutralised.

Found in the penetration test (issue 16): ``=HYPERLINK(…)`` came out unchanged
in the CSVs of people, progress and the certificate register, and as a live
formula in the background-job XLSX. The files are read as Excel reads them:
the CSV bytes decoded with ``utf-8-sig`` by the csv module, the XLSX by
openpyxl.
"""

import csv
import io
import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from openpyxl import load_workbook

from core.exports import SafeSpreadsheetExportMixin
from plan.tests.factories import headcount_world

pytestmark = pytest.mark.django_db

EVIL = '=HYPERLINK("http://x","y")'
SAFE = "'" + EVIL


@pytest.fixture
def world(home_page, settings, tmp_path):
    from certificates.models import Certificate

    settings.MEDIA_ROOT = tmp_path / "media"
    world = headcount_world(home_page)
    world["plan"].is_current = True
    world["plan"].save()
    person = world["p"][1]
    person.profile.full_name = EVIL
    person.profile.save()
    # What certificate_issue snapshots on the certificate.
    for certificate in Certificate.objects.filter(user=person):
        certificate.data = {**certificate.data, "holder_name": EVIL}
        certificate.save(update_fields=["data"])
    world["u1"].name = "@cmd|' /C calc'!A0"
    world["u1"].save()
    return world


def csv_rows(response) -> list[list[str]]:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    raw = b"".join(response.streaming_content)
    assert raw.startswith(b"\xef\xbb\xbf"), "Excel needs the BOM to read UTF-8"
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))


def xlsx_cells(content: bytes) -> list:
    book = load_workbook(io.BytesIO(content))
    cells = [c for sheet in book for row in sheet.iter_rows() for c in row]
    assert all(c.data_type != "f" for c in cells), "no cell may be a formula"
    return [c.value for c in cells]


def assert_neutralised(values):
    values = [v for v in values if isinstance(v, str)]
    assert SAFE in values
    assert EVIL not in values
    assert not any(v.startswith(("=", "@")) for v in values)


EXPORTS = [
    ("plan_admin:people", "?year=2022", "plan_manager"),
    ("courses_admin:progress", "?", "editor"),
    ("certificates_admin:register", "?", "editor"),
]


@pytest.mark.parametrize(("name", "query", "who"), EXPORTS)
def test_a_formula_in_a_name_is_neutralised_in_the_csv_and_the_direct_xlsx(
    client, world, name, query, who, request
):
    client.force_login(request.getfixturevalue(who))
    url = reverse(name) + query + "&export="
    rows = csv_rows(client.get(url + "csv"))
    assert_neutralised([cell for row in rows for cell in row])
    response = client.get(url + "xlsx")
    assert response.status_code == 200
    assert_neutralised(xlsx_cells(b"".join(response.streaming_content)))


def test_a_formula_in_a_unit_name_is_neutralised_in_the_headcount_exports(
    client, world, plan_manager
):
    client.force_login(plan_manager)
    url = reverse("plan_admin:headcount") + "?by=unit&year=2022"
    rows = csv_rows(client.get(url + "&export=csv"))
    assert ["'@cmd|' /C calc'!A0", "2", "2"] in rows
    response = client.get(url + "&export=xlsx")
    values = xlsx_cells(b"".join(response.streaming_content))
    assert "'@cmd|' /C calc'!A0" in values


def test_a_formula_in_a_name_is_text_in_the_background_job_xlsx(
    client, world, plan_manager, settings, django_capture_on_commit_callbacks
):
    from plan.models import ReportJob

    settings.PLAN_EXPORT_SYNC_LIMIT = 0  # any export runs as a job
    client.force_login(plan_manager)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(reverse("plan_admin:people") + "?year=2022&export=xlsx")
    assert response.status_code == 302
    job = ReportJob.objects.get()
    assert job.status == "done"
    download = client.get(reverse("plan_admin:job_download", args=[job.pk]))
    assert download.status_code == 200
    content = b"".join(download.streaming_content)
    assert_neutralised(xlsx_cells(content))
    sheet = load_workbook(io.BytesIO(content)).active
    assert "2022" in sheet["A2"].value, "the file records the filter it was made with"
    assert sheet.freeze_panes == "A6"


def _export_routes(resolver=None, prefix=""):
    """(path, view class) of every URL pattern whose view offers an export."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from _export_routes(pattern, route)
        elif isinstance(pattern, URLPattern):
            view_class = getattr(pattern.callback, "view_class", None)
            if view_class is not None and getattr(view_class, "list_export", None):
                yield "/" + re.sub(r"<\w+:\w+>|<\w+>", "1", route), view_class


def test_every_admin_view_with_an_export_uses_the_safe_writer():
    """Including Wagtail's own reports: the view that answers each address
    (the first match) must be the safe one."""
    served = {}
    for route, _view in _export_routes():
        served[route] = resolve(route).func.view_class
    names = {view.__name__ for view in served.values()}
    assert {
        "PeopleReportView",
        "ProgressReportView",
        "CertificateRegisterView",
        "SafeLogEntriesView",
    } <= names
    safe = SafeSpreadsheetExportMixin
    unsafe = {
        route: v.__name__ for route, v in served.items() if not issubclass(v, safe)
    }
    assert unsafe == {}


def test_a_page_title_like_a_formula_is_neutralised_in_wagtails_own_reports(
    client, home_page, admin_user
):
    home_page.title = "+SUM(1+1)*cmd|' /C calc'!A0"
    home_page.save_revision(user=admin_user).publish(user=admin_user)
    client.force_login(admin_user)
    rows = csv_rows(
        client.get(reverse("wagtailadmin_reports:site_history") + "?export=csv")
    )
    cells = [cell for row in rows for cell in row]
    assert "'" + home_page.title in cells
    assert home_page.title not in cells


@pytest.mark.parametrize(
    "name",
    [
        "wagtailadmin_reports:locked_pages",
        "wagtailadmin_reports:aging_pages",
        "wagtailadmin_reports:site_history",
        "wagtailadmin_reports:workflow",
        "wagtailadmin_reports:workflow_tasks",
        "wagtailredirects:index",
    ],
)
def test_wagtails_reports_still_answer_at_their_addresses(
    client, home_page, admin_user, name
):
    client.force_login(admin_user)
    assert client.get(reverse(name)).status_code == 200
    response = client.get(reverse(name) + "?export=xlsx")
    assert response.status_code == 200
    xlsx_cells(b"".join(response.streaming_content))


@pytest.mark.parametrize("route", ["reports/site-history/", "reports/locked/"])
def test_wagtails_reports_at_their_addresses_still_need_admin_access(
    client, learner, route
):
    response = client.get(f"/admin/{route}?export=csv")
    assert response.status_code == 302 and "/login/" in response["Location"]
    client.force_login(learner)
    response = client.get(f"/admin/{route}?export=csv")
    assert response.status_code in (302, 403)
    assert not response.streaming
