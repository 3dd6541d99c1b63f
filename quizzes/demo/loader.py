"""Load the demo banks (quizzes/demo/banks/*.gift) THROUGH the GIFT importer, create
the quizzes each course JSON declares, place them in lessons and set final exams.

Idempotent: questions are matched by category and title, quizzes by slug.
"""

from __future__ import annotations

import json
from pathlib import Path

from django.conf import settings
from django.db import transaction

from ..gift import parse_gift
from ..models import QuestionCategory, Quiz, QuizRandomDraw, ReviewPolicy
from ..services import questions_import

BANKS_DIR = Path(__file__).resolve().parent / "banks"


def _curriculum_dir() -> Path:
    return Path(settings.BASE_DIR) / "courses" / "demo" / "curriculum"


def banks_load(banks_dir: Path = BANKS_DIR) -> list[str]:
    from courses.models import CoursePage

    lines = []
    for path in sorted(banks_dir.glob("*.gift")):
        result = parse_gift(path.read_bytes())
        if result.errors:
            for error in result.errors:
                lines.append(f"{path.name}:{error.line}: {error.message}")
            raise ValueError(f"{path.name}: the demo bank has errors")
        course = CoursePage.objects.filter(slug=path.stem).first()
        saved = questions_import(
            questions=result.questions,
            category=None,
            use_file_categories=True,
            skip_existing=True,
            course=course,
        )
        lines.append(
            f"bank {path.name}: {len(result.questions)} questions, {len(saved)} new"
        )
    return lines


def _category_at(path: str) -> QuestionCategory | None:
    """The existing category at ``path`` ("Course/Kiểm tra nhanh bài 2"): each
    lesson quiz draws from its lesson's own questions, the final exam from the
    others, so the exam does not repeat the lesson quizzes."""
    node = None
    for name in [part.strip() for part in path.split("/") if part.strip()]:
        node = QuestionCategory.objects.filter(name=name, parent=node).first()
        if node is None:
            return None
    return node


def _quiz_ensure(spec: dict, course) -> tuple[Quiz, bool]:
    quiz = Quiz.objects.filter(slug=spec["slug"]).first()
    created = quiz is None
    category = _category_at(spec["category"])
    if category is None:
        raise ValueError(
            f"quiz {spec['slug']}: no question category {spec['category']!r}"
        )
    if created:
        final = spec.get("kind") == "final"
        quiz = Quiz.objects.create(
            title=spec["title"],
            slug=spec["slug"],
            pass_mark=spec.get("pass_mark", 70),
            time_limit_minutes=spec.get("time_limit_minutes"),
            max_attempts=spec.get("max_attempts"),
            # Final exams keep their key until passed or the last attempt.
            review_policy=(
                ReviewPolicy.AFTER_PASS if final else ReviewPolicy.IMMEDIATELY
            ),
            final_exam_page=course if final and course is not None else None,
        )
    if not quiz.random_draws.exists() and not quiz.quiz_questions.exists():
        # Saved directly: ``quiz.random_draws.create`` only adds to the cluster in
        # memory (earlier demos lost their draws that way and had no questions).
        QuizRandomDraw.objects.create(
            quiz=quiz, category=category, count=spec.get("questions_to_draw", 5)
        )
    return quiz, created


@transaction.atomic
def quizzes_load(curriculum_dir: Path | None = None) -> list[str]:
    from courses.models import CoursePage

    lines = []
    for path in sorted((curriculum_dir or _curriculum_dir()).glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        course = CoursePage.objects.filter(slug=data["slug"]).first()
        category = QuestionCategory.objects.filter(
            name__in=[
                q["category"].split("/")[0].strip() for q in data.get("quizzes", [])
            ],
            parent=None,
        )
        if course is not None:
            category.filter(course__isnull=True).update(course=course)
        for spec in data.get("quizzes", []):
            quiz, created = _quiz_ensure(spec, course)
            if (
                spec.get("kind") == "final"
                and course is not None
                and not quiz.final_exam_page_id
            ):
                quiz.final_exam_page = course
                quiz.save(update_fields=["final_exam_page"])
            if created:
                lines.append(f"quiz: {quiz.title}")
    return lines


def load() -> list[str]:
    from courses.demo import attach_quiz_blocks

    lines = banks_load()
    lines += quizzes_load()
    lines.append(f"quiz blocks placed in {attach_quiz_blocks()} lessons")
    return lines
