"""Import (admin preview + confirm, command line), export round trip, statistics."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from quizzes.bank import category_gift
from quizzes.gift import parse_gift
from quizzes.models import Question, QuestionCategory
from quizzes.services import attempt_start, attempt_submit, questions_import

from .factories import CategoryFactory

DATA = Path(__file__).parent / "data"
pytestmark = pytest.mark.django_db


def upload(name):
    return SimpleUploadedFile(name, (DATA / name).read_bytes())


def test_the_admin_import_previews_then_saves_only_when_confirmed(client, editor):
    category = CategoryFactory(name="Đích")
    client.force_login(editor)
    url = reverse("quizzes_admin:import")
    preview = client.post(
        url,
        {"file": upload("features.gift"), "format": "gift", "category": category.pk},
    )
    assert preview.status_code == 200
    html = preview.content.decode()
    assert "19" in html and "Confirm the import" in html or "Xác nhận" in html
    assert Question.objects.count() == 0  # nothing saved by the preview
    token = preview.context["token"]
    client.post(url, {"confirm": "1", "token": token})
    assert Question.objects.filter(category=category).count() == 19


def test_the_admin_import_shows_line_numbered_errors_and_refuses_to_save(
    client, editor
):
    category = CategoryFactory()
    client.force_login(editor)
    url = reverse("quizzes_admin:import")
    for name, fmt in [
        ("malformed.gift", "gift"),
        ("latin1.gift", "gift"),
        ("aiken-bad.txt", "aiken"),
    ]:
        response = client.post(
            url, {"file": upload(name), "format": fmt, "category": category.pk}
        )
        assert response.status_code == 200
        assert response.context["result"].errors
        assert all(e.line >= 1 for e in response.context["result"].errors)
        client.post(url, {"confirm": "1", "token": response.context["token"]})
    assert Question.objects.count() == 0


def test_learners_cannot_open_the_import_or_export(client, learner):
    client.force_login(learner)
    category = CategoryFactory()
    assert client.get(reverse("quizzes_admin:import")).status_code in (302, 403)
    assert client.get(
        reverse("quizzes_admin:export", args=[category.pk])
    ).status_code in (
        302,
        403,
    )


def test_export_then_import_round_trips_a_category(client, editor):
    parsed = parse_gift((DATA / "features.gift").read_bytes()).questions
    target = CategoryFactory(name="Gốc")
    questions_import(questions=parsed, category=target, use_file_categories=False)
    client.force_login(editor)
    response = client.get(reverse("quizzes_admin:export", args=[target.pk]))
    assert response.status_code == 200
    again = parse_gift(response.content)
    assert again.errors == []
    for question in parsed:
        question.category = "Gốc"
    assert again.questions == parsed


def test_the_import_command_dry_run_prints_questions_and_saves_nothing(capsys):
    call_command(
        "import_questions",
        str(DATA / "features.gift"),
        "--category",
        "A/B",
        "--dry-run",
    )
    out = capsys.readouterr().out
    assert "19 questions understood, 0 errors" in out
    assert "line 6: [single] Đơn chọn" in out
    assert Question.objects.count() == 0


def test_the_import_command_exits_non_zero_with_line_numbered_errors(capsys):
    with pytest.raises(CommandError) as failed:
        call_command(
            "import_questions", str(DATA / "malformed.gift"), "--category", "X"
        )
    assert failed.value.returncode == 1
    assert "malformed.gift:1:" in capsys.readouterr().err
    assert Question.objects.count() == 0


def test_the_import_and_export_commands_round_trip(capsys):
    call_command(
        "import_questions",
        str(DATA / "aiken-good.txt"),
        "--format",
        "aiken",
        "--category",
        "Aiken",
    )
    assert QuestionCategory.objects.get(name="Aiken").questions.count() == 3
    capsys.readouterr()
    call_command("export_questions", "--category", "Aiken")
    exported = capsys.readouterr().out
    assert exported.startswith("$CATEGORY: $course$/top/Aiken")
    assert len(parse_gift(exported).questions) == 3


def test_statistics_per_quiz_and_per_question_with_export(client, editor, lesson_setup):
    from quizzes.statistics import question_stats, quiz_stats

    user, quiz = lesson_setup["user"], lesson_setup["quiz"]
    attempt = attempt_start(user=user, quiz=quiz, lesson=lesson_setup["lesson"])
    slots = list(attempt.slots.order_by("order"))
    first_right = next(
        i
        for i, c in enumerate(slots[0].layout["choices"])
        if slots[0].question.choices.get(pk=c).fraction == 1
    )
    attempt_submit(attempt=attempt, user=user, answers={slots[0].pk: first_right})
    summary = quiz_stats(quiz=quiz)
    assert (summary.attempts, summary.mean, summary.pass_rate) == (1, 33.33, 0)
    rows = {r.question_id: r for r in question_stats(quiz=quiz)}
    assert rows[slots[0].question_id].facility == 100
    assert rows[slots[1].question_id].facility == 0
    assert sum(count for _t, count in rows[slots[0].question_id].frequencies) == 1
    client.force_login(editor)
    page = client.get(reverse("quizzes_admin:question_stats", args=[quiz.pk]))
    assert page.status_code == 200
    # Column headings with "%" are translated too ({% translate %} doubles it).
    for url in (reverse("quizzes_admin:stats"), page.request["PATH_INFO"]):
        html = client.get(url).content.decode()
        assert "Điểm trung bình (%)" in html and "Tỷ lệ đạt (%)" in html
        assert "Mean score" not in html and "%%" not in html
    csv = client.get(
        reverse("quizzes_admin:question_stats", args=[quiz.pk]) + "?export=csv"
    )
    text = b"".join(csv.streaming_content).decode()
    assert csv.status_code == 200 and slots[0].question.title in text
    xlsx = client.get(reverse("quizzes_admin:stats") + "?export=xlsx")
    assert xlsx.status_code == 200
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")


def test_category_gift_is_stable_for_an_empty_category():
    assert category_gift(category=CategoryFactory()) == ""


def test_the_admin_pages_open_for_editors(client, editor, lesson_setup):
    client.force_login(editor)
    quiz = lesson_setup["quiz"]
    for url in [
        reverse("quizzes_admin:import"),
        reverse("quizzes_admin:stats"),
        reverse("quizzes_admin:question_stats", args=[quiz.pk]),
        reverse("wagtailsnippets_quizzes_quiz:list"),
        reverse("wagtailsnippets_quizzes_question:list"),
        reverse("wagtailsnippets_quizzes_questioncategory:list"),
        reverse("wagtailsnippets_quizzes_quiz:edit", args=[quiz.pk]),
        reverse(
            "wagtailsnippets_quizzes_question:edit",
            args=[lesson_setup["questions"][0].pk],
        ),
    ]:
        assert client.get(url).status_code == 200, url


def test_statistics_are_refused_to_learners(client, learner, lesson_setup):
    client.force_login(learner)
    url = reverse("quizzes_admin:question_stats", args=[lesson_setup["quiz"].pk])
    assert client.get(url).status_code in (302, 403)
    assert client.get(url + "?export=csv").status_code in (302, 403)
