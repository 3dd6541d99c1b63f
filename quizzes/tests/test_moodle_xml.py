"""Moodle XML read safely (every supported type, files, refusals), written back
as Moodle's reader expects, and imported into the bank with its files."""

import base64
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from quizzes.interchange import ParseError, ParseIssue
from quizzes.moodle_xml import iter_moodle_xml, parse_moodle_xml
from quizzes.moodle_xml_writer import write_moodle_xml
from quizzes.qtypes import QuestionType, TextFormat

DATA = Path(__file__).parent / "data"
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAQAAAADCAIAAAA7ljmRAAAAFElEQVR4nGM8ISfHAANMDEgAhQMAJtoB"
    "CkAAOw8AAAAASUVORK5CYII="
)


def bank_of(data, **kwargs):
    result = parse_moodle_xml(data, **kwargs)
    assert result.errors == []
    return {q.title: q for q in result.questions}


@pytest.fixture(scope="module")
def bank():
    return bank_of((DATA / "moodle.xml").read_bytes(), with_files=True)


def test_every_supported_type_and_both_categories_are_read(bank):
    assert {q.title: q.qtype for q in bank.values()} == {
        "Đơn chọn có ảnh": QuestionType.SINGLE,
        "Nhiều lựa chọn": QuestionType.MULTIPLE,
        "Đúng sai": QuestionType.TRUEFALSE,
        "Trả lời ngắn": QuestionType.SHORT,
        "Số": QuestionType.NUMERICAL,
        "Ghép nối": QuestionType.MATCHING,
        "Tự luận": QuestionType.ESSAY,
        "Giới thiệu": QuestionType.DESCRIPTION,
    }
    assert bank["Tự luận"].category == "Moodle/XML"
    assert bank["Giới thiệu"].category == "Moodle/XML/Mô tả"


def test_marks_penalty_feedback_id_and_tags_are_kept(bank):
    q = bank["Đơn chọn có ảnh"]
    assert (q.points, q.options["penalty"], q.idnumber) == (2.0, 0.3333333, "MC-1")
    assert q.tags == ["ảnh", "nhãn hiệu"]
    assert q.general_feedback == "<p>Xem Điều 72.</p>"
    # Per-field formats: plain escaped, markdown rendered, in an HTML question.
    assert q.choices[1].text == "Nhãn hiệu &lt;B&gt;"
    assert q.choices[1].feedback == "<p><strong>Sai</strong></p>"
    assert [c.fraction for c in bank["Nhiều lựa chọn"].choices] == [0.5, 0.5, -1.0]
    assert bank["Nhiều lựa chọn"].options["penalty"] == 0.5


def test_embedded_files_are_read_with_their_contents(bank):
    (picture,) = bank["Đơn chọn có ảnh"].files
    assert (picture.name, picture.data) == ("logo do.png", PNG)
    # Without files (the preview) only names and sizes are kept.
    light = bank_of((DATA / "moodle.xml").read_bytes())
    assert light["Đơn chọn có ảnh"].files[0].data is None
    assert light["Đơn chọn có ảnh"].files[0].size == len(PNG)


def test_true_false_short_numerical_matching_and_essay_details(bank):
    tf = {c.text: (c.fraction, c.feedback) for c in bank["Đúng sai"].choices}
    assert tf == {"true": (0.0, "Tối đa 20 năm."), "false": (1.0, "Chính xác.")}
    short = bank["Trả lời ngắn"]
    assert short.options["case_sensitive"] is True
    assert [c.text for c in short.choices] == ["IP*VN", "Cục SHTT"]
    num = bank["Số"].choices
    assert [(c.text, c.tolerance, c.fraction) for c in num] == [
        ("3", 2.0, 1.0),
        ("*", None, 0.0),
    ]
    match = bank["Ghép nối"].choices
    assert [(c.text, c.match_text) for c in match][-1] == ("", "Vô thời hạn")
    essay = bank["Tự luận"]
    assert essay.grader_info == "<p>Nêu đủ hai ý.</p>"
    assert essay.options["minwordlimit"] == 50 and essay.points == 5
    assert bank["Giới thiệu"].text == "<h2>Phần II</h2>"
    assert bank["Giới thiệu"].text_format == TextFormat.HTML


def _one(xml_question: str) -> list:
    return list(iter_moodle_xml(f"<quiz>\n{xml_question}\n</quiz>".encode()))


