"""Question banks, quizzes and attempts.

Bank: ``QuestionCategory`` → ``Question`` → ``Choice`` (snippets edited in the
Wagtail admin, imported from GIFT/Aiken). A ``Quiz`` holds fixed questions
(``QuizQuestion``) and/or random draws from categories (``QuizRandomDraw``).
An ``Attempt`` fixes its questions, their order and a snapshot of each question
at start (``AttemptQuestion``) and keeps the learner's responses
(``AttemptAnswer``); all state changes go through ``quizzes.services``.

Modules: ``bank`` (categories, questions, answers), ``quiz`` (quizzes and their
questions), ``attempts`` (attempts, their questions and answers).
"""

from .attempts import Attempt, AttemptAnswer, AttemptQuestion, AttemptState
from .bank import Choice, Question, QuestionCategory
from .imports import QuestionImportJob
from .quiz import GradingMethod, Quiz, QuizQuestion, QuizRandomDraw, ReviewPolicy

__all__ = [
    "Attempt",
    "AttemptAnswer",
    "AttemptQuestion",
    "AttemptState",
    "Choice",
    "GradingMethod",
    "Question",
    "QuestionCategory",
    "QuestionImportJob",
    "Quiz",
    "QuizQuestion",
    "QuizRandomDraw",
    "ReviewPolicy",
]
