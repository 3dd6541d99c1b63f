"""State changes of the quizzes app (attempts; question bank import)."""

from .attempts import (
    QuizError,
    attempt_finish,
    attempt_save_answers,
    attempt_start,
    attempt_submit,
    attempts_close_expired,
    quiz_draw,
)
from .bank import category_ensure, questions_import

__all__ = [
    "QuizError",
    "attempt_finish",
    "attempt_save_answers",
    "attempt_start",
    "attempt_submit",
    "attempts_close_expired",
    "category_ensure",
    "questions_import",
    "quiz_draw",
]
