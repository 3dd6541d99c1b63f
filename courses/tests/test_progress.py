import pytest

from courses import completion, services
from courses.models import Enrollment, EnrollmentStatus, LessonProgress
from courses.selectors import course_progress, enrollment_get, lesson_counts, percent

from .factories import course_make, lessons_of

pytestmark = pytest.mark.django_db
S = EnrollmentStatus


def test_percent_rounds_down_so_that_100_means_all_done():
    assert percent(0, 3) == 0
    assert percent(1, 3) == 33
    assert percent(2, 3) == 66
    assert percent(3, 3) == 100
    assert percent(99, 100) == 99
    assert percent(0, 0) == 0


def test_progress_counts_required_live_lessons_only(catalogue, learner):
    course = course_make(catalogue, modules=2, lessons=2)
    lessons = lessons_of(course)
    lessons[3].is_optional = True
    lessons[3].save()
    lessons[2].live = False
    lessons[2].save()
    services.enrollment_create(user=learner, course=course)
    services.lesson_complete(user=learner, lesson=lessons[0])
    assert lesson_counts(user=learner, course=course) == (1, 2)
    assert course_progress(user=learner, course=course) == 50


def test_completing_a_lesson_twice_keeps_the_first_time(course, learner):
    services.enrollment_create(user=learner, course=course)
    lesson = lessons_of(course)[0]
    first = services.lesson_complete(user=learner, lesson=lesson)
    second = services.lesson_complete(user=learner, lesson=lesson)
    assert first.pk == second.pk
    assert second.completed_at == first.completed_at
    assert LessonProgress.objects.count() == 1


def test_lessons_done_before_enrolling_count_once_enrolled(course, learner):
    lesson = lessons_of(course)[0]
    services.lesson_complete(user=learner, lesson=lesson)
    services.enrollment_create(user=learner, course=course)
    assert course_progress(user=learner, course=course) == 25


def test_rules_pass_needs_one_applying_rule_and_all_applying_rules_true():
    assert completion.rules_pass({"a": True, "b": None}) is True
    assert completion.rules_pass({"a": True, "b": False}) is False
    assert completion.rules_pass({"a": None, "b": None}) is False


def test_enrollment_get_prefers_the_live_enrolment(course, learner):
    cancelled = services.enrollment_create(user=learner, course=course)
    services.enrollment_cancel(enrollment=cancelled, by=learner)
    assert enrollment_get(user=learner, course=course).status == S.CANCELLED
    live = services.enrollment_create(user=learner, course=course)
    assert enrollment_get(user=learner, course=course).pk == live.pk
    assert Enrollment.objects.filter(user=learner).count() == 2


def test_the_course_page_shows_progress_per_module(client, catalogue, learner):
    course = course_make(catalogue, modules=2, lessons=2)
    services.enrollment_create(user=learner, course=course)
    services.lesson_complete(user=learner, lesson=lessons_of(course)[0])
    client.force_login(learner)
    outline = client.get(course.url).context["course_outline"]
    assert [module.percent for module in outline.modules] == [50, 0]


def test_my_courses_reads_the_lessons_from_the_cache_and_sees_a_new_one(
    client, catalogue, learner
):
    """The lessons of every enrolled course come from the cached course
    structures (one query for those not cached); a lesson published later
    counts on the next view."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from courses.models import LessonPage

    first = course_make(catalogue, lessons=2)
    second = course_make(catalogue, lessons=3)
    for course in (first, second):
        services.enrollment_create(user=learner, course=course)
    client.force_login(learner)
    url = reverse("courses:dashboard")
    html = client.get(url).content.decode()
    assert "0/2 bài học" in html and "0/3 bài học" in html
    with CaptureQueriesContext(connection) as warm:
        client.get(url)
    assert not any('"courses_lessonpage"' in q["sql"] for q in warm.captured_queries)
    module = first.get_children().first()
    module.add_child(instance=LessonPage(title="Bài mới", slug="bai-moi"))
    html = client.get(url).content.decode()
    assert "0/3 bài học" in html and "0/2 bài học" not in html
