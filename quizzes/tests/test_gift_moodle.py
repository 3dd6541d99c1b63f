"""GIFT read as Moodle's reader reads it: markers on every field, Markdown,
the numerical catch-all, essays, descriptions, escapes, ids and tags."""

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quizzes.gift import parse_gift
from quizzes.gift_writer import write_gift
from quizzes.grading import GradeChoice, GradeQuestion, grade
from quizzes.interchange import ParseError
from quizzes.qtypes import QuestionType, TextFormat

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="module")
def bank():
    result = parse_gift((DATA / "moodle.gift").read_bytes())
    assert result.errors == []
    return {q.title: q for q in result.questions}


def test_every_question_of_the_moodle_corpus_is_read(bank):
    assert len(bank) == 13
    assert {q.category for q in bank.values()} == {"Moodle/GIFT"}


def test_markdown_question_text_becomes_sanitised_html(bank):
    q = bank["Markdown"]
    assert q.text_format == TextFormat.HTML
    assert q.text == "<p>Nhãn hiệu <strong>tập thể</strong> là gì?</p>"


def test_markers_before_answers_and_feedback_are_never_left_as_text(bank):
    q = bank["Markdown"]
    texts = [c.text for c in q.choices] + [c.feedback for c in q.choices]
    assert not any("[html]" in t or "[plain]" in t or "[moodle]" in t for t in texts)
    # [plain] inside an HTML question is escaped, not interpreted.
    assert q.choices[0].text == "Dấu hiệu của &lt;tổ chức&gt;"
    assert q.choices[0].feedback == "<p><em>Đúng</em>, xem Điều 4.</p>"
    assert q.choices[1].text == "<b>Dấu hiệu</b> của một cá nhân"
    assert q.choices[1].feedback == "wrong, it's <em>yellow</em>"
    assert q.choices[2].text == "Tên thương mại"
    assert q.general_feedback == (
        '<p>Xem <a href="https://example.org/luat" rel="noopener noreferrer">'
        "Luật SHTT</a> nhé.</p>"
    )


def test_markdown_cannot_smuggle_a_script_or_an_event_handler():
    result = parse_gift(
        "::x::[markdown]<script>alert(1)</script> <img src=x onerror=alert(2)>"
        " [a](javascript:alert(3)) {=a ~b}"
    )
    text = result.questions[0].text
    assert "<script" not in text and "onerror" not in text
    assert "javascript:" not in text


def test_a_plain_question_with_only_plain_or_moodle_fields_stays_plain(bank):
    q = bank["Moodle markers stay plain"]
    assert q.text_format == TextFormat.PLAIN
    assert [(c.text, c.feedback) for c in q.choices] == [("Đúng", "Tốt"), ("Sai", "")]


def test_plain_answers_of_an_html_question_are_escaped(bank):
    q = bank["Plain answers of an html question"]
    assert q.text == "<p>Chọn đáp án</p>"
    assert (q.choices[0].text, q.choices[0].feedback) == ("a &lt; b", "x &amp; y")
    assert q.choices[1].text == "<i>c</i>"


def test_matching_sub_questions_and_general_feedback_take_markers(bank):
    q = bank["Ghép có định dạng"]
    assert q.qtype == QuestionType.MATCHING
    assert q.text_format == TextFormat.HTML
    assert [(c.text, c.match_text) for c in q.choices] == [
        ("<b>Sáng chế</b>", "20 năm"),
        ("<p><em>Giải pháp hữu ích</em></p>", "10 năm"),
    ]
    assert q.text == "Ghép."
    assert q.general_feedback == "<p>Thời hạn theo Điều 93.</p>"


def test_true_false_feedback_takes_markers(bank):
    q = bank["Đúng sai định dạng"]
    feedback = {c.text: c.feedback for c in q.choices}
    assert feedback == {"true": "<b>Sai</b>", "false": "Đúng rồi"}


def test_the_numerical_catch_all_follows_the_answers_and_earns_nothing(bank):
    q = bank["Catch-all"]
    assert q.qtype == QuestionType.NUMERICAL
    assert [(c.text, c.tolerance, c.fraction, c.feedback) for c in q.choices] == [
        ("3", 2.0, 1.0, ""),
        ("*", None, 0.0, "Completely wrong"),
    ]
    several = bank["Catch-all weighted"]
    assert [(c.text, c.fraction) for c in several.choices] == [
        ("3.1416", 1.0),
        ("3.14", 0.5),
        ("*", 0.0),
    ]
    assert several.choices[2].feedback == "<p><strong>No</strong></p>"


