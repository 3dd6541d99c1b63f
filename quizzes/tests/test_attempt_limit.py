"""When every allowed attempt is used, the learner reads why, in Vietnamese by
default and in English when chosen."""

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from quizzes.models import Attempt
from quizzes.selectors import attempt_limit_message
from quizzes.services import QuizError, attempt_start, attempt_submit

pytestmark = pytest.mark.django_db

VI_ONE = "Bạn đã dùng hết 1 lượt làm bài được phép của bài kiểm tra này"
VI_TWO = "Bạn đã dùng hết 2 lượt làm bài được phép của bài kiểm tra này"
EN_ONE = "You have already used the one attempt allowed at this quiz"
EN_TWO = "You have already used all 2 attempts allowed at this quiz"


def use_up(setup, allowed):
    quiz, user = setup["quiz"], setup["user"]
    quiz.max_attempts = allowed
    quiz.save()
    for _ in range(allowed):
        attempt = attempt_start(user=user, quiz=quiz, lesson=setup["lesson"])
        attempt_submit(attempt=attempt, user=user)
    return quiz


def test_the_message_names_the_number_of_attempts_in_both_languages():
    with translation.override("vi"):
        assert attempt_limit_message(1).startswith(VI_ONE)
        assert attempt_limit_message(2).startswith(VI_TWO)
        assert "không thể bắt đầu lượt làm bài mới" in attempt_limit_message(2)
    with translation.override("en"):
        assert attempt_limit_message(1).startswith(EN_ONE)
        assert attempt_limit_message(2).startswith(EN_TWO)
        assert attempt_limit_message(2).endswith("no new attempt can be started.")


def test_starting_past_the_limit_is_refused_with_that_message(lesson_setup):
    quiz = use_up(lesson_setup, 2)
    with pytest.raises(QuizError) as refused:
        attempt_start(
            user=lesson_setup["user"], quiz=quiz, lesson=lesson_setup["lesson"]
        )
    assert refused.value.code == "limit"
    assert refused.value.message.startswith(EN_TWO)
    assert Attempt.objects.filter(quiz=quiz).count() == 2


def test_the_start_page_explains_the_limit_in_vietnamese_by_default(
    client, lesson_setup
):
    quiz = use_up(lesson_setup, 1)
    client.force_login(lesson_setup["user"])
    response = client.post(
        reverse("quizzes:start", args=[quiz.slug]),
        {"lesson": lesson_setup["lesson"].pk},
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert VI_ONE in html and 'class="message message-error"' in html
    assert Attempt.objects.filter(quiz=quiz).count() == 1


def test_the_start_page_explains_the_limit_in_english_when_chosen(client, lesson_setup):
    quiz = use_up(lesson_setup, 2)
    client.force_login(lesson_setup["user"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.post(reverse("quizzes:start", args=[quiz.slug]))
    assert response.status_code == 409
    assert EN_TWO in response.content.decode()


def test_the_quiz_page_and_the_lesson_show_the_message_instead_of_a_button(
    client, lesson_setup
):
    quiz = use_up(lesson_setup, 2)
    client.force_login(lesson_setup["user"])
    start_url = reverse("quizzes:start", args=[quiz.slug])
    pages = (reverse("quizzes:detail", args=[quiz.slug]), lesson_setup["lesson"].url)
    for url in pages:
        html = client.get(url).content.decode()
        assert VI_TWO in html and start_url not in html
