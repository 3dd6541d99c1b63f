"""Final exams keep their key until it cannot help (passed, or no attempt left),
and a quiz starts only from a live place the learner may see (issue 16, item 4)."""

import importlib

import pytest
from django.apps import apps as django_apps
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import PageViewRestriction

from quizzes.models import Attempt, Quiz, ReviewPolicy

from .factories import (
    QuestionFactory,
    course_tree,
    enrol,
    place_quiz,
    quiz_with_questions,
    right_answers,
)

pytestmark = pytest.mark.django_db

#: The panel a review shows under each question with its mark and right answer.
KEY = 'class="panel quiz-outcome'


@pytest.fixture
def final_exam(home_page, learner):
    course, _module, _lessons = course_tree(home_page, lessons=1, slug="cuoi-khoa")
    questions = [QuestionFactory() for _ in range(2)]
    quiz = quiz_with_questions(
        questions, final_exam_page=course, max_attempts=3, pass_mark=100
    )
    enrol(learner, course)
    return quiz, course


def take(client, quiz, *, right: bool) -> str:
    """Start the exam, answer every question right or wrong, return the review."""
    client.post(reverse("quizzes:start", args=[quiz.slug]))
    attempt = Attempt.objects.filter(quiz=quiz).order_by("-number").first()
    keys = right_answers(attempt)
    data = {
        f"q{slot}": str(pos if right else (pos + 1) % 3) for slot, pos in keys.items()
    }
    done = client.post(reverse("quizzes:submit", args=[attempt.pk]), data)
    return client.get(done.url).content.decode()


def test_a_new_quiz_keeps_its_answers_until_passed_by_default():
    assert Quiz().review_policy == ReviewPolicy.AFTER_PASS


def test_a_failed_final_exam_attempt_does_not_show_the_right_answers(
    client, learner, final_exam
):
    quiz, _course = final_exam
    client.force_login(learner)
    review = take(client, quiz, right=False)
    assert KEY not in review
    assert "review-policy-after_pass" in review


def test_the_right_answers_appear_after_the_last_attempt(client, learner, final_exam):
    quiz, _course = final_exam
    client.force_login(learner)
    assert KEY not in take(client, quiz, right=False)
    assert KEY not in take(client, quiz, right=False)
    assert KEY in take(client, quiz, right=False)


def test_the_right_answers_appear_once_the_exam_is_passed(client, learner, final_exam):
    quiz, _course = final_exam
    client.force_login(learner)
    assert KEY not in take(client, quiz, right=False)
    assert KEY in take(client, quiz, right=True)
    first = Attempt.objects.get(quiz=quiz, number=1)
    # The failed attempt's review may show the key too now: it no longer helps.
    assert (
        KEY in client.get(reverse("quizzes:review", args=[first.pk])).content.decode()
    )


def test_the_editor_sees_the_review_policy_on_the_quiz_form(admin_client, final_exam):
    quiz, _course = final_exam
    response = admin_client.get(
        reverse("wagtailsnippets_quizzes_quiz:edit", args=[quiz.pk])
    )
    assert response.status_code == 200
    assert 'name="review_policy"' in response.content.decode()
    assert 'value="after_pass" selected' in response.content.decode()


def test_the_migration_moves_existing_final_exams_to_the_safe_policy(
    home_page, final_exam
):
    quiz, _course = final_exam
    practice = quiz_with_questions([], review_policy=ReviewPolicy.IMMEDIATELY)
    Quiz.objects.filter(pk=quiz.pk).update(review_policy=ReviewPolicy.IMMEDIATELY)
    migration = importlib.import_module(
        "quizzes.migrations.0003_final_exams_review_after_pass"
    )
    migration.final_exams_safe(django_apps, None)
    quiz.refresh_from_db()
    practice.refresh_from_db()
    assert quiz.review_policy == ReviewPolicy.AFTER_PASS
    assert practice.review_policy == ReviewPolicy.IMMEDIATELY  # lesson quizzes stay


# --- where a quiz can be started -------------------------------------------------


@pytest.fixture
def draft_lesson_quiz(home_page, learner):
    course, _module, (lesson,) = course_tree(home_page, lessons=1, slug="nhap")
    quiz = quiz_with_questions([QuestionFactory()])
    place_quiz(lesson, quiz)
    lesson.unpublish()
    enrol(learner, course)
    return quiz, lesson


def test_a_quiz_placed_only_in_a_draft_lesson_cannot_be_started(
    client, learner, draft_lesson_quiz
):
    quiz, lesson = draft_lesson_quiz
    client.force_login(learner)
    response = client.post(reverse("quizzes:start", args=[quiz.slug]))
    assert response.status_code == 403
    assert "hiện không mở" in response.content.decode()
    assert (
        client.post(
            reverse("quizzes:start", args=[quiz.slug]), {"lesson": lesson.pk}
        ).status_code
        == 404
    )
    assert not Attempt.objects.exists()


def test_a_quiz_in_a_lesson_of_a_draft_course_cannot_be_started(
    client, learner, lesson_setup
):
    lesson_setup["course"].unpublish()
    client.force_login(learner)
    quiz = lesson_setup["quiz"]
    for data in ({}, {"lesson": lesson_setup["lesson"].pk}):
        response = client.post(reverse("quizzes:start", args=[quiz.slug]), data)
        assert response.status_code == 403
    assert not Attempt.objects.exists()


def test_a_quiz_in_a_lesson_restricted_to_a_group_refuses_others(
    client, learner, lesson_setup
):
    group = Group.objects.create(name="Chỉ nhóm này")
    restriction = PageViewRestriction.objects.create(
        page=lesson_setup["lesson"], restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(group)
    client.force_login(learner)
    quiz = lesson_setup["quiz"]
    url = reverse("quizzes:start", args=[quiz.slug])
    assert client.post(url, {"lesson": lesson_setup["lesson"].pk}).status_code == 403
    assert client.post(url).status_code == 403
    assert not Attempt.objects.exists()
    learner.groups.add(group)
    assert client.post(url, {"lesson": lesson_setup["lesson"].pk}).status_code == 302


def test_a_final_exam_of_a_draft_course_cannot_be_started(client, learner, final_exam):
    quiz, course = final_exam
    course.unpublish()
    client.force_login(learner)
    response = client.post(reverse("quizzes:start", args=[quiz.slug]))
    assert response.status_code == 403
    assert not Attempt.objects.exists()


def test_a_quiz_in_a_live_lesson_still_starts(client, learner, lesson_setup):
    client.force_login(learner)
    quiz = lesson_setup["quiz"]
    response = client.post(reverse("quizzes:start", args=[quiz.slug]))
    assert response.status_code == 302
    assert Attempt.objects.count() == 1
