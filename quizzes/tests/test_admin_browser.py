"""Playwright: the editor's admin pages render properly (import preview with
line-numbered errors, quiz and question statistics); screenshots are saved."""

from pathlib import Path

import pytest

from quizzes.services import attempt_start, attempt_submit
from tests.playwright import chromium_page, page_errors, sign_in

from .factories import (
    CategoryFactory,
    QuestionFactory,
    course_tree,
    enrol,
    place_quiz,
    quiz_with_questions,
    right_answers,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

DATA = Path(__file__).parent / "data"


def graded_attempts(home_page, learners):
    course, _module, (lesson,) = course_tree(home_page, lessons=1, slug="thong-ke")
    questions = [QuestionFactory() for _ in range(4)]
    quiz = quiz_with_questions(questions, title="Kiểm tra nhãn hiệu", pass_mark=50)
    place_quiz(lesson, quiz)
    for index, user in enumerate(learners):
        enrol(user, course)
        attempt = attempt_start(user=user, quiz=quiz, lesson=lesson)
        right = right_answers(attempt)
        answers = dict(list(right.items())[: index + 1])
        attempt_submit(attempt=attempt, user=user, answers=answers)
    return quiz


def test_the_import_preview_and_the_statistics_pages_look_right(
    live_server, home_page, editor, artifacts_dir
):
    from playwright.sync_api import expect

    from tests.factories import UserFactory

    CategoryFactory(name="Nhãn hiệu")
    quiz = graded_attempts(home_page, [UserFactory() for _ in range(3)])

    with chromium_page(width=1280, height=2000) as page:
        sign_in(page.context, live_server.url, editor)
        errors = page_errors(page)

        page.goto(f"{live_server.url}/admin/quizzes/import/")
        page.set_input_files("input[type=file]", str(DATA / "malformed.gift"))
        page.select_option("select[name=category]", label="Nhãn hiệu")
        page.get_by_role("button", name="Xem trước").click()
        table = page.locator("table.listing").first
        expect(table).to_be_visible()
        assert table.locator("tbody tr").count() >= 3
        assert page.get_by_role("button", name="Xác nhận nhập").count() == 0
        page.screenshot(
            path=str(artifacts_dir / "quizzes-admin-import-errors.png"), full_page=True
        )

        page.goto(f"{live_server.url}/admin/quizzes/stats/")
        row = page.locator("table.listing tbody tr", has_text=quiz.title)
        expect(row).to_contain_text("3")
        page.screenshot(
            path=str(artifacts_dir / "quizzes-admin-quiz-stats.png"), full_page=True
        )

        page.goto(f"{live_server.url}/admin/quizzes/stats/{quiz.pk}/")
        expect(page.locator("table.listing tbody tr")).to_have_count(4)
        page.screenshot(
            path=str(artifacts_dir / "quizzes-admin-question-stats.png"),
            full_page=True,
        )
    assert errors == []
