import pytest

from .factories import (
    QuestionFactory,
    course_tree,
    enrol,
    place_quiz,
    quiz_with_questions,
)


@pytest.fixture
def lesson_setup(db, home_page, learner):
    """A course whose only lesson holds a 3-question quiz; the learner is enrolled."""
    course, module, (lesson,) = course_tree(home_page, lessons=1)
    questions = [QuestionFactory() for _ in range(3)]
    quiz = quiz_with_questions(
        questions, shuffle_questions=False, shuffle_choices=False
    )
    place_quiz(lesson, quiz)
    enrollment = enrol(learner, course)
    return {
        "course": course,
        "module": module,
        "lesson": lesson,
        "quiz": quiz,
        "questions": questions,
        "enrollment": enrollment,
        "user": learner,
    }


@pytest.fixture(autouse=True)
def english_messages():
    """Assertions below read the English messages (pages still follow the request)."""
    from django.utils import translation

    with translation.override("en"):
        yield
