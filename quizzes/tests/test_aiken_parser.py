"""The Aiken parser: good files, line-numbered errors, fuzz."""

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from quizzes.aiken import parse_aiken
from quizzes.interchange import ParseError
from quizzes.qtypes import QuestionType

DATA = Path(__file__).parent / "data"


def test_a_good_file_gives_single_choice_questions_with_the_right_answer():
    result = parse_aiken((DATA / "aiken-good.txt").read_bytes())
    assert result.errors == []
    assert len(result.questions) == 3
    first = result.questions[0]
    assert first.qtype == QuestionType.SINGLE
    assert [(c.text, c.fraction) for c in first.choices] == [
        ("5 năm", 0.0),
        ("10 năm, gia hạn nhiều lần", 1.0),
        ("20 năm", 0.0),
    ]
    assert (
        result.questions[1].text
        == "Cơ quan nào cấp văn bằng bảo hộ sáng chế\nở Việt Nam?"
    )
    assert result.questions[2].line == 12


def test_a_bad_file_reports_each_problem_with_its_line():
    result = parse_aiken((DATA / "aiken-bad.txt").read_bytes())
    assert [e.line for e in result.errors] == [1, 7, 10, 16]
    assert "ANSWER" in result.errors[0].message
    assert "out of order" in result.errors[1].message
    assert [q.text for q in result.questions] == ["Câu tốt"]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.sampled_from(
                ["A. x", "B) y", "C. z", "ANSWER: A", "ANSWER: Q", "", "Câu?"]
            ),
            st.text(max_size=10),
        ),
        max_size=30,
    )
)
def test_fuzzed_aiken_never_raises_anything_but_parse_error(lines):
    try:
        result = parse_aiken("\n".join(lines))
    except ParseError:
        return
    assert all(e.line >= 1 for e in result.errors)


def test_options_without_a_space_after_the_letter_are_options():
    result = parse_aiken((DATA / "aiken-moodle.txt").read_bytes())
    assert result.errors == []
    assert [len(q.choices) for q in result.questions] == [3, 2, 2]
    first, second, _third = result.questions
    assert [c.text for c in first.choices] == ["5 năm", "10 năm", "20 năm"]
    assert [c.fraction for c in first.choices] == [0.0, 1.0, 0.0]
    assert [(c.text, c.fraction) for c in second.choices] == [
        ("Cục SHTT", 1.0),
        ("Sở KH&CN", 0.0),
    ]


def test_an_answer_line_that_is_not_a_listed_letter_is_an_error_on_that_line():
    result = parse_aiken((DATA / "aiken-not-a-letter.txt").read_bytes())
    assert [e.line for e in result.errors] == [4]
    assert "B và C" in result.errors[0].message
    # The next question is read on its own, its text not merged with anything.
    assert [q.text for q in result.questions] == ["Câu hai?"]


def test_a_question_line_that_starts_like_an_option_without_a_space_is_text():
    result = parse_aiken("A.B. Smith là ai?\nA. Nhà phát minh\nB. Ca sĩ\nANSWER: A\n")
    assert result.errors == []
    assert result.questions[0].text == "A.B. Smith là ai?"


def test_the_import_command_exits_non_zero_on_an_answer_that_is_not_a_letter(
    db, capsys
):
    import pytest
    from django.core.management import CommandError, call_command

    from quizzes.models import Question

    with pytest.raises(CommandError) as failed:
        call_command(
            "import_questions",
            str(DATA / "aiken-not-a-letter.txt"),
            "--format",
            "aiken",
            "--category",
            "Aiken",
        )
    assert failed.value.returncode == 1
    assert "aiken-not-a-letter.txt:4:" in capsys.readouterr().err
    assert Question.objects.count() == 0
