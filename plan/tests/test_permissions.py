"""Who may open every report, export and the dashboard.

Every plan URL lives in the Wagtail admin (/admin/plan/); plan has no URL outside
it (``plan.urls`` is empty, and a test below fails if one is added without a
permission test). Anonymous users are sent to the login page; users without
admin access (learners) too — Wagtail's rule for the admin — except for the
job status JSON polled by script, which answers them 403; logged-in admin users
without the right get 403; plan managers see everything; focal points only
their unit (asking for another unit is 403).
"""

import pytest
from django.urls import reverse

from accounts.services import units_set
from plan.models import AnnualReport
from plan.services import annual_report_render
from plan.tests.factories import headcount_world

pytestmark = pytest.mark.django_db

SCOPED = [
    ("plan_admin:dashboard", ""),
    ("plan_admin:headcount", ""),
    ("plan_admin:headcount", "?export=xlsx"),
    ("plan_admin:headcount", "?export=csv"),
    ("plan_admin:headcount_results", ""),
    ("plan_admin:people", ""),
    ("plan_admin:people_results", ""),
    ("plan_admin:people", "?export=xlsx"),
    ("plan_admin:people", "?export=csv"),
]


@pytest.fixture
def world(home_page, focal_point):
    world = headcount_world(home_page)
    world["plan"].is_current = True
    world["plan"].period_start, world["plan"].period_end = 2021, 2030
    world["plan"].save()
    units_set(user=focal_point, units=[world["u1"]])
    return world


@pytest.mark.parametrize(("name", "query"), SCOPED)
def test_anonymous_is_sent_to_login(client, world, name, query):
    response = client.get(reverse(name) + query)
    assert response.status_code == 302
    assert "/login/" in response["Location"]


@pytest.mark.parametrize(("name", "query"), SCOPED)
def test_a_learner_without_admin_access_is_refused_with_a_403_page(
    client, world, learner, name, query
):
    # Not sent to the sign-in page: signed in already, allauth sent them back
    # here, in a loop (issue 16); accounts.middleware answers 403 instead.
    client.force_login(learner)
    response = client.get(reverse(name) + query)
    assert response.status_code == 403


@pytest.mark.parametrize(("name", "query"), SCOPED)
def test_an_editor_is_refused(client, world, editor, name, query):
    client.force_login(editor)
    assert client.get(reverse(name) + query).status_code == 403


@pytest.mark.parametrize(("name", "query"), SCOPED)
def test_a_plan_manager_sees_everything(client, world, plan_manager, name, query):
    client.force_login(plan_manager)
    response = client.get(reverse(name) + query + ("&" if query else "?") + "year=2022")
    assert response.status_code == 200


@pytest.mark.parametrize(("name", "query"), SCOPED)
def test_a_focal_point_sees_their_own_unit(client, world, focal_point, name, query):
    client.force_login(focal_point)
    own = world["u1"].pk
    sep = "&" if query else "?"
    assert client.get(reverse(name) + query + f"{sep}unit={own}").status_code == 200


@pytest.mark.parametrize(("name", "query"), SCOPED)
def test_a_focal_point_cannot_ask_for_another_unit(
    client, world, focal_point, name, query
):
    client.force_login(focal_point)
    other = world["u2"].pk
    sep = "&" if query else "?"
    assert client.get(reverse(name) + query + f"{sep}unit={other}").status_code == 403


def test_a_focal_points_export_holds_only_their_people(client, world, focal_point):
    client.force_login(focal_point)
    response = client.get(reverse("plan_admin:people") + "?export=csv&year=2022")
    body = b"".join(response.streaming_content).decode()
    emails_u1 = {world["p"][1].email, world["p"][5].email}
    assert all(email in body for email in emails_u1)
    assert world["p"][3].email not in body  # trained 2022 in u2
    assert world["p"][2].email not in body  # was in u2 in 2022


def test_the_headcount_export_is_a_spreadsheet(client, world, plan_manager):
    client.force_login(plan_manager)
    response = client.get(reverse("plan_admin:headcount") + "?export=xlsx&by=unit")
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml"
    )
    csv = client.get(reverse("plan_admin:headcount") + "?export=csv&by=unit&year=2022")
    text = b"".join(csv.streaming_content).decode()
    assert "Đơn vị 1,2,2" in text and "Đơn vị 2,2,2" in text


