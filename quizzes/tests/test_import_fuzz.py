"""Fuzzed files through the import command: either every question understood
is imported or nothing is (no partial import), and nothing but the command's
own error escapes."""

import pytest
from django.core.management import CommandError, call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quizzes.models import Question

PIECES = {
    "gift": st.sampled_from(
        [
            "::t::",
            "Câu hỏi ",
            "{",
            "}",
            "=a ",
            "~b ",
            "#fb ",
            "####g",
            "[markdown]**x** ",
            "[html]<b>y</b> ",
            "#=3:2 ~#sai",
            "\n\n",
            "\\{",
            "$CATEGORY: A/B\n\n",
            "// [id:x] [tag:y]\n",
            "->",
        ]
    ),
    "aiken": st.sampled_from(
        ["Câu?\n", "A) x\n", "B.y\n", "C. z\n", "ANSWER: B\n", "ANSWER: Q\n", "\n"]
    ),
    "xml": st.sampled_from(
        [
            "<question type='essay'><questiontext><text>x</text></questiontext>",
            "<question type='truefalse'><questiontext><text>t</text></questiontext>",
            "<answer fraction='100'><text>true</text></answer>",
            "<answer fraction='0'><text>false</text></answer>",
            "<question type='cloze'>",
            "</question>",
            "<defaultgrade>0</defaultgrade>",
        ]
    ),
}


@pytest.mark.parametrize("fmt", ["gift", "aiken", "xml"])
def test_a_fuzzed_file_is_imported_whole_or_not_at_all(db, tmp_path, fmt):
    @settings(
        max_examples=15,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture],
    )
    @given(st.lists(PIECES[fmt], max_size=20))
    def run(pieces):
        body = "".join(pieces)
        if fmt == "xml":
            body = f"<quiz>{body}</quiz>"
        path = tmp_path / f"bank.{fmt}"
        path.write_text(body, encoding="utf-8")
        Question.objects.all().delete()
        args = [str(path), "--format", fmt, "--category", "Fuzz", "--dry-run"]
        try:
            call_command("import_questions", *args)
        except CommandError:
            refused = True
        else:
            refused = False
        assert Question.objects.count() == 0  # a dry run writes nothing
        args.remove("--dry-run")
        try:
            call_command("import_questions", *args)
        except CommandError:
            assert refused
            assert Question.objects.count() == 0
        else:
            assert not refused
            assert Question.objects.count() > 0

    run()
