"""The demo learner's completed course: the answer key and the quiz draws it needs."""

import random

import pytest

from learning.demo import quiz_pass, right_answers
from quizzes.demo.loader import banks_load, quizzes_load
from quizzes.models import Question, Quiz, QuizRandomDraw
from quizzes.qtypes import QuestionType
from quizzes.services import attempt_start, attempt_submit
from quizzes.tests.factories import course_tree, enrol, place_quiz, quiz_with_questions
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def placed(home_page, quiz, user):
    """The quiz in a live lesson the user is enrolled in: a quiz placed nowhere
    cannot be started (quizzes.selectors.place_visible)."""
    course, _module, (lesson,) = course_tree(home_page, lessons=1)
    place_quiz(lesson, quiz)
    enrol(user, course)
    return lesson


def test_the_answer_key_scores_full_marks_on_every_kind_of_demo_question(home_page):
    banks_load()
    questions = list(Question.objects.order_by("pk"))
    # Every kind a machine scores; essays wait for a teacher, descriptions
    # score nothing, so the demo's own quizzes hold none.
    scored = set(QuestionType.values) - {QuestionType.ESSAY, QuestionType.DESCRIPTION}
    assert {q.qtype for q in questions} == scored
    quiz = quiz_with_questions(questions, shuffle_choices=True)
    user = UserFactory()
    lesson = placed(home_page, quiz, user)
    attempt = quiz_pass(user=user, quiz=quiz, lesson=lesson, rng=random.Random(7))
    assert attempt.state == "submitted" and attempt.passed
    assert attempt.percent == 100


def test_the_answer_key_points_at_the_right_choice_and_no_other(home_page):
    banks_load()
    question = Question.objects.filter(qtype=QuestionType.SINGLE).first()
    quiz = quiz_with_questions([question], pass_mark=100)
    user = UserFactory()
    attempt = attempt_start(user=user, quiz=quiz, lesson=placed(home_page, quiz, user))
    ((slot_id, right),) = right_answers(attempt).items()
    assert right in range(len(question.choices.all()))
    wrong = (right + 1) % question.choices.count()
    attempt, _ = attempt_submit(attempt=attempt, user=user, answers={slot_id: wrong})
    assert not attempt.passed


def test_demo_quizzes_keep_their_random_draw_and_a_lost_one_is_restored():
    banks_load()
    quizzes_load()
    quizzes = Quiz.objects.all()
    assert quizzes.exists()
    assert all(quiz.random_draws.count() == 1 for quiz in quizzes)
    QuizRandomDraw.objects.filter(quiz=quizzes.first()).delete()
    quizzes_load()
    assert QuizRandomDraw.objects.count() == quizzes.count()
    quizzes_load()
    assert QuizRandomDraw.objects.count() == quizzes.count()
