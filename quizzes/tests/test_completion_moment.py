"""The review page after a final exam: the verdict against the pass mark, the
attempts left and what comes next (the certificate once the course is done)."""

import pytest
from django.urls import reverse

from learning.services import attempt_start, attempt_submit, lesson_complete

from .factories import QuestionFactory, quiz_with_questions, right_answers

pytestmark = pytest.mark.django_db


@pytest.fixture
def exam(lesson_setup, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    course = lesson_setup["course"]
    course.awards_certificate = True
    course.save_revision().publish()
    exam = quiz_with_questions(
        [QuestionFactory() for _ in range(2)],
        final_exam_page=course,
        pass_mark=70,
        max_attempts=3,
        shuffle_choices=False,
    )
    # Every lesson done: the final exam is all the course still waits for.
    lesson_complete(user=lesson_setup["user"], lesson=lesson_setup["lesson"])
    return exam


def _submit(user, quiz, *, right):
    attempt = attempt_start(user=user, quiz=quiz)
    answers = right_answers(attempt)
    if not right:
        answers = {slot: (position + 1) % 3 for slot, position in answers.items()}
    attempt_submit(attempt=attempt, user=user, answers=answers)
    return attempt


def test_a_failed_final_exam_says_the_pass_mark_the_attempts_left_and_offers_a_retry(
    client, lesson_setup, exam
):
    user = lesson_setup["user"]
    attempt = _submit(user, exam, right=False)
    client.force_login(user)
    html = client.get(reverse("quizzes:review", args=[attempt.pk])).content.decode()
    assert "Chưa đạt: 0%, điểm đạt là 70%." in html
    assert "Còn 2 lượt làm bài." in html
    assert f'href="/kiem-tra/{exam.slug}/"' in html and "Làm lại" in html
    assert "Còn: bài kiểm tra cuối khóa" in html


def test_passing_the_final_exam_completes_the_course_and_shows_the_certificate(
    client, lesson_setup, exam, django_capture_on_commit_callbacks
):
    user = lesson_setup["user"]
    with django_capture_on_commit_callbacks(execute=True):
        attempt = _submit(user, exam, right=True)
    client.force_login(user)
    response = client.get(reverse("quizzes:review", args=[attempt.pk]))
    html = response.content.decode()
    assert "Bạn đã đạt bài kiểm tra cuối khóa: 100%, điểm đạt là 70%." in html
    assert "Bạn đã hoàn thành khóa học" in html
    assert response.context["next_step"].kind == "certificate"
    assert "Xem giấy chứng nhận" in html and "/verify/" in html


def test_while_the_certificate_renders_the_review_page_says_being_issued(
    client, lesson_setup, exam
):
    user = lesson_setup["user"]
    attempt = _submit(user, exam, right=True)  # the render waits for the commit
    client.force_login(user)
    html = client.get(reverse("quizzes:review", args=[attempt.pk])).content.decode()
    assert "Giấy chứng nhận của bạn đang cấp" in html
    assert "data-certificate-status" in html and "certificate-status.js" in html


def test_an_editor_reviewing_someone_elses_attempt_sees_no_next_step(
    client, lesson_setup, exam, editor
):
    attempt = _submit(lesson_setup["user"], exam, right=False)
    client.force_login(editor)
    response = client.get(reverse("quizzes:review", args=[attempt.pk]))
    assert response.status_code == 200
    assert "next_step" not in response.context
    assert "Làm lại" not in response.content.decode()
