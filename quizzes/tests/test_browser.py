"""Playwright: a learner takes a timed quiz, reloads mid-way (autosave keeps the
answers), submits and sees the review; screenshots go to the artefacts folder."""

import pytest

from quizzes.models import Attempt, AttemptState
from tests.playwright import chromium_page, console_errors, sign_in

from .factories import (
    QuestionFactory,
    course_tree,
    enrol,
    place_quiz,
    quiz_with_questions,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_learner_takes_a_timed_quiz_reloads_and_sees_the_review(
    live_server, home_page, learner, artifacts_dir
):
    from playwright.sync_api import expect

    course, _module, (lesson,) = course_tree(home_page, lessons=1, slug="trinh-duyet")
    questions = [QuestionFactory() for _ in range(3)]
    quiz = quiz_with_questions(
        questions, shuffle_questions=False, shuffle_choices=False, time_limit_minutes=10
    )
    place_quiz(lesson, quiz)
    enrol(learner, course)

    with chromium_page(width=1100, height=1400) as page:
        sign_in(page.context, live_server.url, learner)
        errors = console_errors(page)
        page.goto(f"{live_server.url}{lesson.url}")
        page.get_by_role("button", name="Bắt đầu làm bài").click()
        page.wait_for_url("**/bai-lam/**")
        assert page.locator("#quiz-timer-value").inner_text().count(":") == 1
        # Question 1: the right answer is listed first (no shuffling).
        page.locator("fieldset[data-slot]").nth(0).locator("input[type=radio]").nth(
            0
        ).check()
        page.locator("fieldset[data-slot]").nth(1).locator("input[type=radio]").nth(
            1
        ).check()
        expect(page.locator("#quiz-save-status")).to_contain_text(
            "Đã lưu câu trả lời lúc"
        )
        page.wait_for_timeout(1200)  # the second change may still be on its way
        page.reload()
        assert (
            page.locator("fieldset[data-slot]")
            .nth(0)
            .locator("input[type=radio]")
            .nth(0)
            .is_checked()
        )
        assert (
            page.locator("fieldset[data-slot]")
            .nth(1)
            .locator("input[type=radio]")
            .nth(1)
            .is_checked()
        )
        page.screenshot(path=str(artifacts_dir / "quizzes-attempt.png"), full_page=True)
        page.locator("fieldset[data-slot]").nth(2).locator("input[type=radio]").nth(
            0
        ).check()
        page.get_by_role("button", name="Nộp bài").click()
        page.wait_for_url("**/xem-lai/")
        assert "2 / 3" in page.locator(".quiz-score").inner_text()
        page.screenshot(path=str(artifacts_dir / "quizzes-review.png"), full_page=True)
    attempt = Attempt.objects.get()
    assert attempt.state == AttemptState.SUBMITTED and attempt.score == 2
    assert not [e for e in errors if "Content Security Policy" in e]
