import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from courses import services
from courses.models import Enrollment, LessonProgress
from learning import services as learning

from .factories import class_make, course_make, lessons_of

pytestmark = pytest.mark.django_db


def test_the_enrol_button_asks_anonymous_visitors_to_sign_in(client, course):
    html = client.get(course.url).content.decode()
    assert "/accounts/login/?next=" in html
    assert f"/courses/{course.pk}/enrol/" not in html


def test_the_enrol_button_asks_for_a_complete_profile_first(
    client, course, no_profile_user
):
    client.force_login(no_profile_user)
    html = client.get(course.url).content.decode()
    assert "/accounts/profile/?next=" in html
    response = client.post(f"/courses/{course.pk}/enrol/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/profile/?next=")
    assert not Enrollment.objects.exists()


def test_enrolling_from_the_course_page(client, course, learner):
    client.force_login(learner)
    html = client.get(course.url).content.decode()
    assert f'action="/courses/{course.pk}/enrol/"' in html
    response = client.post(f"/courses/{course.pk}/enrol/", follow=True)
    assert response.status_code == 200
    assert Enrollment.objects.get(user=learner).status == "active"
    html = response.content.decode()
    assert f'action="/courses/{course.pk}/unenrol/"' in html
    assert "<progress" in html


def test_enrolling_in_a_class_from_the_course_page(client, course, learner):
    training_class = class_make(course)
    client.force_login(learner)
    assert training_class.title in client.get(course.url).content.decode()
    client.post(f"/courses/{course.pk}/enrol/", {"training_class": training_class.pk})
    assert Enrollment.objects.get(user=learner).training_class == training_class


def test_a_class_of_another_course_is_refused_with_a_message(
    client, catalogue, course, learner
):
    other_class = class_make(course_make(catalogue))
    client.force_login(learner)
    response = client.post(
        f"/courses/{course.pk}/enrol/", {"training_class": other_class.pk}, follow=True
    )
    assert response.status_code == 200
    assert not Enrollment.objects.exists()
    assert list(response.context["messages"])


def test_missing_prerequisites_disable_the_button_and_list_what_is_missing(
    client, catalogue, learner
):
    basic = course_make(catalogue, title="Nền tảng SHTT", level="basic")
    advanced = course_make(catalogue, level="advanced", prerequisites=[basic])
    client.force_login(learner)
    html = client.get(advanced.url).content.decode()
    assert "Nền tảng SHTT" in html
    assert "disabled" in html
    assert "path-missing" in html
    response = client.post(f"/courses/{advanced.pk}/enrol/", follow=True)
    assert not Enrollment.objects.filter(course=advanced).exists()
    assert "Nền tảng SHTT" in str(list(response.context["messages"])[0])


def test_the_learning_path_shows_the_next_steps(client, catalogue):
    basic = course_make(catalogue, title="Bước một", level="basic")
    course_make(catalogue, title="Bước hai", level="advanced", prerequisites=[basic])
    html = client.get(basic.url).content.decode()
    assert "Bước hai" in html and "path-next" in html


def test_get_is_not_allowed_on_the_enrol_endpoint(client, course, learner):
    client.force_login(learner)
    assert client.get(f"/courses/{course.pk}/enrol/").status_code == 405


def test_enrol_requires_csrf(course, learner):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(learner)
    assert strict.post(f"/courses/{course.pk}/enrol/").status_code == 403


def test_leaving_a_course(client, course, learner):
    services.enrollment_create(user=learner, course=course)
    client.force_login(learner)
    client.post(f"/courses/{course.pk}/unenrol/")
    assert Enrollment.objects.get(user=learner).status == "cancelled"


def test_marking_a_lesson_done_moves_on_to_the_next(client, course, learner):
    services.enrollment_create(user=learner, course=course)
    first, second = lessons_of(course)[:2]
    client.force_login(learner)
    html = client.get(first.url).content.decode()
    assert f'action="/lessons/{first.pk}/complete/"' in html
    assert second.title in html  # next lesson link
    response = client.post(f"/lessons/{first.pk}/complete/", {"go": "next"})
    assert response["Location"] == second.url
    assert LessonProgress.objects.filter(user=learner, lesson=first).exists()


def test_only_enrolled_learners_can_mark_lessons_done(client, course, learner):
    client.force_login(learner)
    lesson = lessons_of(course)[0]
    assert client.post(f"/lessons/{lesson.pk}/complete/").status_code == 403
    assert not LessonProgress.objects.exists()


def test_the_dashboard_needs_a_login(client):
    response = client.get("/my-courses/")
    assert response.status_code == 302


