"""Moodle XML into the bank: files become Wagtail images and show in the
question, export → import gives the same bank, a refused file writes nothing,
big files run as a background job, the command exits non-zero on errors."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from wagtail.images import get_image_model

from quizzes.bank import category_moodle_xml, category_questions
from quizzes.models import Question, QuestionCategory, QuestionImportJob
from quizzes.moodle_xml import parse_moodle_xml
from quizzes.rendering import render_text
from quizzes.services import category_ensure, questions_import
from quizzes.services.imports import question_import_job_run

DATA = Path(__file__).parent / "data"
PNG64 = (
    b"iVBORw0KGgoAAAANSUhEUgAAAAQAAAADCAIAAAA7ljmRAAAAFElEQVR4nGM8ISfHAANMDEgAhQMA"
    b"JtoBCkAAOw8AAAAASUVORK5CYII="
)
BAD = b"""<quiz>
<question type="essay"><name><text>ok</text></name>
<questiontext format="html"><text><![CDATA[<img src="@@PLUGINFILE@@/a.png">]]></text>
<file name="a.png" encoding="base64">PNG64</file>
</questiontext></question>
<question type="cloze"><name><text>c</text></name></question>
</quiz>""".replace(b"PNG64", PNG64)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def imported(db):
    result = parse_moodle_xml((DATA / "moodle.xml").read_bytes(), with_files=True)
    target = category_ensure(path="Nhập")
    return questions_import(questions=result.questions, category=target)


def test_embedded_pictures_become_wagtail_images_shown_in_the_question(db):
    saved = imported(db)
    image = get_image_model().objects.get()
    assert (image.title, image.width, image.height) == ("logo do.png", 4, 3)
    question = next(q for q in saved if q.title == "Đơn chọn có ảnh")
    assert "@@PLUGINFILE@@" not in question.text
    html = render_text(question.text, question.text_format)
    assert f'src="{image.file.url}"' in html
    assert question.idnumber == "MC-1" and question.tags == ["ảnh", "nhãn hiệu"]
    assert QuestionCategory.objects.filter(name="Mô tả").exists()


def test_export_then_import_gives_the_same_bank(db):
    imported(db)
    top = QuestionCategory.objects.get(name="Moodle")
    before = category_questions(category=top)
    exported = category_moodle_xml(category=top)
    assert b"@@PLUGINFILE@@/logo_do.png" in exported  # the stored name
    assert b'<file name="logo_do.png" path="/" encoding="base64">' in exported
    Question.objects.all().delete()
    again = parse_moodle_xml(exported, with_files=True)
    assert again.errors == []
    questions_import(questions=again.questions, category=None)
    after = category_questions(category=top)
    # Same bank, the picture now a second stored copy with its own URL.
    strip = [(q.title, q.qtype, q.points, len(q.choices), q.options) for q in before]
    assert strip == [
        (q.title, q.qtype, q.points, len(q.choices), q.options) for q in after
    ]
    assert get_image_model().objects.count() == 2
    assert [c.text for q in after for c in q.choices][1:] == [
        c.text for q in before for c in q.choices
    ][1:]


def test_a_refused_file_writes_nothing_not_even_its_pictures(db, tmp_path):
    path = tmp_path / "bad.xml"
    path.write_bytes(BAD)
    with pytest.raises(CommandError) as failed:
        call_command(
            "import_questions", str(path), "--format", "xml", "--category", "X"
        )
    assert failed.value.returncode == 1
    assert Question.objects.count() == 0
    assert get_image_model().objects.count() == 0


def test_a_failure_during_the_write_rolls_back_rows_and_stored_files(db, tmp_path):
    import copy

    first = parse_moodle_xml(BAD, with_files=True).questions[0]
    broken = copy.deepcopy(first)
    broken.points = None  # fails on save, after the first question's picture
    with pytest.raises(Exception):  # noqa: B017 - any database error
        questions_import(questions=[first, broken], category=category_ensure(path="X"))
    assert Question.objects.count() == 0
    stored = [p for p in Path(tmp_path).rglob("*") if p.is_file()]
    assert stored == []


def test_the_command_imports_xml_with_its_files(db, capsys):
    call_command(
        "import_questions",
        str(DATA / "moodle.xml"),
        "--format",
        "xml",
        "--category",
        "Nhập",
        "--use-file-categories",
    )
    assert Question.objects.count() == 8
    assert "8 questions imported" in capsys.readouterr().out


def test_the_background_job_imports_or_refuses_with_the_first_errors(db, editor):
    target = category_ensure(path="Nền")
    good = QuestionImportJob.objects.create(
        created_by=editor,
        file=SimpleUploadedFile("bank.xml", (DATA / "moodle.xml").read_bytes()),
        filename="bank.xml",
        category=target,
    )
    assert question_import_job_run(job_id=good.pk) == "done"
    good.refresh_from_db()
    assert (good.status, good.imported, good.percent) == ("done", 8, 100)
    bad = QuestionImportJob.objects.create(
        created_by=editor,
        file=SimpleUploadedFile("bad.xml", BAD),
        filename="bad.xml",
        category=target,
    )
    assert question_import_job_run(job_id=bad.pk) == "refused"
    bad.refresh_from_db()
    assert bad.status == "failed" and bad.imported == 0
    assert [(e["line"], e["code"]) for e in bad.errors] == [(6, "unsupported:cloze")]
    assert Question.objects.count() == 8


def test_the_admin_queues_an_xml_upload_and_shows_its_job(
    client, editor, django_capture_on_commit_callbacks
):
    target = category_ensure(path="Quản trị")
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("quizzes_admin:import"),
            {
                "file": SimpleUploadedFile("bad.xml", BAD),
                "format": "xml",
                "category": target.pk,
            },
        )
    job = QuestionImportJob.objects.get()
    assert response.url == reverse("quizzes_admin:import_job", args=[job.pk])
    status = client.get(reverse("quizzes_admin:import_job_status", args=[job.pk]))
    assert status.json()["status"] == "failed"
    page = client.get(response.url).content.decode()
    assert "Cloze" in page and "<td>6</td>" in page
    assert Question.objects.count() == 0
