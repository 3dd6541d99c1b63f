"""Grading of every question type and option, with property tests."""

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quizzes.grading import (
    CORRECT,
    INCORRECT,
    PARTIAL,
    UNANSWERED,
    GradeChoice,
    GradeQuestion,
    grade,
    normalise,
    parse_number,
    right_answers,
    strip_diacritics,
)
from quizzes.qtypes import QuestionType as T


def q(qtype, choices, points=1.0, **options):
    return GradeQuestion(
        qtype=qtype,
        points=points,
        choices=tuple(GradeChoice(id=i + 1, **c) for i, c in enumerate(choices)),
        options=options,
        general_feedback="Chung",
    )


SINGLE = q(
    T.SINGLE,
    [
        {"fraction": 1.0, "text": "A", "feedback": "Đúng"},
        {"fraction": 0.0, "text": "B", "feedback": "Sai"},
        {"fraction": 0.5, "text": "C"},
    ],
    points=2,
)
MULTIPLE = [
    {"fraction": 0.5, "text": "A"},
    {"fraction": 0.5, "text": "B"},
    {"fraction": -1.0, "text": "C", "feedback": "Không"},
    {"fraction": 0.0, "text": "D"},
]


def test_single_choice_earns_the_fraction_of_the_chosen_answer():
    assert grade(SINGLE, {"choice": 1}).points == 2
    assert grade(SINGLE, {"choice": 1}).state == CORRECT
    assert grade(SINGLE, {"choice": 1}).feedback == ["Đúng", "Chung"]
    assert grade(SINGLE, {"choice": 2}).points == 0
    assert grade(SINGLE, {"choice": 3}).points == 1
    assert grade(SINGLE, {"choice": 3}).state == PARTIAL


def test_unanswered_and_unknown_choices_earn_nothing():
    assert grade(SINGLE, None).state == UNANSWERED
    assert grade(SINGLE, {}).points == 0
    assert grade(SINGLE, {"choice": 99}).points == 0


def test_multiple_choice_partial_credit_sums_weights_but_never_below_zero():
    question = q(T.MULTIPLE, MULTIPLE, points=4, partial_credit=True)
    assert grade(question, {"choices": [1, 2]}).points == 4
    assert grade(question, {"choices": [1]}).points == 2
    assert grade(question, {"choices": [1, 4]}).points == 2
    assert grade(question, {"choices": [1, 3]}).points == 0
    assert grade(question, {"choices": [3]}).points == 0
    assert grade(question, {"choices": [1, 2, 3]}).points == 0
    assert grade(question, {"choices": [1, 1, 1]}).points == 2  # repeats count once


def test_multiple_choice_all_or_nothing_needs_exactly_the_right_set():
    question = q(T.MULTIPLE, MULTIPLE, partial_credit=False)
    assert grade(question, {"choices": [2, 1]}).state == CORRECT
    assert grade(question, {"choices": [1]}).points == 0
    assert grade(question, {"choices": [1, 2, 4]}).points == 0


def test_true_false():
    question = q(
        T.TRUEFALSE,
        [
            {"fraction": 0.0, "text": "true", "feedback": "x"},
            {"fraction": 1.0, "text": "false"},
        ],
    )
    assert grade(question, {"choice": 2}).state == CORRECT
    assert grade(question, {"choice": 1}).state == INCORRECT
    assert grade(question, {"choice": 1}).feedback == ["x", "Chung"]


SHORT = [
    {"fraction": 1.0, "text": "Cục Sở hữu trí tuệ"},
    {"fraction": 0.5, "text": "SHTT"},
]


@pytest.mark.parametrize(
    "typed",
    [
        "Cục Sở hữu trí tuệ",
        "  cục   sở hữu TRÍ tuệ ",
        "CỤC SỞ HỮU TRÍ TUỆ",
        "Cu\u0323c So\u031b\u0309 hu\u031b\u0303u tri\u0301 tue\u0323\u0302",  # NFD
    ],
)
def test_short_answer_ignores_case_spaces_and_unicode_form(typed):
    assert grade(q(T.SHORT, SHORT), {"text": typed}).state == CORRECT


