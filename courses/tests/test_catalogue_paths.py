"""Catalogue cards say whether this visitor can enrol now; an audience group's
courses come in the order to take them."""

import pytest

from courses import services
from courses.models import Enrollment
from tests.factories import AudienceGroupFactory

from .factories import course_make

pytestmark = pytest.mark.django_db


@pytest.fixture
def path(catalogue):
    """Startups: advanced ← intermediate ← entry, published in the reverse order."""
    group = AudienceGroupFactory(code="khoi-nghiep", name="Khởi nghiệp")
    other = course_make(catalogue, title="Khóa khác", level="basic")
    entry = course_make(
        catalogue, title="Khóa nhập môn", level="basic", audience_groups=[group]
    )
    middle = course_make(
        catalogue,
        title="Khóa trung cấp",
        level="intermediate",
        audience_groups=[group],
        prerequisites=[entry],
    )
    advanced = course_make(
        catalogue,
        title="Khóa chuyên sâu",
        level="advanced",
        audience_groups=[group],
        prerequisites=[middle],
    )
    # Move the entry course last in the catalogue: the order must not be the tree's.
    entry.move(catalogue, pos="last-child")
    return {
        "group": group,
        "entry": entry,
        "middle": middle,
        "advanced": advanced,
        "other": other,
    }


def _cards(response) -> list[str]:
    return [course.title for course in response.context["courses"]]


def test_the_audience_filter_lists_the_groups_courses_in_the_order_to_take_them(
    client, catalogue, path
):
    response = client.get(catalogue.url, {"audience_group": path["group"].code})
    assert _cards(response) == ["Khóa nhập môn", "Khóa trung cấp", "Khóa chuyên sâu"]
    html = response.content.decode()
    assert "Lộ trình đề xuất cho Khởi nghiệp" in html
    assert 'class="grid course-grid path-order"' in html


def test_an_explicit_order_still_wins_over_the_recommended_one(client, catalogue, path):
    response = client.get(
        catalogue.url, {"audience_group": path["group"].code, "ordering": "title"}
    )
    assert _cards(response) == sorted(_cards(response))
    assert "Lộ trình đề xuất" not in response.content.decode()


def test_cards_show_prerequisites_and_whether_the_learner_can_enrol_now(
    client, catalogue, path, learner
):
    html = client.get(catalogue.url).content.decode()
    assert "Không cần học trước: khóa học nhập môn" in html
    assert "Cần học trước: " in html and ">Khóa nhập môn</a>" in html

    client.force_login(learner)
    services.enrollment_create(user=learner, course=path["entry"])
    response = client.get(catalogue.url, {"audience_group": path["group"].code})
    lines = [
        line
        for line in response.content.decode().splitlines()
        if 'class="enrol-now' in line
    ]
    assert "Bạn đang học khóa học này" in lines[0]
    assert "Chưa đăng ký được" in lines[1] and "Chưa đăng ký được" in lines[2]

    Enrollment.objects.filter(user=learner, course=path["entry"]).update(
        status="completed"
    )
    # The cached cards are the same for everyone; the line is this learner's.
    response = client.get(catalogue.url)
    html = response.content.decode()
    assert "Bạn đã hoàn thành khóa học này" in html
    assert "Có thể đăng ký học ngay" in html
    assert "<!--enrol-now:" not in html


def test_the_enrol_now_line_costs_one_query_whatever_the_number_of_cards(
    client, catalogue, learner
):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(learner)

    def count():
        client.get(catalogue.url)  # warms the cached cards
        with CaptureQueriesContext(connection) as queries:
            client.get(catalogue.url)
        return len(queries)

    for _ in range(2):
        course_make(catalogue)
    cache.clear()
    small = count()
    for _ in range(8):
        course_make(catalogue)
    cache.clear()
    assert count() == small
