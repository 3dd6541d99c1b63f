"""State changes of the quizzes app (attempts; question bank import)."""

from .attempts import (
    QuizError,
    attempt_save_answers,
    attempt_start,
    attempt_submit,
)
from .bank import category_ensure, questions_import
from .closing import (
    attempt_finish,
    attempts_close_expired,
    attempts_close_idle,
    attempts_expired_finish,
)
from .draw import quiz_draw
from .essays import essay_grade

__all__ = [
    "QuizError",
    "attempt_finish",
    "attempt_save_answers",
    "attempt_start",
    "attempt_submit",
    "attempts_close_expired",
    "attempts_close_idle",
    "attempts_expired_finish",
    "category_ensure",
    "essay_grade",
    "questions_import",
    "quiz_draw",
]
