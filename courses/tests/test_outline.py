"""The course outline with every step, the single next step, and what is missing."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from courses import services
from courses.models import Enrollment
from courses.page_context.course import course_outline_for
from courses.steps import AVAILABLE, DONE, LOCKED
from learning import services as learning
from quizzes.tests.factories import QuestionFactory, quiz_with_questions, right_answers

from .factories import course_make, lessons_of

pytestmark = pytest.mark.django_db


def _course(catalogue, *, lessons=2, lesson_quizzes=1, exams=1, **fields):
    """A course of one module, ``lesson_quizzes`` quizzes in its first lessons
    and ``exams`` final exams (pass mark 70%, 3 attempts)."""
    fields.setdefault("awards_certificate", True)
    course = course_make(catalogue, modules=1, lessons=lessons, **fields)
    for index, lesson in enumerate(lessons_of(course)[:lesson_quizzes]):
        quiz = quiz_with_questions(
            [QuestionFactory()], title=f"Kiểm tra nhanh {index + 1}"
        )
        lesson.body = [("quiz", quiz)]
        lesson.save_revision().publish()
    finals = [
        quiz_with_questions(
            [QuestionFactory() for _ in range(2)],
            title=f"Bài kiểm tra cuối khóa {n + 1}",
            final_exam_page=course,
            pass_mark=70,
            max_attempts=3,
        )
        for n in range(exams)
    ]
    return course, finals


def _take(user, quiz, *, right: bool):
    attempt = learning.attempt_start(user=user, quiz=quiz)
    answers = right_answers(attempt)
    if not right:
        answers = {slot: (position + 1) % 3 for slot, position in answers.items()}
    learning.attempt_submit(attempt=attempt, user=user, answers=answers)
    return attempt


def _outline(course, user):
    enrollment = Enrollment.objects.filter(user=user, course=course).first()
    return course_outline_for(course=course, user=user, enrollment=enrollment)


def test_each_lesson_quiz_follows_its_lesson_and_the_exam_and_certificate_close(
    catalogue, learner
):
    course, (exam,) = _course(catalogue)
    services.enrollment_create(user=learner, course=course)
    first, second = lessons_of(course)
    learning.lesson_complete(user=learner, lesson=first)
    outline = _outline(course, learner)
    (module,) = outline.modules
    assert [item.lesson.pk for item in module.lessons] == [first.pk, second.pk]
    assert [item.step.state for item in module.lessons] == [DONE, AVAILABLE]
    assert [step.title for step in module.lessons[0].extras] == ["Kiểm tra nhanh 1"]
    assert module.lessons[1].extras == []
    assert [(step.kind, step.state) for step in outline.closing] == [
        ("exam", AVAILABLE),
        ("certificate", LOCKED),
    ]
    assert outline.closing[0].title == exam.title


def test_a_failed_final_exam_shows_the_grade_the_pass_mark_and_the_attempts_left(
    catalogue, learner
):
    course, (exam,) = _course(catalogue)
    services.enrollment_create(user=learner, course=course)
    _take(learner, exam, right=False)
    step = _outline(course, learner).closing[0]
    assert step.state == AVAILABLE
    assert "0%" in step.note and "70%" in step.note and "2" in step.note


def test_what_is_missing_names_the_lessons_then_only_the_final_exam(
    client, catalogue, learner
):
    course, _exams = _course(catalogue)
    services.enrollment_create(user=learner, course=course)
    assert _outline(course, learner).missing == ["2 bài học", "bài kiểm tra cuối khóa"]
    for lesson in lessons_of(course):
        learning.lesson_complete(user=learner, lesson=lesson)
    client.force_login(learner)
    html = client.get(course.url).content.decode()
    assert "Còn: bài kiểm tra cuối khóa" in html


def test_a_visitor_sees_every_step_locked_with_the_reason(client, catalogue):
    course, _exams = _course(catalogue)
    response = client.get(course.url)
    outline = response.context["course_outline"]
    assert {item.step.state for item in outline.lessons} == {LOCKED}
    assert outline.closing[0].state == LOCKED
    assert outline.next_step is None
    html = response.content.decode()
    assert "Đăng ký khóa học để mở bài học này" in html


def test_the_next_step_is_the_next_lesson_then_the_final_exam_then_the_certificate(
    client, catalogue, learner, django_capture_on_commit_callbacks, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    course, (exam,) = _course(catalogue)
    services.enrollment_create(user=learner, course=course)
    first, second = lessons_of(course)
    client.force_login(learner)

    step = client.get(course.url).context["next_step"]
    assert (step.url, str(step.action)) == (first.url, "Bắt đầu bài học đầu tiên")
    learning.lesson_complete(user=learner, lesson=first)
    step = client.get(course.url).context["next_step"]
    assert (step.url, str(step.action)) == (second.url, "Tiếp tục học")
    learning.lesson_complete(user=learner, lesson=second)
    html = client.get(course.url).content.decode()
    assert "Làm bài kiểm tra cuối khóa" in html
    assert client.get(course.url).context["next_step"].kind == "exam"

    with django_capture_on_commit_callbacks(execute=True):  # renders the PDF
        _take(learner, exam, right=True)
    assert Enrollment.objects.get(user=learner, course=course).status == "completed"
    response = client.get(course.url)
    step = response.context["next_step"]
    assert (step.kind, step.state) == ("certificate", DONE)
    assert "Xem giấy chứng nhận" in response.content.decode()


def test_after_the_last_lesson_continue_leads_to_the_final_exam(
    client, catalogue, learner
):
    course, (exam,) = _course(catalogue)
    services.enrollment_create(user=learner, course=course)
    first, last = lessons_of(course)
    client.force_login(learner)
    response = client.get(last.url)
    assert response.context["previous_step"].url == first.url
    assert response.context["next_step"].url.endswith(f"/kiem-tra/{exam.slug}/")
    assert response.context["course_outline"] is not None  # folded beside it
    response = client.post(f"/lessons/{last.pk}/complete/", {"go": "next"})
    assert response.status_code == 302
    assert response["Location"] == f"/kiem-tra/{exam.slug}/"


def test_my_courses_and_the_home_page_show_the_single_next_action(
    client, catalogue, home_page, learner
):
    course, _exams = _course(catalogue, title="Khóa đang học")
    services.enrollment_create(user=learner, course=course)
    client.force_login(learner)
    dashboard = client.get("/my-courses/")
    assert dashboard.context["resume"].next_step.url == lessons_of(course)[0].url
    home = client.get("/").content.decode()
    assert "Bước tiếp theo của bạn" in home and "Khóa đang học" in home
    assert "Bắt đầu bài học đầu tiên" in home


def test_my_courses_lists_a_completed_course_with_its_certificate(
    client, catalogue, learner
):
    course, (exam,) = _course(catalogue, title="Khóa đã xong", lessons=1)
    services.enrollment_create(user=learner, course=course)
    learning.lesson_complete(user=learner, lesson=lessons_of(course)[0])
    _take(learner, exam, right=True)
    client.force_login(learner)
    response = client.get("/my-courses/")
    html = response.content.decode()
    assert "Bạn chưa học khóa học nào" not in html
    assert "Bạn không có khóa học nào đang học" in html
    (row,) = response.context["completed"]
    assert row.certificate is not None and row.certificate.kind == "certificate"
    # Its PDF still renders (the task runs after the commit): the resume panel
    # says so and polls the certificate's status.
    assert "Giấy chứng nhận của bạn đang cấp" in html
    assert 'data-certificate-status="/my-certificates/' in html


def _queries(client, url) -> int:
    from django.core.cache import cache

    client.get(url)
    cache.clear()  # the cached structures are read, not hidden
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_outline_reads_the_same_number_of_queries_for_2_or_12_quizzes(
    client, catalogue, learner
):
    small, _exams = _course(catalogue, lessons=2, lesson_quizzes=1, exams=1)
    large, _exams = _course(catalogue, lessons=12, lesson_quizzes=10, exams=3)
    for course in (small, large):
        services.enrollment_create(user=learner, course=course)
        learning.lesson_complete(user=learner, lesson=lessons_of(course)[0])
    client.force_login(learner)
    assert _queries(client, small.url) == _queries(client, large.url)
    # Their last lessons, which hold no quiz (a quiz panel reads its own data).
    assert _queries(client, lessons_of(small)[-1].url) == _queries(
        client, lessons_of(large)[-1].url
    )
