"""An attempt is graded and reviewed against its questions as they were when it
started (the snapshot in AttemptQuestion), whatever editors do to the bank later."""

import pytest
from django.urls import reverse

from quizzes.models import AttemptQuestion
from quizzes.presentation import attempt_page, attempt_review
from quizzes.services import attempt_save_answers, attempt_start, attempt_submit
from quizzes.statistics import question_stats

from .factories import right_answers

pytestmark = pytest.mark.django_db


def start(setup):
    return attempt_start(user=setup["user"], quiz=setup["quiz"], lesson=setup["lesson"])


def swap_the_key(question):
    """An editor changes the right answer: the old one becomes wrong."""
    right = question.choices.get(fraction=1)
    wrong = question.choices.exclude(pk=right.pk).order_by("sort_order").first()
    right.fraction, wrong.fraction = 0.0, 1.0
    right.feedback = "NEW-FEEDBACK"
    right.save()
    wrong.save()
    question.text = "NEW-TEXT"
    question.points = 10
    question.general_feedback = "NEW-GENERAL"
    question.save()


def test_editing_the_right_answer_after_the_start_changes_neither_grade_nor_review(
    lesson_setup,
):
    user = lesson_setup["user"]
    attempt = start(lesson_setup)
    answers = right_answers(attempt)
    for question in lesson_setup["questions"]:
        swap_the_key(question)
    graded, _ = attempt_submit(attempt=attempt, user=user, answers=answers)
    assert (graded.score, graded.max_score, graded.passed) == (3, 3, True)
    review = attempt_review(attempt=graded)
    for item, question in zip(review["items"], lesson_setup["questions"], strict=True):
        assert item.state == "correct" and item.points == 1
        assert item.right == [f"RIGHTKEY-{question.pk}"]
        assert "NEW-TEXT" not in item.view.text_html
        assert "NEW-GENERAL" not in item.feedback and item.view.points == 1


def test_a_graded_attempts_review_ignores_later_edits(lesson_setup):
    user = lesson_setup["user"]
    attempt = start(lesson_setup)
    graded, _ = attempt_submit(
        attempt=attempt, user=user, answers=right_answers(attempt)
    )
    before = [
        (i.right, i.view.text_html, [o.html for o in i.view.options])
        for i in attempt_review(attempt=graded)["items"]
    ]
    for question in lesson_setup["questions"]:
        swap_the_key(question)
        question.choices.order_by("sort_order").last().delete()
    after = [
        (i.right, i.view.text_html, [o.html for o in i.view.options])
        for i in attempt_review(attempt=graded)["items"]
    ]
    assert after == before


def test_deleting_a_choice_after_the_start_keeps_the_page_the_grade_and_the_review(
    lesson_setup, client
):
    user = lesson_setup["user"]
    attempt = start(lesson_setup)
    answers = right_answers(attempt)
    attempt_save_answers(attempt=attempt, user=user, answers=answers)
    for question in lesson_setup["questions"]:  # the chosen (right) answer goes
        question.choices.get(fraction=1).delete()
    assert all(len(slot.options) == 3 for slot in attempt_page(attempt=attempt))
    client.force_login(user)
    page = client.get(reverse("quizzes:attempt", args=[attempt.pk]))
    assert page.content.decode().count("RIGHTKEY-") == 3
    response = client.post(reverse("quizzes:submit", args=[attempt.pk]), {})
    assert response.status_code == 302
    attempt.refresh_from_db()
    assert attempt.score == 3 and attempt.passed is True
    review = client.get(reverse("quizzes:review", args=[attempt.pk]))
    assert review.status_code == 200
    assert review.content.decode().count("RIGHTKEY-") >= 6  # option + correct answer


def test_an_attempt_started_after_the_edit_uses_the_new_version(lesson_setup):
    for question in lesson_setup["questions"]:
        swap_the_key(question)
    attempt = start(lesson_setup)
    slot = attempt.slots.order_by("order").first()
    assert slot.max_points == 10 and slot.frozen.text == "NEW-TEXT"
    assert slot.snapshot["choices"][0]["fraction"] == 0.0


def test_a_slot_written_without_a_snapshot_is_read_from_the_bank(lesson_setup):
    """Rows bulk-loaded by hand (the benchmark seed) have an empty snapshot."""
    user = lesson_setup["user"]
    attempt = start(lesson_setup)
    AttemptQuestion.objects.filter(attempt=attempt).update(snapshot={})
    graded, _ = attempt_submit(
        attempt=attempt, user=user, answers=right_answers(attempt)
    )
    assert graded.score == 3
    assert all(i.right for i in attempt_review(attempt=graded)["items"])


def test_statistics_still_name_an_answer_deleted_after_it_was_chosen(lesson_setup):
    user = lesson_setup["user"]
    attempt = start(lesson_setup)
    attempt_submit(attempt=attempt, user=user, answers=right_answers(attempt))
    question = lesson_setup["questions"][0]
    question.choices.get(fraction=1).delete()
    rows = {r.question_id: r for r in question_stats(quiz=lesson_setup["quiz"])}
    assert (f"RIGHTKEY-{question.pk}", 1) in rows[question.pk].frequencies
    assert rows[question.pk].facility == 100
