# ruff: noqa: E501 - the table keeps one line per page
"""Every page, who opens it, how to fill it, and how many queries it may run.

One line per page: an id, the URL key it covers (the URL name, or
``page:<app.model>`` for a Wagtail page type), the role that opens it, the
builder that fills it (``site_pages``/``admin_pages``), and the number of
queries expected at both sizes. A number may be a dict per database vendor
when PostgreSQL and SQLite differ (full-text search, savepoints).

A page whose count changes: if the count now grows with the data, that is an
N+1 to fix; if it changed by a constant, update the number here on purpose.
``queries=None`` makes a new case fail with the numbers it measured.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from . import admin_pages as admin
from . import site_pages as site
from .site_pages import fixed

SMALL, LARGE = 3, 30


@dataclass(frozen=True)
class Case:
    id: str
    key: str
    role: str
    build: Callable
    queries: int | dict[str, int] | None
    status: int = 200

    def expected(self, vendor: str) -> int | None:
        if isinstance(self.queries, dict):
            return self.queries.get(vendor, self.queries.get("default"))
        return self.queries


C = Case


def S(model_label: str, role: str, queries, **kwargs) -> Case:
    """The snippet listing of one of our models."""
    key = f"wagtailsnippets_{model_label.replace('.', '_')}:list"
    return Case(
        f"snippets: {model_label}",
        key,
        role,
        admin.snippets(model_label),
        queries,
        **kwargs,
    )


XLSX, CSV = "?export=xlsx", "?export=csv"

# fmt: off
CASES: list[Case] = [
    # --- the public site (Wagtail pages) ----------------------------------------------
    C("home", "page:core.homepage", "anonymous", site.home, 6),
    C("standard page", "page:core.standardpage", "anonymous", site.standard_page, 8),
    C("catalogue", "page:courses.courseindexpage", "anonymous", site.catalogue, 16),
    C("catalogue, learner", "page:courses.courseindexpage", "learner", site.catalogue, 21),
    C("catalogue, filtered", "page:courses.courseindexpage", "anonymous", site.catalogue_filtered, 16),
    C("search", "page:courses.courseindexpage", "anonymous", site.search, 17),
    C("course", "page:courses.coursepage", "anonymous", site.course, 17),
    C("course, enrolled", "page:courses.coursepage", "learner", site.course, 23),
    C("module", "page:courses.modulepage", "learner", site.module, 8, status=302),
    C("lesson", "page:courses.lessonpage", "learner", site.lesson, 20),
    C("lesson, free preview", "page:courses.lessonpage", "anonymous", site.lesson_preview, 14),
    C("documents", "wagtaildocs_serve", "anonymous", site.document, 3),
    # --- learners ---------------------------------------------------------------------
    # +1 on a cold cache: the courses come from the content cache, not joined to
    # each enrolment (courses.selectors.courses_by_id; issue 15).
    C("my courses", "courses:dashboard", "learner", site.dashboard, 14),
    C("profile", "accounts:profile", "learner", site.profile, 10),
    # +1: is the lesson's course live and unrestricted (quizzes.selectors.place_visible;
    # issue 16.4), one query on a cold cache.
    C("quiz intro", "quizzes:detail", "learner", site.quiz_detail, 14),
    C("quiz attempt", "quizzes:attempt", "learner", site.quiz_attempt, 9),
    C("quiz review", "quizzes:review", "learner", site.quiz_review, 12),
    C("my certificates", "certificates:mine", "learner", site.my_certificates, 8),
    C("certificate PDF", "certificates:download", "learner", site.certificate_download, 3),
    C("certificate badge", "certificates:badge", "learner", site.certificate_badge, 4),
    C("certificate status", "certificates:status", "learner", site.certificate_status, 3),
    C("verify form", "certificates:verify", "anonymous", site.verify, 3),
    C("verify page", "certificates:verify_detail", "anonymous", site.verify_detail, 4),
    C("verify JSON", "certificates:verify_json", "anonymous", site.verify_json, 1),
    C("keys.json", "certificates:keys", "anonymous", site.keys_json, 1),
    C("issuer profile", "certificates:issuer", "anonymous", site.issuer_json, 3),
    C("status list", "certificates:status_list", "anonymous", site.status_list, 4),
    C("offline verifier", "certificates:verify_offline", "anonymous", fixed("certificates:verify_offline"), 0),
    C("offline verifier worker", "certificates:verify_offline_worker", "anonymous", fixed("certificates:verify_offline_worker"), 0),
    C("class roster", "courses:attendance", "editor", site.attendance, 11),  # -2: no Wagtail user bar over the roster (issue 13)
    # --- the public API ---------------------------------------------------------------
    C("API pages", "wagtailapi:pages:listing", "anonymous", site.api_listing, 10),
    C("API page", "wagtailapi:pages:detail", "anonymous", site.api_detail, 11),
    C("API find", "wagtailapi:pages:find", "anonymous", site.api_find, 6, status=302),
    # --- accounts (allauth) and translations ------------------------------------------
    C("sign in", "account_login", "anonymous", fixed("account_login"), 4),  # +1: the single sign-on providers offered (issue 18)
    C("register", "account_signup", "anonymous", fixed("account_signup"), 4),  # +1: the single sign-on providers offered
    C("sign out", "account_logout", "learner", fixed("account_logout"), 7),
    C("e-mail addresses", "account_email", "learner", site.emails, 11),
    C("change password", "account_change_password", "learner", fixed("account_change_password"), 7),
    C("confirm identity", "account_reauthenticate", "learner", fixed("account_reauthenticate"), 7),
    C("account inactive", "account_inactive", "anonymous", fixed("account_inactive"), 3),
    C("verification sent", "account_email_verification_sent", "anonymous", fixed("account_email_verification_sent"), 3),
    C("confirm e-mail", "account_confirm_email", "anonymous", fixed("account_confirm_email", "x"), 3),
    C("reset password", "account_reset_password", "anonymous", fixed("account_reset_password"), 3),
    C("reset sent", "account_reset_password_done", "anonymous", fixed("account_reset_password_done"), 3),
    C("reset from key", "account_reset_password_from_key", "anonymous", fixed("account_reset_password_from_key", "x", "y"), 4),
    C("reset done", "account_reset_password_from_key_done", "anonymous", fixed("account_reset_password_from_key_done"), 3),
    # Wagtail's sign-in for private pages now redirects to allauth's (issue 16).
    C("private page sign in", "wagtailcore_login", "anonymous", fixed("wagtailcore_login"), 0, status=302),
    C("JavaScript catalogue", "javascript-catalog", "anonymous", fixed("javascript-catalog"), 0),
    # --- admin: courses ---------------------------------------------------------------
    C("progress", "courses_admin:progress", "editor", admin.progress(), 14),
    C("progress, focal point", "courses_admin:progress", "focal", admin.progress(), 15),
    C("progress results", "courses_admin:progress_results", "editor", admin.progress_results, 7),
    C("progress CSV", "courses_admin:progress", "editor", admin.progress(CSV), 6),
    C("progress XLSX", "courses_admin:progress", "editor", admin.progress(XLSX), 6),
    C("enrolment requests", "courses_admin:requests", "editor", admin.requests, 11),
    C("learner import", "courses_admin:import", "editor", admin.import_upload, 13),
    C("import preview", "courses_admin:import_preview", "editor", admin.import_preview, 13),
    C("import status", "courses_admin:import_status", "editor", admin.import_status, 6),
    # --- admin: question bank and statistics ------------------------------------------
    C("question import", "quizzes_admin:import", "editor", admin.question_import, 12),
    C("question export", "quizzes_admin:export", "editor", admin.question_export, 11),
    C("quiz statistics", "quizzes_admin:stats", "editor", admin.quiz_stats(), 12),
    C("quiz statistics results", "quizzes_admin:stats_results", "editor", admin.quiz_stats(results=True), 7),
    C("quiz statistics XLSX", "quizzes_admin:stats", "editor", admin.quiz_stats(XLSX), 7),
    C("question statistics", "quizzes_admin:question_stats", "editor", admin.question_stats(), 16),
    C("question statistics results", "quizzes_admin:question_stats_results", "editor", admin.question_stats(results=True), 11),
    C("question statistics CSV", "quizzes_admin:question_stats", "editor", admin.question_stats(CSV), 11),
    C("essays to grade", "quizzes_admin:grading", "editor", admin.essay_grading, 12),
    C("essay queue of a quiz", "quizzes_admin:grading_quiz", "editor", admin.essay_queue, 13),
    C("grade an essay", "quizzes_admin:grading_answer", "editor", admin.essay_answer, 12),
    C("question import job", "quizzes_admin:import_job", "editor", admin.question_import_job(), 11),
    C("question import job status", "quizzes_admin:import_job_status", "editor", admin.question_import_job(status=True), 6),
    # --- admin: certificates ----------------------------------------------------------
    C("certificate register", "certificates_admin:register", "editor", admin.register(), 14),
    C("certificate register results", "certificates_admin:register_results", "editor", admin.register("certificates_admin:register_results"), 7),
    C("certificate register XLSX", "certificates_admin:register", "editor", admin.register(query=XLSX), 6),
    C("certificate register CSV", "certificates_admin:register", "editor", admin.register(query=CSV), 6),
    C("certificate detail", "certificates_admin:detail", "editor", admin.certificate_detail, 13),
    C("certificate PDF (admin)", "certificates_admin:pdf", "editor", admin.certificate_pdf, 6),
    C("issue a certificate", "certificates_admin:issue", "editor", admin.certificate_issue, 11),
    C("bulk issue", "certificates_admin:bulk", "editor", admin.bulk_issue, 13),
    C("bulk job", "certificates_admin:job", "editor", admin.bulk_job("certificates_admin:job"), 11),
    C("bulk job status", "certificates_admin:job_status", "editor", admin.bulk_job("certificates_admin:job_status"), 6),
    C("bulk job ZIP", "certificates_admin:job_download", "editor", admin.bulk_job("certificates_admin:job_download"), 7),
    C("certificate preview form", "certificates_admin:preview", "editor", fixed("certificates_admin:preview"), 10),
    # --- admin: plan ------------------------------------------------------------------
    # +1 on the plan panel and dashboards (issue 19): the milestones count distinct
    # people over their range in one query, no longer a sum of the years'; +1 for
    # a focal point: their unit's tree (every depth), read once per cache clear;
    # +1 for the plans offered and the plan filter (issue 18).
    C("admin home (plan panel)", "wagtailadmin_home", "plan_manager", admin.admin_home, 19),
    C("plan dashboard", "plan_admin:dashboard", "plan_manager", admin.plan_dashboard, 25),
    C("plan dashboard, focal point", "plan_admin:dashboard", "focal", admin.plan_dashboard, 24),
    C("headcount", "plan_admin:headcount", "plan_manager", admin.headcount(), 22),
    C("headcount, focal point", "plan_admin:headcount", "focal", admin.headcount(), 23),
    C("headcount results", "plan_admin:headcount_results", "plan_manager", admin.headcount("plan_admin:headcount_results"), 8),
    C("headcount XLSX", "plan_admin:headcount", "plan_manager", admin.headcount(query="?by=unit&export=xlsx"), 8),
    C("headcount CSV", "plan_admin:headcount", "plan_manager", admin.headcount(query="?by=unit&export=csv"), 8),
    C("trained people", "plan_admin:people", "plan_manager", admin.people(), 22),  # +1: the plan filter
    C("trained people results", "plan_admin:people_results", "plan_manager", admin.people("plan_admin:people_results"), 8),
    C("trained people XLSX", "plan_admin:people", "plan_manager", admin.people(query=XLSX), 8),
    C("trained people CSV", "plan_admin:people", "plan_manager", admin.people(query=CSV), 8),
    C("report job", "plan_admin:job", "plan_manager", admin.report_job("plan_admin:job"), 10),
    C("report job status", "plan_admin:job_status", "plan_manager", admin.report_job("plan_admin:job_status"), 6),
    C("report job download", "plan_admin:job_download", "plan_manager", admin.report_job("plan_admin:job_download"), 6),
    C("annual report", "plan_admin:report_generate", "plan_manager", admin.report_generate, 11),
    C("annual report file", "plan_admin:report_file", "plan_manager", admin.report_file, 6),
    # --- admin: snippet listings of our models ----------------------------------------
    S("directory.audiencegroup", "editor", 12),
    S("directory.unit", "editor", 12),
    S("accounts.unitassignment", "admin", 9),
    S("directory.commune", "editor", 12),
    S("directory.reorganisation", "editor", 12),
    S("directory.issuerperiod", "editor", 12),
    S("courses.trainingclass", "editor", 13),
    S("courses.iparea", "editor", 12),
    S("quizzes.quiz", "editor", 12),
    S("quizzes.question", "editor", 13),
    S("quizzes.questioncategory", "editor", 12),
    S("plan.plan", "plan_manager", 11),
    S("plan.objective", "plan_manager", 12),
    S("plan.taskgroup", "plan_manager", 12),
    S("plan.implementingunitgroup", "plan_manager", 12),
    S("plan.yearlytarget", "plan_manager", 13),
    S("plan.indicatorvalue", "plan_manager", 12),
    S("plan.annualreport", "plan_manager", 11),
]
# fmt: on

# GET URLs outside /admin/ that are not pages, with the reason. Everything else
# there, and every admin view of our own apps, must have a case above.
NOT_PAGES: dict[str, str] = {
    "courses:enrol": "POST only",
    "courses:unenrol": "POST only",
    "courses:lesson_complete": "POST only",
    "quizzes:start": "POST only",
    "quizzes:autosave": "POST only",
    "quizzes:submit": "POST only",
    "set_language": "an action: GET just redirects back",
    "account_set_password": "redirects users who have a password (all of ours)",
    "account_confirm_login_code": "redirects unless a login code is pending (unused)",
    "wagtailcore_authenticate_with_password": "no page has a password restriction",
    "wagtaildocs_authenticate_with_password": "no document has a password restriction",
    "page:wagtailcore.page": "the tree's root, never served",
    # Wagtail's own reports and redirects listing, served by core.admin_exports
    # only to write their spreadsheets safely (issue 16): Wagtail's views and
    # queries, no role of ours holds their permissions.
    **{
        f"admin/{route}{results}": "Wagtail's report, core's spreadsheet writer"
        for route in (
            "redirects/",
            "reports/aging-pages/",
            "reports/locked/",
            "reports/site-history/",
            "reports/workflow/",
            "reports/workflow_tasks/",
        )
        for results in ("", "results/")
    },
    # django-allauth's single sign-on pages (issue 18): steps of the OIDC round
    # trip, answered by redirects or allauth's own short forms; the journey is
    # tests/browser/test_sso_journey.py against a real provider.
    "openid_connect_login": "the SSO round trip (allauth), see test_sso_journey",
    "openid_connect_callback": "the SSO round trip (allauth), see test_sso_journey",
    "socialaccount_signup": "only during an SSO login whose e-mail is taken",
    "socialaccount_login_cancelled": "allauth's static page after a cancelled SSO",
    "socialaccount_login_error": "allauth's static page after a failed SSO",
    "socialaccount_connections": "allauth's list of linked SSO accounts",
    "accounts/social/connections/": "socialaccount_connections, unnamed route",
    "accounts/social/login/cancelled/": "socialaccount_login_cancelled, unnamed",
    "accounts/social/login/error/": "socialaccount_login_error, unnamed route",
    "accounts/social/signup/": "socialaccount_signup, unnamed route",
}
