"""Every URL that accepts a POST refuses one without a CSRF token.

The URL list comes from the URL conf, so a new form is covered the day it is
added. A view may only be ``csrf_exempt`` if it is listed in
``CSRF_EXEMPT_READ_ONLY`` and answers a POST with 405 (it changes nothing).
"""

import pytest
from django.test import Client

from tests.security.expectations import rule_for
from tests.security.urlwalk import endpoints
from tests.security.world import build_world

# Read-only endpoints that Django REST framework marks csrf_exempt itself.
CSRF_EXEMPT_READ_ONLY = {
    "wagtailapi:pages:listing",
    "wagtailapi:pages:detail",
    "wagtailapi:pages:find",
    "wagtailadmin_api:*",
}


def _exempt_allowed(key: str) -> bool:
    from fnmatch import fnmatchcase

    return any(fnmatchcase(key, pattern) for pattern in CSRF_EXEMPT_READ_ONLY)


def _is_csrf_exempt(callback) -> bool:
    return bool(getattr(callback, "csrf_exempt", False))


def test_no_view_is_csrf_exempt_unless_it_is_a_read_only_api():
    exempt = sorted({e.key for e in endpoints() if _is_csrf_exempt(e.callback)})
    unexpected = [key for key in exempt if not _exempt_allowed(key)]
    assert unexpected == []


@pytest.mark.django_db
def test_a_post_without_a_csrf_token_is_refused_everywhere():
    world = build_world()
    problems = []
    for role in ("anonymous", "learner", "editor", "plan_manager"):
        client = Client(enforce_csrf_checks=True)
        if world.users[role] is not None:
            client.force_login(world.users[role])
        for endpoint in endpoints():
            entry = rule_for(endpoint.key)
            kwargs = entry.kwargs(world) if entry and entry.kwargs else None
            path = endpoint.build(kwargs)
            if path is None:
                continue  # reported by the permission matrix
            response = client.post(path, {"name": "x", "email": "x@example.vn"})
            if _is_csrf_exempt(endpoint.callback):
                # DRF: session users get DRF's own CSRF check, anonymous
                # visitors and learners of the admin API are sent to sign in (no
                # admin access), and the
                # public API answers 405 to any write.
                refused = (
                    response.status_code == 405
                    or (response.status_code == 403 and b"CSRF" in response.content)
                    or (
                        role in ("anonymous", "learner") and response.status_code == 302
                    )
                    # a learner gets accounts.middleware's 403 page (no admin)
                    or (role == "learner" and response.status_code == 403)
                )
                if not refused:
                    problems.append(
                        f"{endpoint.key} {path} as {role}: exempt view answered "
                        f"{response.status_code} to a POST"
                    )
            elif response.status_code != 403 or b"CSRF" not in response.content:
                problems.append(
                    f"{endpoint.key} {path} as {role}: {response.status_code} "
                    "without a CSRF token"
                )
    assert problems == [], "\n".join(problems)


@pytest.mark.django_db
def test_the_same_post_with_a_token_gets_past_the_csrf_check(learner):
    """Control: the 403s above come from the missing token, not from the view."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(learner)
    page = client.get("/accounts/profile/")
    token = page.cookies["csrftoken"].value
    response = client.post(
        "/accounts/profile/", {"csrfmiddlewaretoken": token, "full_name": ""}
    )
    assert response.status_code == 200  # the form, re-shown with its errors
