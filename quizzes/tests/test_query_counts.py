"""The attempt page and submit run the same number of queries whatever the bank size."""

import re
from collections import Counter

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import Site

from core.models import SiteIdentity
from quizzes.services import attempt_start

from .factories import CategoryFactory, QuestionFactory, QuizFactory, enrol, place_quiz

pytestmark = pytest.mark.django_db


def build(home_page, learner, bank_size, slug):
    from .factories import course_tree

    course, _module, (lesson,) = course_tree(home_page, lessons=1, slug=slug)
    category = CategoryFactory()
    QuestionFactory.create_batch(bank_size, category=category)
    quiz = QuizFactory(slug=f"quiz-{slug}")
    quiz.random_draws.create(category=category, count=5)
    place_quiz(lesson, quiz)
    enrol(learner, course)
    return attempt_start(user=learner, quiz=quiz, lesson=lesson)


def queries(client, method, url, data=None) -> list[str]:
    with CaptureQueriesContext(connection) as ctx:
        response = getattr(client, method)(url, data or {})
    assert response.status_code in (200, 302)
    return [q["sql"] for q in ctx.captured_queries]


def shape(sql: str) -> str:
    """A query without its literal values (ids, times), to compare two requests."""
    return re.sub(r"'[^']*'|\b\d+\b", "?", sql)


def test_attempt_page_and_submit_queries_do_not_grow_with_the_bank(
    client, home_page, learner
):
    client.force_login(learner)
    small = build(home_page, learner, 20, "nho")
    large = build(home_page, learner, 500, "lon")
    # One request first: Wagtail's site-root cache may be cold (see below).
    queries(client, "get", reverse("quizzes:attempt", args=[small.pk]))
    page = [
        len(queries(client, "get", reverse("quizzes:attempt", args=[a.pk])))
        for a in (small, large)
    ]
    assert page[0] == page[1]
    submit = [
        len(queries(client, "post", reverse("quizzes:submit", args=[a.pk]), {}))
        for a in (small, large)
    ]
    assert submit[0] == submit[1]


def test_the_first_page_after_a_cold_cache_only_refills_the_cache(
    client, home_page, learner
):
    """Why the very first attempt page runs a few queries more than the next ones.

    The header's catalogue link (``courses.selectors.catalogue_url_get``) is
    kept in Django's cache (per process with LocMemCache as in the tests, shared
    in Redis in production) until a page is published, moved or deleted or a
    site changes. Filling it reads the catalogue page and Wagtail's
    ``Site.get_site_root_paths()`` (itself cached by Wagtail); the header's
    site identity (``core.identity``) is cached the same way. So one request per
    cache lifetime pays them; it is not per user, per attempt or per question,
    and not the quizzes app's. A different warm-up query makes this test fail.
    """
    from django.core.cache import cache

    client.force_login(learner)
    attempt = build(home_page, learner, 20, "nho")
    url = reverse("quizzes:attempt", args=[attempt.pk])
    # The site's identity row exists on a running site (its first read
    # creates it once in the site's life, not per cache lifetime).
    SiteIdentity.for_site(Site.objects.get(is_default_site=True))
    cache.clear()
    Site.clear_site_root_paths_cache()
    cold = queries(client, "get", url)
    warm = queries(client, "get", url)
    extra = Counter(map(shape, cold)) - Counter(map(shape, warm))
    assert len(cold) - len(warm) == sum(extra.values()) <= 6
    for sql in extra:
        assert any(
            table in sql
            for table in (
                "courses_courseindexpage",
                "wagtailcore_site",
                "auth_perm",
                "core_siteidentity",
            )
        )
    assert len(warm) == len(queries(client, "get", url))