@pytest.mark.parametrize(
    "question,code",
    [
        ('<question type="cloze"><name><text>c</text></name></question>', "cloze"),
        ('<question type="calculated"></question>', "calculated"),
        (
            '<question type="numerical"><questiontext><text>x</text></questiontext>'
            '<answer fraction="100"><text>3</text></answer><units><unit>'
            "<multiplier>1</multiplier><unit_name>m</unit_name></unit></units>"
            "</question>",
            "numerical-units",
        ),
        (
            '<question type="essay"><questiontext><text>x</text></questiontext>'
            "<attachmentsrequired>1</attachmentsrequired></question>",
            "essay-attachments",
        ),
    ],
)
def test_unsupported_questions_are_refused_by_name_on_their_line(question, code):
    (issue,) = _one(question)
    assert isinstance(issue, ParseIssue)
    assert (issue.line, issue.code) == (2, f"unsupported:{code}")


def test_a_doctype_or_entity_is_refused_before_anything_is_read():
    bomb = (
        b'<?xml version="1.0"?>\n<!DOCTYPE quiz [<!ENTITY a "aaaaaaaaaa">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;">]>\n<quiz>&b;</quiz>'
    )
    with pytest.raises(ParseError, match="not allowed"):
        parse_moodle_xml(bomb)
    external = b'<!DOCTYPE quiz SYSTEM "http://example.org/x.dtd"><quiz/>'
    with pytest.raises(ParseError):
        parse_moodle_xml(external)


def test_broken_xml_and_other_documents_are_reported_with_a_line():
    result = parse_moodle_xml(b"<quiz>\n<question type='essay'>\n</quiz>")
    assert result.errors[0].line >= 2 and result.errors[0].code == "syntax"
    with pytest.raises(ParseError, match="Moodle XML"):
        parse_moodle_xml(b"<html><body/></html>")
    with pytest.raises(ParseError, match="empty"):
        parse_moodle_xml(b"   ")


def test_bad_base64_and_bad_marks_are_errors_of_their_question():
    issues = _one(
        '<question type="essay"><questiontext format="html"><text>x</text>'
        '<file name="a.png" encoding="base64">!!!</file></questiontext></question>'
    )
    assert "base64" in issues[0].message
    issues = _one(
        '<question type="essay"><questiontext><text>x</text></questiontext>'
        "<defaultgrade>-1</defaultgrade></question>"
    )
    assert "default mark" in issues[0].message


def test_export_then_import_gives_the_same_bank(bank):
    questions = list(bank.values())
    files = {id(q): [(f.name, f.data) for f in q.files] for q in questions}
    again = parse_moodle_xml(
        write_moodle_xml(questions, files_for=lambda q: files[id(q)]), with_files=True
    )
    assert again.errors == []
    assert again.questions == questions
    assert [(f.name, f.data) for f in again.questions[0].files] == files[
        id(questions[0])
    ]


def test_our_export_follows_the_structure_moodles_reader_reads(bank):
    root = etree.fromstring(write_moodle_xml(list(bank.values())))
    assert root.tag == "quiz"
    for question in root.findall("question"):
        kind = question.get("type")
        if kind == "category":
            assert question.findtext("category/text").startswith("$course$/top/")
            continue
        assert kind in {
            "multichoice",
            "truefalse",
            "shortanswer",
            "numerical",
            "matching",
            "essay",
            "description",
        }
        assert question.findtext("name/text")
        assert question.find("questiontext").get("format") in ("html", "plain_text")
        float(question.findtext("defaultgrade"))
        for answer in question.findall("answer"):
            assert -100 <= float(answer.get("fraction")) <= 100
            assert answer.find("text") is not None
        if kind == "multichoice":
            assert question.findtext("single") in ("true", "false")
        if kind == "matching":
            assert all(
                s.find("answer/text") is not None
                for s in question.findall("subquestion")
            )


XML_PIECES = st.sampled_from(
    [
        "<question type='essay'>",
        "<question type='multichoice'>",
        "<question type='truefalse'>",
        "<question type='numerical'>",
        "<question type='match'>",
        "</question>",
        "<questiontext format='markdown'><text>x *y*</text></questiontext>",
        "<answer fraction='100'><text>true</text></answer>",
        "<answer fraction='abc'><text>3</text><tolerance>z</tolerance></answer>",
        "<subquestion><text>a</text><answer><text>b</text></answer></subquestion>",
        "<file name='a.png' encoding='base64'>AAAA</file>",
        "<defaultgrade>1e999</defaultgrade>",
        "&amp;",
        "<![CDATA[<script>]]>",
        "<",
        ">",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(XML_PIECES, st.text(max_size=6)), max_size=30))
def test_fuzzed_xml_raises_nothing_but_parse_error(pieces):
    data = ("<quiz>" + "".join(pieces) + "</quiz>").encode("utf-8", "replace")
    try:
        result = parse_moodle_xml(data)
    except ParseError:
        return
    assert all(e.line >= 1 or e.line == 0 for e in result.errors)
