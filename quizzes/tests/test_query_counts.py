"""The attempt page and submit run the same number of queries whatever the bank size."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from quizzes.services import attempt_start

from .factories import CategoryFactory, QuestionFactory, QuizFactory, enrol, place_quiz

pytestmark = pytest.mark.django_db


def build(home_page, learner, bank_size, slug):
    from .factories import course_tree

    course, _module, (lesson,) = course_tree(home_page, lessons=1, slug=slug)
    category = CategoryFactory()
    QuestionFactory.create_batch(bank_size, category=category)
    quiz = QuizFactory(slug=f"quiz-{slug}")
    quiz.random_draws.create(category=category, count=5)
    place_quiz(lesson, quiz)
    enrol(learner, course)
    return attempt_start(user=learner, quiz=quiz, lesson=lesson)


def count(client, method, url, data=None):
    with CaptureQueriesContext(connection) as ctx:
        response = getattr(client, method)(url, data or {})
    assert response.status_code in (200, 302)
    return len(ctx)


def test_attempt_page_and_submit_queries_do_not_grow_with_the_bank(
    client, home_page, learner
):
    client.force_login(learner)
    small = build(home_page, learner, 20, "nho")
    large = build(home_page, learner, 500, "lon")
    client.get(reverse("quizzes:attempt", args=[small.pk]))  # warm the caches
    page = [
        count(client, "get", reverse("quizzes:attempt", args=[a.pk]))
        for a in (small, large)
    ]
    assert page[0] == page[1]
    submit = [
        count(client, "post", reverse("quizzes:submit", args=[a.pk]), {})
        for a in (small, large)
    ]
    assert submit[0] == submit[1]
