"""Who may open which URL: the table the permission matrix is checked against.

Every URL pattern of the site (walked from the URL conf, Wagtail admin and
Django admin included) must match a rule here, first match wins; a new URL
without a rule fails ``test_every_url_has_an_expectation``. A rule names URL
keys (the URL name, or the route for unnamed patterns) with shell-style
wildcards, the outcome expected per role and, when the URL takes arguments,
how to fill them from the security world (``tests/security/world.py``).

Outcomes: ok (200), login (anonymous sent to sign in), denied (403, or a
signed-in user sent to a login page or back to the admin dashboard), notfound
(404), method (405: the URL only accepts POST), redirect (another 3xx), bad
(400), raises (the view raises on purpose). "ok|notfound" allows either.

Roles: anonymous, learner, other_learner (another unit, not the owner),
editor, focal_own (focal point of the owner's unit), focal_other (focal point
of another unit), plan_manager.

Wagtail's public pages are checked by page type in ``PAGE_RULES``: every page
model must have an entry.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from fnmatch import fnmatchcase

from tests.security.world import ROLES

LEARNERS = ("learner", "other_learner")
STAFF = ("editor", "focal_own", "focal_other", "plan_manager")


def expect(default: str, **roles: str) -> dict[str, frozenset[str]]:
    unknown = set(roles) - set(ROLES) - {"learners", "staff", "focal"}
    assert not unknown, unknown
    table = dict.fromkeys(ROLES, default)
    for group, members in (
        ("learners", LEARNERS),
        ("staff", STAFF),
        ("focal", ("focal_own", "focal_other")),
    ):
        if group in roles:
            table.update(dict.fromkeys(members, roles.pop(group)))
    table.update(roles)
    return {role: frozenset(value.split("|")) for role, value in table.items()}


@dataclass(frozen=True)
class Rule:
    patterns: tuple[str, ...]
    expected: dict[str, frozenset[str]]
    kwargs: Callable | None = None
    why: str = ""
    cases: Callable | None = field(default=None)  # world -> [(kwargs, expected)]

    def matches(self, key: str) -> bool:
        return any(fnmatchcase(key, pattern) for pattern in self.patterns)


def rule(patterns, expected, kwargs=None, why="", cases=None) -> Rule:
    if isinstance(patterns, str):
        patterns = (patterns,)
    return Rule(tuple(patterns), expected, kwargs, why, cases)


# --- presets --------------------------------------------------------------------
PUBLIC = expect("ok")
SIGNED_IN = expect("ok", anonymous="login")
ANONYMOUS_ONLY = expect("redirect", anonymous="ok")
NOBODY = expect("denied", anonymous="login")  # superusers only (none in the matrix)
# Wagtail admin: staff roles get in; Wagtail's own permissions then decide per
# object (a missing sample object gives 404, a POST-only action 405).
ADMIN_ANY = "ok|notfound|method|redirect|denied"
ADMIN = expect(ADMIN_ANY, anonymous="login", learners="denied")
ADMIN_OPEN = expect("ok", anonymous="login", learners="denied")
EDITORS_ONLY = expect("denied", anonymous="login", editor="ok|notfound|method|redirect")


def _page(world):
    return {"page_id": world.home.pk}


RULES: list[Rule] = [
    # --- the project's own apps (keep these first and precise) -------------------
    rule("accounts:profile", SIGNED_IN),
    # courses
    rule("courses:dashboard", SIGNED_IN),
    rule(
        ("courses:enrol", "courses:unenrol"),
        expect("method", anonymous="login"),
        kwargs=lambda w: {"course_id": w.course.pk},
        why="POST only (checked in test_csrf)",
    ),
    rule(
        "courses:lesson_complete",
        expect("method", anonymous="login"),
        kwargs=lambda w: {"lesson_id": w.lesson.pk},
    ),
    rule(
        "courses:attendance",
        expect("denied", anonymous="login", editor="ok"),
        kwargs=lambda w: {"class_id": w.training_class.pk},
        why="the roster: editors (courses.change_attendance) only",
    ),
    rule(
        "courses_admin:requests",
        expect("denied", anonymous="login", editor="ok"),
        why="approving enrolment requests is the editors' job",
    ),
    rule(
        ("courses_admin:progress*", "courses_admin:import"),
        expect("denied", anonymous="login", editor="ok", focal="ok"),
        why="editors see everyone, focal points their own unit's people",
    ),
    rule(
        ("courses_admin:import_preview", "courses_admin:import_status"),
        expect("denied|notfound", anonymous="login", editor="ok"),
        kwargs=lambda w: {"import_id": w.learner_import.pk},
        why="an import is seen by the editor who made it",
    ),
    # quizzes: attempts are the learner's own; answer keys never leave the server
    rule(
        "quizzes:detail",
        SIGNED_IN,
        kwargs=lambda w: {"slug": w.quiz.slug},
        why="the quiz's intro and rules; starting it checks access",
    ),
    rule(
        "quizzes:start",
        expect("method", anonymous="login"),
        kwargs=lambda w: {"slug": w.quiz.slug},
    ),
    rule(
        "quizzes:attempt",
        expect("denied|notfound", anonymous="login", learner="ok"),
        kwargs=lambda w: {"pk": w.attempt.pk},
    ),
    rule(
        "quizzes:review",
        expect("denied|notfound", anonymous="login", learner="ok", editor="ok"),
        kwargs=lambda w: {"pk": w.submitted_attempt.pk},
        why="the learner, and editors (quizzes.view_quiz)",
    ),
    rule(
        ("quizzes:autosave", "quizzes:submit"),
        expect("method", anonymous="login"),
        kwargs=lambda w: {"pk": w.attempt.pk},
    ),
    rule(
        ("quizzes_admin:import", "quizzes_admin:stats*"),
        EDITORS_ONLY,
    ),
    rule(
        ("quizzes_admin:export", "quizzes_admin:question_stats*"),
        EDITORS_ONLY,
        kwargs=lambda w: {"pk": w.quiz.pk},
    ),
    rule("quizzes_admin:grading", EDITORS_ONLY),
    rule(
        "quizzes_admin:grading_quiz",
        EDITORS_ONLY,
        kwargs=lambda w: {"pk": w.essay_quiz.pk},
    ),
    rule(
        "quizzes_admin:grading_answer",
        EDITORS_ONLY,
        kwargs=lambda w: {"pk": w.essay_answer.pk},
        why="learners' essays are graded by editors (quizzes.change_quiz)",
    ),
    rule(
        "quizzes_admin:import_job*",
        EDITORS_ONLY,
        kwargs=lambda w: {"pk": w.import_job.pk},
    ),
    # plan: plan managers everything, focal points their unit, nobody else
    rule(
        ("plan_admin:dashboard", "plan_admin:headcount*", "plan_admin:people*"),
        expect("denied", anonymous="login", plan_manager="ok", focal="ok"),
    ),
    rule(
        "plan_admin:job*",
        expect("denied", anonymous="login", plan_manager="ok"),
        kwargs=lambda w: {"pk": w.report_job.pk},
        why="a job is seen by whoever asked for it",
    ),
    rule(
        "plan_admin:report_generate",
        expect("denied", anonymous="login", plan_manager="ok"),
        kwargs=lambda w: {"pk": w.annual_report.pk},
    ),
    rule(
        "plan_admin:report_file",
        expect("denied", anonymous="login", plan_manager="ok"),
        kwargs=lambda w: {"pk": w.report_version.pk, "fmt": "pdf"},
    ),
    *[  # the plan's snippets: one pair of rules per model, on a real object
        rule(
            patterns,
            expected,
            kwargs=lambda w, model=model: {"pk": w.plan_snippets[model].pk},
            why=why,
        )
        for model in (
            "plan",
            "objective",
            "taskgroup",
            "implementingunitgroup",
            "yearlytarget",
            "indicatorvalue",
            "annualreport",
        )
        for patterns, expected, why in (
            (
                (
                    f"wagtailsnippets_plan_{model}:*",
                    f"wagtailsnippetchoosers_plan_{model}:create",
                ),
                expect("denied", anonymous="login", plan_manager="ok"),
                "the plan's data: plan managers only (Wagtail model permissions)",
            ),
            (
                f"wagtailsnippetchoosers_plan_{model}:*",
                expect("ok", anonymous="login", learners="denied"),
                "Wagtail's choosers list any snippet to every admin user; "
                "the plan's text is public",
            ),
        )
    ],
    # certificates: the learner's own; the public verification pages
    rule("certificates:mine", SIGNED_IN),
    rule(
        ("certificates:download", "certificates:badge", "certificates:status"),
        expect("denied", anonymous="login", learner="ok", editor="ok"),
        kwargs=lambda w: {"pk": w.certificate.pk},
        why="the holder, and editors (certificates.view_certificate)",
    ),
    rule(
        (
            "certificates:verify",
            "certificates:keys",
            "certificates:issuer",
            "certificates:status_list",
            "certificates:verify_offline",
            "certificates:verify_offline_worker",
        ),
        PUBLIC,
    ),
    rule(
        ("certificates:verify_detail", "certificates:verify_json"),
        PUBLIC,
        kwargs=lambda w: {"code": w.certificate.verification_code},
    ),
    rule(
        (
            "certificates_admin:register*",
            "certificates_admin:issue",
            "certificates_admin:bulk",
            "certificates_admin:preview",
        ),
        EDITORS_ONLY,
    ),
    rule(
        ("certificates_admin:detail", "certificates_admin:pdf"),
        EDITORS_ONLY,
        kwargs=lambda w: {"pk": w.certificate.pk},
    ),
    rule(
        "certificates_admin:job*",
        EDITORS_ONLY,
        kwargs=lambda w: {"pk": w.bulk_job.pk},
    ),
    # --- Django's i18n, allauth ---------------------------------------------------
    rule("javascript-catalog", PUBLIC),
    rule("set_language", expect("redirect"), why="GET just goes back"),
    rule(
        ("account_login", "account_signup"),
        ANONYMOUS_ONLY,
        why="signed-in users are sent on",
    ),
    rule("account_logout", expect("ok", anonymous="redirect")),
    rule(
        ("account_email", "account_change_password", "account_reauthenticate"),
        SIGNED_IN,
    ),
    rule(
        ("account_set_password", "account_confirm_login_code"),
        expect("redirect", anonymous="login"),
        why="users with a password / no pending code are sent on",
    ),
    rule(
        (
            "account_inactive",
            "account_email_verification_sent",
            "account_reset_password",
            "account_reset_password_done",
            "account_reset_password_from_key_done",
        ),
        PUBLIC,
    ),
    rule(
        ("account_confirm_email", "account_reset_password_from_key"),
        PUBLIC,
        why="an unknown key shows an 'invalid link' page, not an error",
    ),
    # --- allauth's single sign-on (issue 18; no provider configured in tests) -------
    rule(
        ("openid_connect_login", "openid_connect_callback"),
        expect("notfound"),
        kwargs=lambda w: {"provider_id": "sso"},
        why="no OIDC provider is configured here: the provider id is unknown",
    ),
    rule("accounts/social/*", expect("redirect"), why="allauth's old paths: 301"),
    rule("socialaccount_connections", SIGNED_IN),
    rule("socialaccount_login_cancelled", PUBLIC),
    rule("socialaccount_login_error", expect("401"), why="allauth's error page"),
    rule(
        "socialaccount_signup",
        NOBODY,
        why="only during an SSO login whose e-mail is taken; else to the login",
    ),
    # --- Wagtail front end and public API ------------------------------------------
    rule(
        "wagtailcore_authenticate_with_password",
        expect("notfound"),
        why="no page has a password restriction",
    ),
    rule(
        "wagtailcore_login",
        expect("denied", anonymous="login"),
        why="Wagtail's door without allauth's locks: sent to allauth's sign-in",
    ),
    rule(
        "wagtail_serve",
        PUBLIC,
        kwargs=lambda w: {"_0": ""},
        why="the home page here; every page is checked by type in PAGE_RULES",
    ),
    rule("wagtailapi:pages:listing", PUBLIC),
    rule("wagtailapi:pages:detail", PUBLIC, kwargs=lambda w: {"pk": w.home.pk}),
    rule("wagtailapi:pages:find", expect("notfound"), why="no ?html_path given"),
    # --- Django admin: superusers only (is_staff), nobody in the matrix -----------
    rule(
        ("admin:login", "django_admin_login"),
        expect("denied", anonymous="login"),
        why="sent to allauth's sign-in (throttling, verified e-mail)",
    ),
    rule("admin:logout", expect("redirect"), why="GET does not log out"),
    rule("admin:app_list", NOBODY, kwargs=lambda w: {"app_label": "auth"}),
    rule(("admin:*", "django-admin/*"), NOBODY),
    # --- Wagtail admin --------------------------------------------------------------
    rule(
        (
            "wagtailusers_*",
            "wagtailsites:*",
            "wagtailredirects:*",
            "wagtailsettings:*",
            "wagtailadmin_workflows:*",
            "wagtailadmin_collections:*",
            "wagtailadmin_reports:*",
            "wagtailadmin_editing_sessions:*",
            "wagtailadmin_block_preview",
            "wagtailadmin_dismissibles",
            "wagtailadmin_reports:aging_pages*",
            "wagtailadmin_reports:page_types_usage*",
            # The same reports with core's safe spreadsheet writer, at the
            # same addresses (core.admin_exports): Wagtail's checks unchanged.
            "admin/reports/*",
            "admin/redirects/*",
        ),
        ADMIN,
        why="Wagtail's own permission checks; no role holds these permissions",
    ),
    rule(
        "wagtailadmin_error_test",
        expect("raises", anonymous="login", learners="denied"),
        why="Wagtail's deliberate 500 page for admins",
    ),
    rule("wagtailadmin_home", ADMIN_OPEN),
    rule(
        "wagtailadmin_login",
        expect("denied", anonymous="login"),
        why="sent to allauth's sign-in (throttling, verified e-mail)",
    ),
    rule(
        "wagtailadmin_password_reset",
        expect("redirect"),
        why="sent to allauth's password reset (limits per address and client)",
    ),
    rule(
        "wagtailadmin_password_reset_*",
        expect("notfound"),
        why="WAGTAIL_PASSWORD_RESET_ENABLED = False: allauth's reset only",
    ),
    rule(
        ("wagtailadmin_sprite", "wagtailadmin_javascript_catalog"),
        PUBLIC,
        why="icons and the catalogue must be reachable signed out",
    ),
    rule(
        "admin/^.*/$",
        expect("notfound", anonymous="redirect", learners="redirect"),
        why="Wagtail's admin catch-all: 404 inside, a redirect outside",
    ),
    rule(
        "wagtaildocs_authenticate_with_password",
        expect("notfound"),
        why="no document has a password restriction",
    ),
    rule(
        ("wagtailsnippets_*", "wagtailsnippetchoosers_*"),
        ADMIN,
        why="snippets (directory, IP areas, classes, quizzes, plan): Wagtail perms",
    ),
    rule("wagtaildocs_serve", expect("notfound"), why="no such document"),
    rule(("wagtailimages*", "wagtaildocs*", "wagtailembeds*"), ADMIN),
    rule(
        ("wagtailadmin_*", "wagtail_bulk_action", "wagtailsnippets*", "admin/*"), ADMIN
    ),
]

# Wagtail page types served at their URL: expected outcome per role.
PAGE_RULES: dict[str, dict[str, frozenset[str]]] = {
    "wagtailcore.page": PUBLIC,
    "core.homepage": PUBLIC,
    "core.standardpage": PUBLIC,
    "courses.courseindexpage": PUBLIC,
    "courses.coursepage": PUBLIC,
    "courses.modulepage": expect("redirect"),  # to its course page
    # A lesson body is for enrolled learners and editors; a free preview is public.
    "courses.lessonpage": lambda world, page: (
        PUBLIC
        if page.free_preview
        else expect("denied", anonymous="login", learner="ok", editor="ok")
    ),
}


def rule_for(key: str) -> Rule | None:
    for candidate in RULES:
        if candidate.matches(key):
            return candidate
    return None