@pytest.fixture
def report(world):
    report = AnnualReport.objects.create(plan=world["plan"], year=2022)
    version = annual_report_render(report=report)
    return report, version


@pytest.mark.parametrize("who", ["editor", "focal_point", "learner"])
def test_only_plan_managers_generate_and_download_annual_reports(
    client, report, who, request
):
    user = request.getfixturevalue(who)
    client.force_login(user)
    report, version = report
    urls = [
        reverse("plan_admin:report_generate", args=[report.pk]),
        reverse("plan_admin:report_file", args=[version.pk, "pdf"]),
        reverse("plan_admin:report_file", args=[version.pk, "xlsx"]),
    ]
    # A learner too: a 403 page (accounts.middleware), not the sign-in loop.
    for url in urls:
        assert client.get(url).status_code == 403
    assert client.post(urls[0]).status_code == 403
    assert report.versions.count() == 1


def test_anonymous_cannot_download_annual_reports(client, report):
    report, version = report
    response = client.get(reverse("plan_admin:report_file", args=[version.pk, "pdf"]))
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_a_job_is_only_visible_to_whoever_started_it(client, report, plan_manager):
    from accounts.roles import Role
    from tests.factories import UserFactory

    report, _version = report
    client.force_login(plan_manager)
    response = client.post(reverse("plan_admin:report_generate", args=[report.pk]))
    job_url = response["Location"]
    assert client.get(job_url).status_code == 200
    other = UserFactory(role=Role.PLAN_MANAGER)
    client.force_login(other)
    assert client.get(job_url).status_code == 403


@pytest.fixture
def export_job(world, plan_manager):
    from django.core.files.base import ContentFile

    from plan.models import ReportJob

    job = ReportJob(kind="export", status="done", requested_by=plan_manager, total=1)
    job.file.save("hoc-vien.xlsx", ContentFile(b"PK test"), save=False)
    job.save()
    return job


JOB_URLS = ["plan_admin:job", "plan_admin:job_status", "plan_admin:job_download"]


@pytest.mark.parametrize("name", JOB_URLS)
def test_jobs_answer_each_role_as_they_should(
    client, export_job, name, learner, editor, focal_point, plan_manager
):
    url = reverse(name, args=[export_job.pk])
    response = client.get(url)
    assert response.status_code == 302 and "/login/" in response["Location"]
    for user in (editor, focal_point):  # admin users, not the requester
        client.force_login(user)
        assert client.get(url).status_code == 403
    client.force_login(learner)
    assert client.get(url).status_code == 403  # accounts.middleware: no loop
    client.force_login(plan_manager)
    assert client.get(url).status_code == 200


def test_a_focal_point_follows_their_own_export_job(
    client, world, focal_point, django_capture_on_commit_callbacks
):
    from plan.services import export_job_create

    units_set(user=focal_point, units=[world["u1"]])
    with django_capture_on_commit_callbacks(execute=True):
        job = export_job_create(
            user=focal_point,
            params={"metric": "trained", "scope_unit": world["u1"].pk},
            total=1,
        )
    client.force_login(focal_point)
    status = client.get(reverse("plan_admin:job_status", args=[job.pk])).json()
    assert status["status"] == "done"
    response = client.get(status["download_url"])
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")


def test_the_status_json_polled_by_script_answers_403_not_a_login_page(
    client, export_job, learner, editor
):
    url = reverse("plan_admin:job_status", args=[export_job.pk])
    xhr = {"HTTP_X_REQUESTED_WITH": "XMLHttpRequest"}
    for user in (None, learner, editor):
        if user:
            client.force_login(user)
        response = client.get(url, **xhr)
        assert response.status_code == 403
        assert b"download" not in response.content


def test_every_plan_url_has_a_permission_test():
    """A new plan URL must be added to the lists of this module."""
    from plan import admin_urls, urls

    tested = {name.split(":")[1] for name, _query in SCOPED}
    tested |= {name.split(":")[1] for name in JOB_URLS}
    tested |= {"report_generate", "report_file"}  # the annual-report tests above
    assert {p.name for p in admin_urls.urlpatterns} <= tested
    assert urls.urlpatterns == [], (
        "a plan URL outside the Wagtail admin needs its own checks: 403 for a "
        "signed-in user without the right, the login page for anonymous users"
    )
