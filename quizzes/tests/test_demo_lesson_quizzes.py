"""In the demo, each lesson quiz asks about its own lesson and shares no
question with the course's final exam."""

import json
from pathlib import Path

import pytest

from courses.demo.loader import CURRICULUM_DIR
from quizzes.demo.loader import banks_load, quizzes_load
from quizzes.models import Question, Quiz

pytestmark = pytest.mark.django_db


def _drawn_from(quiz: Quiz) -> set[int]:
    ids = set()
    for draw in quiz.random_draws.select_related("category"):
        categories = [draw.category]
        if draw.include_subcategories:
            categories += list(draw.category.children.all())
        ids |= set(
            Question.objects.filter(category__in=categories).values_list(
                "pk", flat=True
            )
        )
    return ids


def test_lesson_quizzes_draw_their_own_lessons_questions_apart_from_the_exam():
    banks_load()
    quizzes_load()
    for path in sorted(Path(CURRICULUM_DIR).glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        placed = {}
        number = 0
        for module in data["modules"]:
            for lesson in module["lessons"]:
                number += 1
                for block in lesson["body"]:
                    if block["type"] == "quiz":
                        placed[block["value"]] = number
        final = Quiz.objects.get(
            slug=next(q["slug"] for q in data["quizzes"] if q["kind"] == "final")
        )
        exam_questions = _drawn_from(final)
        assert len(exam_questions) >= final.random_draws.get().count, path.name
        for spec in data["quizzes"]:
            if spec["kind"] != "lesson":
                continue
            quiz = Quiz.objects.get(slug=spec["slug"])
            draw = quiz.random_draws.get()
            # The category is named after the lesson the quiz is placed in.
            assert draw.category.name == f"Kiểm tra nhanh bài {placed[quiz.slug]}"
            own = _drawn_from(quiz)
            assert len(own) >= draw.count, quiz.slug
            assert not own & exam_questions, quiz.slug
