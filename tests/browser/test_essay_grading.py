"""Playwright: an editor grades an essay in the Wagtail admin queue and the
learner then sees the mark and the comment (desktop and a 390×844 phone)."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from quizzes.models import AttemptAnswer
from quizzes.qtypes import QuestionType
from quizzes.services import attempt_save_answers, attempt_start, attempt_submit
from quizzes.tests.factories import (
    QuestionFactory,
    course_tree,
    enrol,
    place_quiz,
    quiz_with_questions,
)
from tests.factories import PASSWORD

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def login(page, live_server, user):
    page.goto(live_server.url + "/")
    page.goto(live_server.url + "/accounts/login/")
    page.locator("#id_login").fill(user.email)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()


@pytest.mark.parametrize(
    "viewport", [(1280, 900), (390, 844)], ids=["desktop", "phone"]
)
def test_an_editor_grades_an_essay_and_the_learner_sees_the_grade(
    page, live_server, home_page, learner, editor, artifacts_dir, viewport
):
    course, _module, (lesson,) = course_tree(home_page, lessons=1, slug="tu-luan")
    essay = QuestionFactory(
        qtype=QuestionType.ESSAY,
        title="Tự luận nhãn hiệu",
        text="Trình bày khái niệm nhãn hiệu.",
        points=4,
        answers=[],
        grader_info="Dấu hiệu nhìn thấy được; khả năng phân biệt.",
    )
    quiz = quiz_with_questions([essay], title="Bài tự luận", slug="bai-tu-luan")
    place_quiz(lesson, quiz)
    enrol(learner, course)
    attempt = attempt_start(user=learner, quiz=quiz, lesson=lesson)
    slot = attempt.slots.get()
    attempt_save_answers(
        attempt=attempt, user=learner, answers={slot.pk: "Nhãn hiệu là dấu hiệu."}
    )
    attempt_submit(attempt=attempt, user=learner)
    name = "-".join(str(v) for v in viewport)
    page.set_viewport_size({"width": viewport[0], "height": viewport[1]})

    login(page, live_server, editor)
    page.goto(live_server.url + reverse("quizzes_admin:grading"))
    page.get_by_role("link", name="Bài tự luận", exact=True).click()
    page.get_by_role("link", name="Chấm", exact=True).first.click()
    expect(page.locator(".essay-answer")).to_contain_text("Nhãn hiệu là dấu hiệu.")
    expect(page.locator(".essay-rubric")).to_contain_text("khả năng phân biệt")
    page.locator("#id_points").fill("3")
    page.locator("#id_comment").fill("Thiếu ý phân biệt.")
    page.screenshot(
        path=str(artifacts_dir / f"essay-grading-{name}.png"), full_page=True
    )
    page.get_by_role("button", name="Lưu điểm").click()
    page.wait_for_load_state()
    assert AttemptAnswer.objects.get(slot=slot).points == 3

    page.context.clear_cookies()
    login(page, live_server, learner)
    page.goto(live_server.url + reverse("quizzes:detail", args=[quiz.slug]))
    page.get_by_role("link", name="Xem lại").first.click()
    box = page.locator(".quiz-essay-grade")
    expect(box).to_contain_text("Thiếu ý phân biệt.")
    expect(box).to_contain_text("3")
    expect(page.locator(".quiz-score")).to_contain_text("75")
    page.screenshot(
        path=str(artifacts_dir / f"essay-graded-learner-{name}.png"), full_page=True
    )