def test_short_answer_without_diacritics_only_when_the_option_is_on():
    strict = q(T.SHORT, SHORT)
    loose = q(T.SHORT, SHORT, accept_without_diacritics=True)
    assert grade(strict, {"text": "Cuc So huu tri tue"}).points == 0
    assert grade(loose, {"text": "Cuc So huu tri tue"}).points == 1
    # Wrong diacritics stay wrong even with the option.
    assert grade(loose, {"text": "Cúc Sở hữu trí tuệ"}).points == 0
    assert grade(loose, {"text": "shtt"}).points == 0.5


def test_vietnamese_d_with_stroke_is_stripped():
    assert strip_diacritics("Đăng ký đơn") == "Dang ky don"
    assert normalise("  ĐƠN  ") == "đơn"


def test_numerical_with_tolerance_and_comma_decimals():
    question = q(
        T.NUMERICAL,
        [
            {"fraction": 1.0, "text": "3.1416", "tolerance": 0.0001},
            {"fraction": 0.5, "text": "3.14", "tolerance": 0.01},
        ],
    )
    assert grade(question, {"text": "3,1416"}).points == 1
    assert grade(question, {"text": "3.14159"}).points == 1
    assert grade(question, {"text": "3.145"}).points == 0.5
    assert grade(question, {"text": "3.2"}).points == 0
    assert grade(question, {"text": "pi"}).points == 0
    assert grade(question, {"text": "nan"}).points == 0


def test_number_parsing_accepts_both_decimal_marks():
    assert parse_number("1.234,5") == 1234.5
    assert parse_number("1,234.5") == 1234.5
    assert parse_number(" 20 ") == 20
    assert parse_number("inf") is None


def test_matching_earns_a_share_per_right_pair():
    question = q(
        T.MATCHING,
        [
            {"fraction": 1, "text": "Sáng chế", "match_text": "20 năm"},
            {"fraction": 1, "text": "Giải pháp hữu ích", "match_text": "10 năm"},
            {"fraction": 0, "text": "", "match_text": "5 năm"},
        ],
        points=2,
    )
    assert grade(question, {"matches": {"1": "20 năm", "2": "10 năm"}}).points == 2
    assert grade(question, {"matches": {"1": "20 năm", "2": "5 năm"}}).points == 1
    assert grade(question, {"matches": {"1": "10 năm", "2": "20 năm"}}).points == 0


def test_right_answers_describe_the_key_for_the_review():
    assert right_answers(SINGLE) == ["A"]
    assert right_answers(q(T.MULTIPLE, MULTIPLE)) == ["A", "B"]


# --- properties ---

fractions = st.sampled_from([-1.0, -0.5, -0.3333333, 0.0, 0.25, 0.3333333, 0.5, 1.0])


@st.composite
def choice_questions(draw):
    qtype = draw(st.sampled_from([T.SINGLE, T.MULTIPLE]))
    n = draw(st.integers(2, 6))
    choices = [{"fraction": draw(fractions), "text": f"c{i}"} for i in range(n)]
    points = draw(st.floats(0.5, 10, allow_nan=False))
    partial = draw(st.booleans())
    question = q(qtype, choices, points=points, partial_credit=partial)
    if qtype == T.SINGLE:
        response = {"choice": draw(st.integers(1, n + 1))}
    else:
        response = {"choices": draw(st.lists(st.integers(1, n + 1), max_size=n + 2))}
    return question, response


@settings(max_examples=300, deadline=None)
@given(choice_questions())
def test_score_is_always_within_zero_and_the_points(case):
    question, response = case
    result = grade(question, response)
    assert 0 <= result.points <= question.points + 1e-9


@settings(max_examples=300, deadline=None)
@given(choice_questions(), st.randoms())
def test_any_shuffle_of_answers_grades_the_same(case, rnd: random.Random):
    question, response = case
    choices = list(question.choices)
    rnd.shuffle(choices)
    shuffled = GradeQuestion(
        qtype=question.qtype,
        points=question.points,
        choices=tuple(choices),
        options=question.options,
    )
    if "choices" in response:
        picked = list(response["choices"])
        rnd.shuffle(picked)
        response_shuffled = {"choices": picked}
    else:
        response_shuffled = response
    assert grade(shuffled, response_shuffled).points == pytest.approx(
        grade(question, response).points
    )


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40))
def test_free_text_never_breaks_grading(text):
    for qtype in (T.SHORT, T.NUMERICAL):
        result = grade(
            q(qtype, [{"fraction": 1.0, "text": "5", "tolerance": 1}]), {"text": text}
        )
        assert result.points in (0, 1)
