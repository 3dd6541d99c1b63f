"""Search forgives accents and case ("nhan hieu", "NHÃN HIỆU", "nhãn hiệu"), through
Wagtail's search backend, on SQLite as on PostgreSQL (issue 13, item 5)."""

import pytest
from django.db import connection

from core.text import fold
from courses.models import LessonPage
from courses.selectors import page_search

from .factories import course_make

pytestmark = pytest.mark.django_db

SPELLINGS = ["nhan hieu", "NHÃN HIỆU", "nhãn hiệu", "Nhãn Hiệu"]


@pytest.fixture
def courses(catalogue):
    marks = course_make(
        catalogue, title="Nhãn hiệu tập thể", summary="Đăng ký và khai thác."
    )
    lesson = LessonPage.objects.child_of(marks.get_children().first()).first()
    lesson.title = "Đăng ký nhãn hiệu cho sản phẩm OCOP"
    lesson.save_revision().publish()
    other = course_make(
        catalogue, title="Quyền tác giả", summary="Tác phẩm và quyền liên quan."
    )
    return marks, other


def titles(response):
    return [course.title for course in response.context["courses"]]


def catalogue_finds_the_same_courses_for_every_spelling(client):
    found = {tuple(titles(client.get("/khoa-hoc/", {"q": q}))) for q in SPELLINGS}
    assert found == {("Nhãn hiệu tập thể",)}


def lessons_are_found_for_every_spelling():
    for q in SPELLINGS + ["dang ky nhan hieu", "ĐĂNG KÝ"]:
        hits = [page.title for page in page_search(LessonPage.objects.live(), q)]
        assert hits == ["Đăng ký nhãn hiệu cho sản phẩm OCOP"], q


def test_fold_removes_accents_and_case_and_reads_d_for_the_stroked_d():
    assert fold("NHÃN HIỆU") == fold("nhãn hiệu") == "nhan hieu"
    assert fold("  Đăng   ký  ") == "dang ky"


def test_the_catalogue_finds_the_same_courses_with_or_without_accents(client, courses):
    catalogue_finds_the_same_courses_for_every_spelling(client)


def test_lessons_are_found_with_or_without_accents(courses):
    lessons_are_found_for_every_spelling()


def test_a_stroked_d_typed_as_d_finds_the_course(client, courses):
    assert titles(client.get("/khoa-hoc/", {"q": "dang ky"})) == ["Nhãn hiệu tập thể"]


@pytest.mark.postgres
def test_postgresql_full_text_search_forgives_accents_the_same_way(client, courses):
    assert connection.vendor == "postgresql"
    catalogue_finds_the_same_courses_for_every_spelling(client)
    lessons_are_found_for_every_spelling()
