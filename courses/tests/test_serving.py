"""Page serving reads the site and the route from the cache (courses.serving)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from courses.services import enrollment_create

from .factories import lessons_of

pytestmark = pytest.mark.django_db


def page_queries(client, url) -> tuple[int, list[str]]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    routing = [
        q["sql"]
        for q in queries.captured_queries
        if "wagtailcore_site" in q["sql"] or 'FROM "wagtailcore_page"' in q["sql"]
    ]
    return response.status_code, routing


def test_a_second_visit_finds_the_lesson_without_routing_queries(
    client, course, learner
):
    enrollment_create(user=learner, course=course)
    client.force_login(learner)
    lesson = lessons_of(course)[1]
    status, first = page_queries(client, lesson.url)
    assert status == 200 and first  # the site and the tree, walked once
    status, again = page_queries(client, lesson.url)
    assert status == 200 and again == []
    html = client.get(lesson.url).content.decode()
    assert course.title in html  # the breadcrumb, from the cached parents


def test_an_unpublished_lesson_is_gone_on_the_next_request(client, course, learner):
    enrollment_create(user=learner, course=course)
    client.force_login(learner)
    lesson = lessons_of(course)[1]
    assert client.get(lesson.url).status_code == 200
    lesson.unpublish()
    assert client.get(lesson.url).status_code == 404


def test_a_renamed_course_answers_at_its_new_address_only(client, course):
    old = course.url
    assert client.get(old).status_code == 200
    course.slug = "khoa-hoc-moi"
    course.save_revision().publish()
    course.refresh_from_db()
    assert client.get(old).status_code == 404
    assert client.get(course.url).status_code == 200
    assert course.url.endswith("/khoa-hoc-moi/")


def test_an_unknown_address_is_not_kept(client, course):
    from django.core.cache import cache

    def routes():
        return {key for key in cache._cache if ":route:" in key}

    assert client.get(course.url).status_code == 200
    assert len(routes()) == 1
    for n in range(5):
        assert client.get(f"{course.url}khong-co-{n}/").status_code == 404
    assert len(routes()) == 1


def test_a_view_restriction_still_applies_to_a_cached_route(client, course):
    from wagtail.models import PageViewRestriction

    assert client.get(course.url).status_code == 200  # cached now
    PageViewRestriction.objects.create(
        page=course, restriction_type=PageViewRestriction.LOGIN
    )
    assert client.get(course.url).status_code == 302  # to the sign-in page
