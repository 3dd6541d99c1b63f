"""Benchmark (not a test): a big Moodle XML bank imported as the admin's
background job does it (``quizzes.services.imports.question_import_job_run``:
streamed check, then one transaction writing questions and Wagtail images).

Usage (PostgreSQL, migrated database)::

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/elearn_moodle \\
        .venv/bin/python bench/bench_moodle_import.py [--questions 5000] [--images 500]

Writes the file to a temporary directory (mixed types: single, multiple,
true/false, short, numerical with a catch-all, matching, essay; ``--images``
questions carry a distinct PNG picture as ``@@PLUGINFILE@@``), runs the job
once and prints JSON: the file's size, wall time, the process's peak RSS
(``ru_maxrss``, Django included) and its growth during the import, the
questions and images written. Everything imported is deleted afterwards.
"""

import argparse
import base64
import io
import json
import os
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "elearn.settings.dev")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.files import File  # noqa: E402
from PIL import Image  # noqa: E402
from wagtail.images import get_image_model  # noqa: E402

from quizzes.models import Question, QuestionCategory, QuestionImportJob  # noqa: E402
from quizzes.services import category_ensure  # noqa: E402
from quizzes.services.imports import question_import_job_run  # noqa: E402


def png(seed: int) -> str:
    rng = random.Random(seed)
    picture = Image.new("RGB", (120, 90))
    picture.putdata(
        [(rng.randrange(256), rng.randrange(256), seed % 256) for _ in range(120 * 90)]
    )
    buffer = io.BytesIO()
    picture.save(buffer, "PNG")
    return base64.b64encode(buffer.getvalue()).decode()


def question(n: int, image: bool) -> str:
    kind = n % 7
    picture = ""
    text = f"Câu hỏi số {n} về sở hữu trí tuệ &amp; nhãn hiệu?"
    if image:
        text += f' &lt;img src="@@PLUGINFILE@@/hinh-{n}.png" alt="h"&gt;'
        picture = (
            f'<file name="hinh-{n}.png" path="/" encoding="base64">{png(n)}</file>'
        )
    head = (
        f"<name><text>Câu {n}</text></name>"
        f'<questiontext format="html"><text>{text}</text>{picture}</questiontext>'
        '<generalfeedback format="html"><text>Xem Luật SHTT.</text></generalfeedback>'
        "<defaultgrade>1</defaultgrade><penalty>0.3333333</penalty>"
    )

    def answer(fraction, body, feedback=""):
        return (
            f'<answer fraction="{fraction}" format="html"><text>{body}</text>'
            f'<feedback format="html"><text>{feedback}</text></feedback></answer>'
        )

    if kind == 0:
        body = "<single>true</single>" + "".join(
            answer(100 if i == 0 else 0, f"Đáp án {i}", "fb") for i in range(4)
        )
        return f'<question type="multichoice">{head}{body}</question>'
    if kind == 1:
        body = "<single>false</single>" + answer(50, "A") + answer(50, "B")
        return (
            f'<question type="multichoice">{head}{body}{answer(-100, "C")}</question>'
        )
    if kind == 2:
        body = answer(100, "true") + answer(0, "false")
        return f'<question type="truefalse">{head}{body}</question>'
    if kind == 3:
        body = answer(100, "Cục SHTT") + answer(50, "Cục")
        return f'<question type="shortanswer">{head}{body}</question>'
    if kind == 4:
        body = (
            '<answer fraction="100"><text>20</text><tolerance>1</tolerance></answer>'
            '<answer fraction="0"><text>*</text><feedback><text>Sai</text>'
            "</feedback></answer>"
        )
        return f'<question type="numerical">{head}{body}</question>'
    if kind == 5:
        body = "".join(
            f'<subquestion format="html"><text>Trái {i}</text>'
            f"<answer><text>Phải {i}</text></answer></subquestion>"
            for i in range(3)
        )
        return f'<question type="matching">{head}{body}</question>'
    body = '<graderinfo format="html"><text>Nêu đủ ý.</text></graderinfo>'
    return f'<question type="essay">{head}{body}</question>'


def write_bank(path: Path, questions: int, images: int) -> None:
    every = max(1, questions // max(images, 1)) if images else 0
    written = 0
    with path.open("w", encoding="utf-8") as out:
        out.write('<?xml version="1.0" encoding="UTF-8"?>\n<quiz>\n')
        out.write(
            '<question type="category"><category><text>$course$/top/Bench XML'
            "</text></category></question>\n"
        )
        for n in range(questions):
            image = bool(every) and n % every == 0 and written < images
            written += image
            out.write(question(n, image) + "\n")
        out.write("</quiz>\n")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--questions", type=int, default=5000)
    parser.add_argument("--images", type=int, default=500)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        settings.MEDIA_ROOT = tmp
        bank = Path(tmp) / "bank.xml"
        write_bank(bank, args.questions, args.images)
        target = category_ensure(path="Bench import")
        with bank.open("rb") as handle:
            job = QuestionImportJob.objects.create(
                file=File(handle, name="bank.xml"),
                filename="bank.xml",
                category=target,
                use_file_categories=True,
            )
        images_before = get_image_model().objects.count()
        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        started = time.perf_counter()
        outcome = question_import_job_run(job_id=job.pk)
        seconds = time.perf_counter() - started
        rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        job.refresh_from_db()
        images = get_image_model().objects.count() - images_before
        print(
            json.dumps(
                {
                    "outcome": outcome,
                    "questions_in_file": args.questions,
                    "file_mb": round(bank.stat().st_size / 2**20, 1),
                    "questions_imported": job.imported,
                    "images_stored": images,
                    "seconds": round(seconds, 1),
                    "peak_rss_mb": round(rss_after / 1024, 1),
                    "rss_growth_mb": round((rss_after - rss_before) / 1024, 1),
                    "errors": job.errors[:3],
                },
                indent=2,
            )
        )
        # Leave the database as it was.
        Question.objects.filter(category__name="Bench XML").delete()
        QuestionCategory.objects.filter(name="Bench XML").delete()
        get_image_model().objects.filter(title__startswith="hinh-").delete()
        job.delete()
        target.delete()


if __name__ == "__main__":
    main()
