"""quizzes.steps.quiz_records: a learner's attempts summed up by the database,
the same grade ``quiz_grade`` computes from the rows, for each grading method."""

import pytest

from quizzes.models import Attempt
from quizzes.selectors import quiz_grade
from quizzes.steps import quiz_records

from .factories import QuizFactory

pytestmark = pytest.mark.django_db

ROWS = [
    (1, 90.0, "submitted"),
    (2, 30.0, "abandoned"),
    (3, None, "pending"),  # an essay waiting for its grader: not counted
    (4, 60.0, "submitted"),
    (5, None, "in_progress"),
]


@pytest.mark.parametrize(
    "method, expected", [("highest", 90.0), ("average", 60.0), ("last", 60.0)]
)
def test_each_grading_method_gives_the_grade_the_rows_give(learner, method, expected):
    quiz = QuizFactory(grading_method=method)
    other = QuizFactory(grading_method=method)
    for number, percent, state in ROWS:
        Attempt.objects.create(
            quiz=quiz, user=learner, number=number, percent=percent, state=state
        )
    Attempt.objects.create(
        quiz=other, user=learner, number=1, percent=10, state="submitted"
    )
    rows = list(Attempt.objects.filter(quiz=quiz, user=learner))
    assert quiz_grade(attempts=rows, method=method) == pytest.approx(expected)

    records = quiz_records(user=learner, quizzes=[quiz, other])
    running = Attempt.objects.get(quiz=quiz, state="in_progress").pk
    assert (records[quiz.pk].count, records[quiz.pk].running) == (5, running)
    assert records[quiz.pk].grade == pytest.approx(expected)
    assert (records[other.pk].count, records[other.pk].grade) == (1, 10.0)


def test_a_quiz_never_attempted_has_no_record(learner):
    assert quiz_records(user=learner, quizzes=[QuizFactory()]) == {}


def test_quizzes_graded_by_different_methods_are_summed_up_together(learner):
    quizzes = {
        method: QuizFactory(grading_method=method)
        for method in ("highest", "average", "last")
    }
    for quiz in quizzes.values():
        for number, percent, state in ROWS:
            Attempt.objects.create(
                quiz=quiz, user=learner, number=number, percent=percent, state=state
            )
    records = quiz_records(user=learner, quizzes=list(quizzes.values()))
    grades = {method: records[quiz.pk].grade for method, quiz in quizzes.items()}
    assert grades == {
        "highest": pytest.approx(90.0),
        "average": pytest.approx(60.0),
        "last": pytest.approx(60.0),
    }
