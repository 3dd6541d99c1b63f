"""The GIFT parser on a corpus of the format's features, broken files and fuzz."""

import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quizzes.gift import parse_gift
from quizzes.gift_writer import write_gift
from quizzes.interchange import MAX_FILE_BYTES, ParseError, split_lines
from quizzes.qtypes import QuestionType, TextFormat

DATA = Path(__file__).parent / "data"


def parse_file(name):
    return parse_gift((DATA / name).read_bytes())


@pytest.fixture(scope="module")
def features():
    result = parse_file("features.gift")
    assert result.errors == []
    return {q.title: q for q in result.questions}


def test_the_feature_corpus_parses_every_question_without_errors(features):
    assert len(features) == 19


def test_comment_lines_are_ignored_and_categories_drop_moodle_prefixes(features):
    assert features["Đơn chọn"].category == "Kiểm thử/Nhãn hiệu"
    assert features["Tất cả hoặc không"].category == "Kiểm thử/Khác"


def test_single_choice_keeps_per_answer_and_general_feedback(features):
    q = features["Đơn chọn"]
    assert q.qtype == QuestionType.SINGLE
    assert [(c.text, c.fraction) for c in q.choices] == [
        ("Tổ chức tập thể", 1.0),
        ("Một cá nhân bất kỳ", 0.0),
        ("Cơ quan nhà nước", 0.0),
    ]
    assert q.choices[0].feedback == "Đúng: Điều 4 khoản 17."
    assert q.general_feedback == "Xem Luật Sở hữu trí tuệ, Điều 4."


def test_weighted_answers_make_a_multiple_choice_with_negative_marks(features):
    q = features["Nhiều lựa chọn"]
    assert q.qtype == QuestionType.MULTIPLE
    assert [c.fraction for c in q.choices] == [0.5, 0.5, -1.0]
    assert q.options["partial_credit"] is True
    assert q.points == 2


def test_true_false_forms_and_their_feedback(features):
    for title, right in [
        ("Đúng sai T", "true"),
        ("Đúng sai dài", "true"),
        ("Đúng sai F", "false"),
        ("Đúng sai với phản hồi", "false"),
    ]:
        q = features[title]
        assert q.qtype == QuestionType.TRUEFALSE
        assert [c.text for c in q.choices if c.fraction == 1] == [right]
    fb = {c.text: c.feedback for c in features["Đúng sai với phản hồi"].choices}
    # {FALSE#wrong#right}: the first feedback is for a learner who answers "true".
    assert fb == {"true": "Sai: tối đa 20 năm.", "false": "Chính xác."}


def test_short_answer_and_missing_word(features):
    q = features["Trả lời ngắn"]
    assert q.qtype == QuestionType.SHORT
    assert [(c.text, c.fraction) for c in q.choices] == [
        ("Cục Sở hữu trí tuệ", 1.0),
        ("Cục SHTT", 0.5),
    ]
    gap = features["Điền khuyết"]
    assert (
        gap.text
        == "Quyền tác giả phát sinh kể từ khi tác phẩm được _____ và định hình."
    )


def test_numerical_tolerance_range_and_several_answers(features):
    exact = features["Số có dung sai"].choices[0]
    assert (exact.text, exact.tolerance) == ("15", 0.0)
    ranged = features["Số khoảng"].choices[0]
    assert (ranged.text, ranged.tolerance) == ("3", 2.0)
    several = features["Số nhiều đáp án"].choices
    assert [(c.text, c.tolerance, c.fraction) for c in several] == [
        ("3.1416", 0.0001, 1.0),
        ("3.14", 0.01, 0.5),
    ]


def test_matching_pairs_and_a_distractor(features):
    q = features["Ghép nối"]
    assert q.qtype == QuestionType.MATCHING
    assert [(c.text, c.match_text) for c in q.choices] == [
        ("Sáng chế", "20 năm"),
        ("Giải pháp hữu ích", "10 năm"),
        ("Kiểu dáng công nghiệp", "5 năm, gia hạn tối đa 15 năm"),
        ("", "Vô thời hạn"),
    ]


def test_escaped_characters_become_literal_text(features):
    q = features["Ký tự thoát"]
    assert (
        q.text == "Biểu thức 1 = 1 ~ đúng? Dấu # và {ngoặc} và : hai chấm.\nDòng hai."
    )
    assert q.choices[0].text == "Có = dấu bằng"
    assert q.choices[0].feedback == "phản hồi # thăng"
    assert q.choices[1].text == "Không ~ ngã"


def test_multi_line_questions_and_text_formats(features):
    assert features["Nhiều dòng"].text == "Câu hỏi này\ntrải trên\nba dòng."
    html = features["HTML"]
    assert html.text_format == TextFormat.HTML
    assert html.text.startswith("<p>Theo <strong>Điều 6</strong>")
    assert features["Moodle format"].text_format == TextFormat.PLAIN


def test_a_question_without_title_is_named_after_its_text(features):
    assert "Không có tiêu đề: cơ quan quản lý nhà nước về quyền tác giả?" in features