def test_the_dashboard_shows_progress_requests_and_class_dates(
    client, catalogue, learner
):
    studying = course_make(catalogue, title="Đang học", lessons=4, modules=1)
    training_class = class_make(studying, sessions=2, title="Lớp Vị Thanh")
    services.enrollment_create(
        user=learner, course=studying, training_class=training_class
    )
    learning.lesson_complete(user=learner, lesson=lessons_of(studying)[0])
    waiting = course_make(catalogue, title="Chờ duyệt", enrolment_mode="approval")
    services.enrollment_create(user=learner, course=waiting)
    client.force_login(learner)
    response = client.get("/my-courses/")
    html = response.content.decode()
    assert 'value="25"' in html  # <progress value="25" max="100">
    assert "Chờ duyệt" in html and "Lớp Vị Thanh" in html
    assert response.context["resume"].next_step.url == lessons_of(studying)[1].url


def _page_queries(client, url) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("view", ["course", "dashboard", "lesson"])
def test_page_query_count_is_the_same_for_5_and_100_lessons(
    client, catalogue, learner, view
):
    counts = []
    for modules, lessons in ((1, 5), (10, 10)):
        course = course_make(catalogue, modules=modules, lessons=lessons)
        training_class = class_make(course, sessions=3)
        services.enrollment_create(
            user=learner, course=course, training_class=training_class
        )
        for lesson in lessons_of(course)[:3]:
            learning.lesson_complete(user=learner, lesson=lesson)
        client.force_login(learner)
        url = {
            "course": course.url,
            "dashboard": "/my-courses/",
            "lesson": lessons_of(course)[2].url,
        }[view]
        counts.append(_page_queries(client, url))
    assert counts[0] == counts[1], counts


def test_a_password_protected_lesson_is_marked_done_only_after_its_password(
    client, course, learner
):
    from wagtail.models import PageViewRestriction

    services.enrollment_create(user=learner, course=course)
    lesson = lessons_of(course)[0]
    restriction = PageViewRestriction.objects.create(
        page=lesson, restriction_type=PageViewRestriction.PASSWORD, password="mat-ma"
    )
    client.force_login(learner)
    assert client.post(f"/lessons/{lesson.pk}/complete/").status_code == 403
    assert not LessonProgress.objects.exists()

    client.post(
        f"/_util/authenticate_with_password/{restriction.pk}/{lesson.pk}/",
        {"password": "mat-ma", "return_url": lesson.url},
    )
    assert client.post(f"/lessons/{lesson.pk}/complete/").status_code == 302
    assert LessonProgress.objects.filter(user=learner, lesson=lesson).exists()


def test_the_course_page_follows_its_classes_as_they_are_edited_and_filled(
    client, course, learner, other_learner
):
    """Which classes a course has is kept with the content; an edit shows at
    once, and the seats are counted on every visit."""
    client.force_login(learner)
    assert "Lớp tập huấn Vị Thanh" not in client.get(course.url).content.decode()
    training_class = class_make(course, capacity=20, title="Lớp tập huấn Vị Thanh")
    html = client.get(course.url).content.decode()
    assert "Lớp tập huấn Vị Thanh" in html
    assert "Đã có 0/20 chỗ" in html and "Buổi 2" in html
    services.enrollment_create(
        user=other_learner, course=course, training_class=training_class
    )
    assert "Đã có 1/20 chỗ" in client.get(course.url).content.decode()
    training_class.title = "Lớp tập huấn Long Mỹ"
    training_class.save()
    html = client.get(course.url).content.decode()
    assert "Lớp tập huấn Long Mỹ" in html and "Lớp tập huấn Vị Thanh" not in html


def test_the_dashboard_reads_its_courses_from_the_cache_and_follows_their_edits(
    client, catalogue, learner
):
    """The enrolments are read without their courses, which come from the
    content cache: a warm dashboard reads no page row, and a published title
    shows at once."""
    course = course_make(catalogue, title="Nhãn hiệu cho sản phẩm OCOP")
    services.enrollment_create(user=learner, course=course)
    client.force_login(learner)
    client.get("/my-courses/")
    with CaptureQueriesContext(connection) as queries:
        html = client.get("/my-courses/").content.decode()
    assert "Nhãn hiệu cho sản phẩm OCOP" in html
    assert not [q for q in queries if "wagtailcore_page" in q["sql"]]
    course.title = "Nhãn hiệu tập thể cho sản phẩm OCOP"
    course.save_revision().publish()
    assert (
        "Nhãn hiệu tập thể cho sản phẩm OCOP"
        in client.get("/my-courses/").content.decode()
    )
