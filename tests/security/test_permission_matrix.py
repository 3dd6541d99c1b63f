"""Every URL of the site, the admin and the API, opened by every role.

The URL list is generated from the URL conf (``urlwalk.endpoints``), so a URL
added by any app without a line in ``expectations.RULES`` fails here. Each URL
is opened with GET by a fresh client per role and the outcome compared with
the table; all mismatches are reported together.

Set SECURITY_MATRIX_DUMP=/tmp/matrix.tsv to write the observed matrix.
"""

import os

import pytest
from django.core.cache import cache
from wagtail.models import Page, get_page_models

from tests.security.expectations import PAGE_RULES, rule_for
from tests.security.urlwalk import endpoints
from tests.security.world import ROLES, build_world, outcome


def test_every_url_has_an_expectation():
    missing = sorted({e.key for e in endpoints() if rule_for(e.key) is None})
    assert missing == [], (
        "URLs without a line in tests/security/expectations.py RULES:\n"
        + "\n".join(missing)
    )


def test_every_page_type_has_an_expectation():
    labels = {model._meta.label_lower for model in get_page_models()}
    assert sorted(labels - set(PAGE_RULES)) == []


def _observe(world, path):
    observed = {}
    for role in ROLES:
        client = world.client(role)
        # The matrix is about permissions: rate-limit counters (verification is
        # limited per address, and every client here is 127.0.0.1) start afresh.
        cache.clear()
        try:
            response = client.get(path)
        except Exception as exc:  # noqa: BLE001 - a 500 is a finding, not a crash
            observed[role] = f"raises:{type(exc).__name__}"
            continue
        observed[role] = outcome(
            response, path, authenticated=world.users[role] is not None
        )
    return observed


def _mismatches(label, path, observed, expected):
    found = []
    for role in ROLES:
        got = observed[role].split(":")[0]
        if got not in expected[role]:
            found.append(
                f"{label} {path} as {role}: expected "
                f"{'|'.join(sorted(expected[role]))}, got {observed[role]}"
            )
    return found


@pytest.mark.django_db
def test_every_url_answers_each_role_as_the_table_says():
    world = build_world()
    problems, dump = [], []
    for endpoint in endpoints():
        entry = rule_for(endpoint.key)
        if entry is None:
            continue  # reported by test_every_url_has_an_expectation
        cases = (
            entry.cases(world)
            if entry.cases
            else [(entry.kwargs(world) if entry.kwargs else None, entry.expected)]
        )
        for kwargs, expected in cases:
            path = endpoint.build(kwargs)
            if path is None:
                problems.append(f"{endpoint.key}: cannot build a URL from {kwargs}")
                continue
            observed = _observe(world, path)
            dump.append((endpoint.key, path, observed))
            problems += _mismatches(endpoint.key, path, observed, expected)
    _dump(dump)
    assert problems == [], "\n".join(problems)


@pytest.mark.django_db
def test_every_live_page_answers_each_role_as_its_type_says():
    world = build_world()
    problems = []
    pages = Page.objects.live().filter(depth__gt=1).specific()
    assert pages, "the security world has no pages"
    for page in pages:
        label = page._meta.label_lower
        path = page.relative_url(None) or page.url
        observed = _observe(world, path)
        expected = PAGE_RULES.get(label)
        if expected is None:
            continue  # reported by test_every_page_type_has_an_expectation
        if callable(expected):
            expected = expected(world, page)
        problems += _mismatches(label, path, observed, expected)
    assert problems == [], "\n".join(problems)


def _dump(rows):
    target = os.environ.get("SECURITY_MATRIX_DUMP")
    if not target:
        return
    with open(target, "w", encoding="utf-8") as handle:
        handle.write("key\tpath\t" + "\t".join(ROLES) + "\n")
        for key, path, observed in rows:
            handle.write(
                f"{key}\t{path}\t" + "\t".join(observed[r] for r in ROLES) + "\n"
            )