def test_our_comment_options_set_partial_credit_and_diacritics(features):
    assert features["Tất cả hoặc không"].options["partial_credit"] is False
    assert features["Không dấu"].options["accept_without_diacritics"] is True


def test_unsupported_features_are_named_with_their_line():
    result = parse_file("unsupported.gift")
    assert [(e.line, e.code) for e in result.errors] == [
        (9, "unsupported:cloze"),
        (11, "unsupported:matching-feedback"),
    ]
    # Essays, descriptions and [markdown] are read now (tests/test_gift_moodle.py).
    assert [q.title for q in result.questions] == [
        "Tự luận",
        "Mô tả",
        "Markdown",
        "Hợp lệ",
    ]


def test_malformed_questions_give_line_numbered_errors():
    result = parse_file("malformed.gift")
    lines = [e.line for e in result.errors]
    assert lines == [1, 5, 7, 9, 11, 13, 15, 17, 20, 22, 25, 27]
    messages = " ".join(e.message for e in result.errors)
    assert "not closed with }" in messages
    assert "add up to 100%" in messages
    assert "blank line" in messages
    assert "Hợp lệ" in [q.title for q in result.questions]
    # An unknown [word] is no format marker (Moodle keeps it as text).
    odd = next(q for q in result.questions if q.title == "Định dạng lạ")
    assert odd.text == "[rtf]Câu hỏi"


def test_a_file_in_a_legacy_encoding_is_refused_with_its_line():
    with pytest.raises(ParseError) as caught:
        parse_file("latin1.gift")
    assert caught.value.errors[0].line == 1
    assert "UTF-8" in caught.value.errors[0].message


def test_byte_order_mark_and_windows_line_ends_are_accepted():
    result = parse_file("bom-crlf.gift")
    assert result.errors == []
    assert [q.title for q in result.questions] == ["BOM", "CRLF"]


@pytest.mark.parametrize(
    "data",
    [b"", b"   \n\n", b"// only a comment\n"],
    ids=["empty", "blank", "comment-only"],
)
def test_empty_files_are_reported(data):
    if data.strip().startswith(b"//"):
        result = parse_gift(data)
        assert result.questions == [] and result.errors == []
        return
    with pytest.raises(ParseError, match="empty"):
        parse_gift(data)


def test_enormous_files_are_refused_before_parsing():
    with pytest.raises(ParseError, match="larger than"):
        parse_gift(b"::a::b {T}\n\n" * (MAX_FILE_BYTES // 10))


def test_utf16_and_nul_bytes_are_refused():
    with pytest.raises(ParseError, match="UTF-16"):
        parse_gift("::a::b {T}".encode("utf-16"))
    with pytest.raises(ParseError) as caught:
        parse_gift(b"::a::b {T}\n\n::c::d\x00 {T}\n")
    assert caught.value.errors[0].line == 3


def test_export_then_import_round_trips_the_corpus():
    original = parse_file("features.gift").questions
    again = parse_gift(write_gift(original))
    assert again.errors == []
    assert again.questions == original


GIFT_ALPHABET = st.sampled_from(
    list("=~#{}:\\%->.\n \t/[]$")
    + ["::", "{T}", "####", "$CATEGORY:", "\\n", "1..2", "đ"]
)


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.lists(st.one_of(GIFT_ALPHABET, st.text(max_size=8)), max_size=60))
def test_fuzzed_input_never_raises_anything_but_parse_error(parts):
    try:
        result = parse_gift("".join(parts))
    except ParseError as exc:
        assert all(e.line >= 1 for e in exc.errors)
        return
    lines = max(1, len(split_lines("".join(parts))))
    assert all(1 <= e.line <= lines for e in result.errors)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=400))
def test_fuzzed_bytes_never_raise_anything_but_parse_error(data):
    try:
        parse_gift(data)
    except ParseError:
        pass


SAFE_TEXT = (
    st.text(
        alphabet=st.characters(
            whitelist_categories=("L", "N", "Zs"),
            whitelist_characters="=~#{}:\\?.,!()'\"/",
        ),
        min_size=1,
        max_size=30,
    )
    .map(lambda s: unicodedata.normalize("NFC", " ".join(s.split())))
    .filter(lambda s: s and not s.startswith("%"))
)


@settings(max_examples=150, deadline=None)
@given(
    title=SAFE_TEXT,
    text=SAFE_TEXT,
    answers=st.lists(SAFE_TEXT, min_size=2, max_size=5, unique=True),
    feedback=st.lists(st.one_of(st.just(""), SAFE_TEXT), min_size=5, max_size=5),
)
def test_any_written_single_choice_question_reads_back_identically(
    title, text, answers, feedback
):
    from quizzes.interchange import ParsedChoice, ParsedQuestion

    question = ParsedQuestion(
        qtype=QuestionType.SINGLE,
        title=title,
        text=text,
        choices=[
            ParsedChoice(text=a, fraction=1.0 if i == 0 else 0.0, feedback=feedback[i])
            for i, a in enumerate(answers)
        ],
        category="Fuzz",
    )
    result = parse_gift(write_gift([question]))
    assert result.errors == []
    assert result.questions == [question]