def _graded(q, text):
    question = GradeQuestion(
        qtype=q.qtype,
        points=1.0,
        choices=tuple(
            GradeChoice(
                id=i,
                fraction=c.fraction,
                text=c.text,
                feedback=c.feedback,
                tolerance=c.tolerance,
            )
            for i, c in enumerate(q.choices)
        ),
    )
    return grade(question, {"text": text})


def test_the_catch_all_feedback_is_shown_for_any_other_number(bank):
    q = bank["Catch-all"]
    assert _graded(q, "4.5").points == 1.0
    wrong = _graded(q, "99")
    assert (wrong.points, wrong.feedback) == (0.0, ["Completely wrong"])
    assert _graded(q, "not a number").feedback == []


def test_numerical_ranges_negative_numbers_and_exponents(bank):
    ranged = bank["Khoảng số"].choices
    assert [(c.text, c.tolerance, c.feedback) for c in ranged] == [
        ("3", 2.0, "Nằm trong khoảng")
    ]
    exp = bank["Âm và mũ"].choices[0]
    assert (exp.text, exp.tolerance) == ("-25", 0.5)


def test_an_empty_answer_block_is_an_essay(bank):
    q = bank["Tự luận"]
    assert q.qtype == QuestionType.ESSAY and q.choices == []
    # "[markdown]" in mid-text is no marker.
    assert q.text == "Trình bày [markdown] khái niệm nhãn hiệu."
    with_feedback = bank["Tự luận có phản hồi"]
    assert with_feedback.qtype == QuestionType.ESSAY
    assert with_feedback.general_feedback == "Gợi ý: tính mới"
    assert with_feedback.text_format == TextFormat.HTML


def test_text_without_an_answer_block_is_a_description(bank):
    q = bank["Mô tả"]
    assert q.qtype == QuestionType.DESCRIPTION and q.points == 0
    assert q.text == (
        "<h2>Phần II</h2>\n<p>Các câu sau nói về <strong>quyền tác giả</strong>.</p>"
    )


def test_every_escape_becomes_its_character(bank):
    q = bank["Escapes : {all}"]
    assert q.text == "Dấu ~ = # { } : và \\ gạch, xuống\ndòng."
    assert (q.choices[0].text, q.choices[0].feedback) == ("Có = và ~", "phản # hồi {x}")
    assert q.choices[1].text == "Không \\ gạch"


def test_id_and_tag_comments_are_kept(bank):
    q = bank["Markdown"]
    assert (q.idnumber, q.tags) == ("Q-markdown-1", ["markdown", "nhãn hiệu"])
    assert bank["Escapes : {all}"].idnumber == "escape]s"
    # Comments belong to the question that follows them only.
    assert (bank["Catch-all"].idnumber, bank["Catch-all"].tags) == ("", [])


@pytest.mark.parametrize(
    "gift,code,line",
    [
        ("::a::Q {=1 =2}\n\n::b::x {=a} y {=b}", "unsupported:cloze", 3),
        ("\n::a::Q {=a -> b#fb =c -> d}", "unsupported:matching-feedback", 2),
    ],
)
def test_what_stays_unsupported_is_refused_by_name_and_line(gift, code, line):
    result = parse_gift(gift)
    assert [(e.code, e.line) for e in result.errors] == [(code, line)]


def test_a_numerical_wrong_answer_other_than_the_catch_all_is_an_error():
    result = parse_gift("::n::N? {#=3 ~4#no}")
    assert result.questions == []
    assert "catch-all" in result.errors[0].message


def test_a_matching_block_with_a_pair_missing_its_arrow_is_an_error():
    result = parse_gift("::m::M {=a -> b =c}")
    assert result.questions == [] and result.errors[0].line == 1


def test_the_whole_corpus_round_trips_through_our_writer(bank):
    again = parse_gift(write_gift(list(bank.values())))
    assert again.errors == []
    assert again.questions == list(bank.values())


MARKERS = st.sampled_from(["", "[html]", "[plain]", "[moodle]", "[markdown]"])
WORDS = st.text(alphabet="abc <>*_&#=~{}:\\n", max_size=12)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(MARKERS, WORDS, st.sampled_from("=~#{}->\n ")), max_size=25))
def test_fuzzed_markers_raise_nothing_but_parse_error(parts):
    gift = "::t::" + "".join(m + w + s for m, w, s in parts)
    try:
        result = parse_gift(gift)
    except ParseError:
        return
    for q in result.questions:
        if q.text_format == TextFormat.HTML:
            assert "<script" not in q.text
