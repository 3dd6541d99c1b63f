"""The courses parts of the Wagtail admin open for editors."""

import pytest

from .factories import class_make, lessons_of

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url",
    [
        "/admin/snippets/courses/trainingclass/",
        "/admin/snippets/courses/trainingclass/add/",
        "/admin/snippets/courses/iparea/",
        "/admin/courses/progress/",
        "/admin/courses/requests/",
        "/admin/courses/import/",
    ],
)
def test_editors_open_the_courses_admin_pages(client, editor, course, url):
    client.force_login(editor)
    response = client.get(url)
    assert response.status_code == 200


def test_editors_edit_courses_and_lessons_in_the_page_editor(client, editor, course):
    client.force_login(editor)
    assert client.get(f"/admin/pages/{course.pk}/edit/").status_code == 200
    lesson = lessons_of(course)[0]
    assert client.get(f"/admin/pages/{lesson.pk}/edit/").status_code == 200
    parent = course.get_parent()
    assert (
        client.get(f"/admin/pages/add/courses/coursepage/{parent.pk}/").status_code
        == 200
    )


def test_the_class_list_links_to_the_roster(client, editor, course):
    training_class = class_make(course)
    client.force_login(editor)
    html = client.get("/admin/snippets/courses/trainingclass/").content.decode()
    assert f"/classes/{training_class.pk}/attendance/" in html


def test_lesson_preview_in_the_admin_shows_the_body_to_editors(client, editor, course):
    client.force_login(editor)
    lesson = lessons_of(course)[1]
    response = client.get(f"/admin/pages/{lesson.pk}/view_draft/")
    assert response.status_code == 200
    assert "Nội dung bài học bí mật" in response.content.decode()
