import pytest
from wagtail.models import Page

from core.models import HomePage, StandardPage
from courses.models import CourseIndexPage, CoursePage, LessonPage, ModulePage

pytestmark = pytest.mark.django_db


def test_the_catalogue_can_only_be_created_under_the_home_page(home_page):
    assert CourseIndexPage.can_create_at(home_page)
    assert not CourseIndexPage.can_create_at(Page.get_first_root_node())
    assert CourseIndexPage.allowed_parent_page_models() == [HomePage]


def test_each_level_of_the_course_tree_accepts_only_the_next_level():
    assert CourseIndexPage.allowed_subpage_models() == [CoursePage]
    assert CoursePage.allowed_parent_page_models() == [CourseIndexPage]
    assert CoursePage.allowed_subpage_models() == [ModulePage]
    assert ModulePage.allowed_subpage_models() == [LessonPage]
    assert LessonPage.allowed_subpage_models() == []
    assert StandardPage not in CoursePage.allowed_subpage_models()


def test_a_lesson_cannot_sit_directly_under_a_course(course):
    assert not LessonPage.can_create_at(course)
    assert ModulePage.can_create_at(course)


def test_a_home_page_holds_a_single_catalogue(catalogue, home_page):
    assert not CourseIndexPage.can_create_at(home_page)


def test_a_lesson_knows_its_course(course):
    lesson = LessonPage.objects.descendant_of(course).first()
    assert lesson.course.pk == course.pk


def test_catalogue_page_has_the_slug_khoa_hoc_and_editors_may_edit_it(
    catalogue, editor
):
    from wagtail.permission_policies.pages import PagePermissionPolicy

    assert catalogue.slug == "khoa-hoc"
    assert catalogue.url == "/khoa-hoc/"
    policy = PagePermissionPolicy()
    assert policy.user_has_permission_for_instance(editor, "publish", catalogue)
    assert policy.user_has_permission_for_instance(editor, "add", catalogue)
