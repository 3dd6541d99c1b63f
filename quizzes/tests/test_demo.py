"""The demo loader imports every bank through the GIFT importer, idempotently."""

from pathlib import Path

import pytest

from quizzes.demo.loader import BANKS_DIR, banks_load
from quizzes.gift import parse_gift
from quizzes.models import Question, QuestionCategory

pytestmark = pytest.mark.django_db


def test_every_demo_bank_parses_without_errors_and_holds_15_questions():
    banks = sorted(Path(BANKS_DIR).glob("*.gift"))
    assert banks
    for path in banks:
        result = parse_gift(path.read_bytes())
        assert result.errors == [], path.name
        assert len(result.questions) >= 15, path.name


def test_loading_the_banks_twice_creates_the_questions_once():
    banks_load()
    count = Question.objects.count()
    assert count >= 15 * len(list(Path(BANKS_DIR).glob("*.gift")))
    banks_load()
    assert Question.objects.count() == count
    assert QuestionCategory.objects.filter(parent=None).count() == len(
        list(Path(BANKS_DIR).glob("*.gift"))
    )
