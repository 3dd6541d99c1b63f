"""Every page of the site has a query-count case, so a new page without one fails.

The URL list comes from the URL conf (``tests.security.urlwalk``), like the
permission matrix: every GET URL outside /admin/ and /django-admin/, every
admin view of our own apps, every snippet listing of our models and every
Wagtail page type must be a case in ``cases.CASES`` or be listed, with the
reason, in ``cases.NOT_PAGES``.
"""

from wagtail.models import get_page_models

from tests.security.urlwalk import endpoints

from .cases import CASES, NOT_PAGES

OUR_APPS = (
    "accounts",
    "certificates",
    "core",
    "courses",
    "directory",
    "plan",
    "quizzes",
)


def _ours(endpoint) -> bool:
    return endpoint.lookup.split(".")[0] in OUR_APPS


def _is_our_snippet_listing(key: str) -> bool:
    return key.endswith(":list") and any(
        key.startswith(f"wagtailsnippets_{app}_") for app in OUR_APPS
    )


def pages_needing_a_case() -> set[str]:
    keys = set()
    for endpoint in endpoints():
        if endpoint.route.startswith("django-admin/"):
            continue
        if not endpoint.route.startswith("admin/"):
            if endpoint.key != "wagtail_serve":  # covered by page type below
                keys.add(endpoint.key)
        elif _ours(endpoint) or _is_our_snippet_listing(endpoint.key):
            keys.add(endpoint.key)
    keys.add("wagtailadmin_home")  # it shows the plan's panel
    keys |= {f"page:{model._meta.label_lower}" for model in get_page_models()}
    return keys


def test_every_page_of_the_site_has_a_query_count_case():
    covered = {case.key for case in CASES} | set(NOT_PAGES)
    missing = sorted(pages_needing_a_case() - covered)
    assert missing == [], (
        "Pages without a query-count case in tests/performance/cases.py:\n"
        + "\n".join(missing)
    )


def test_every_case_names_a_page_that_exists():
    known = pages_needing_a_case()
    stale = sorted(({case.key for case in CASES} | set(NOT_PAGES)) - known)
    assert stale == []


def test_case_ids_are_unique():
    ids = [case.id for case in CASES]
    assert len(ids) == len(set(ids))
