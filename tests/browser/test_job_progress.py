"""The shared job progress bar follows a running job in Chromium (job-progress.js)."""

import pytest
from django.core.files.base import ContentFile
from playwright.sync_api import expect

from core.services import job_advance, job_fail, job_finish, job_start
from plan.models import ReportJob
from tests.factories import PASSWORD

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def login(page, live_server, user):
    page.goto(live_server.url + "/accounts/login/")
    page.locator("#id_login").fill(user.email)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()


def test_the_page_of_a_running_job_follows_it_to_its_download_or_its_error(
    page, live_server, plan_manager, artifacts_dir
):
    login(page, live_server, plan_manager)
    job = ReportJob.objects.create(kind="export", requested_by=plan_manager, total=40)
    page.goto(f"{live_server.url}/admin/plan/jobs/{job.pk}/")
    status = page.locator("#plan-job-status")
    expect(status).to_have_text("Đang chờ — 0 / 40")
    expect(page.locator("#plan-job-download")).to_be_hidden()

    job_start(job_model=ReportJob, job_id=job.pk)
    job_advance(job=job, done=10)
    expect(status).to_have_text("Đang chạy — 10 / 40")
    expect(page.locator("#plan-job-progress")).to_have_js_property("value", 25)
    page.screenshot(path=str(artifacts_dir / "job-progress-running.png"))

    job.file.save("hoc-vien.xlsx", ContentFile(b"PK test"), save=False)
    job.done = 40
    job_finish(job=job, fields=["file"])
    expect(page.locator("#plan-job-download")).to_be_visible()
    expect(status).to_have_text("Xong — 40 / 40")

    failing = ReportJob.objects.create(kind="export", requested_by=plan_manager)
    page.goto(f"{live_server.url}/admin/plan/jobs/{failing.pk}/")
    job_fail(job=failing, error="Hết dung lượng lưu trữ")
    expect(page.locator("#plan-job-error")).to_have_text("Hết dung lượng lưu trữ")
    expect(page.locator("#plan-job-download")).to_be_hidden()
