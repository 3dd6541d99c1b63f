"""``manage.py import_questions FILE --format gift|aiken|xml --category NAME``

(``--dry-run`` checks only.)
Prints the questions understood and line-numbered errors.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from quizzes.aiken import parse_aiken
from quizzes.gift import parse_gift
from quizzes.interchange import MAX_FILE_BYTES, ParseError, ParseIssue
from quizzes.moodle_xml import iter_moodle_xml
from quizzes.services import category_ensure, questions_import
from quizzes.services.imports import question_import_check


class Command(BaseCommand):
    help = (
        "Import questions from a GIFT or Aiken file into a category (a path such as "
        "'Nhãn hiệu/OCOP'). Prints the questions understood and every error with its "
        "line; imports nothing and exits with status 1 when there is any error."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument(
            "--format", choices=["gift", "aiken", "xml"], default="gift"
        )
        parser.add_argument("--category", required=True)
        parser.add_argument("--dry-run", action="store_true")
        parser.add_argument(
            "--use-file-categories",
            action="store_true",
            help="Put questions into the $CATEGORY named in the file.",
        )

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        if options["format"] == "xml":
            return self.handle_xml(path, options)
        with path.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
        parser = parse_gift if options["format"] == "gift" else parse_aiken
        try:
            result = parser(data)
            errors, questions = result.errors, result.questions
        except ParseError as exc:
            errors, questions = exc.errors, []
        for q in questions:
            where = (
                q.category if options["use_file_categories"] and q.category else None
            )
            self.stdout.write(
                f"line {q.line}: [{q.qtype}] {q.title} ({len(q.choices)} answers)"
                + (f" → {where}" if where else "")
            )
        for error in errors:
            self.stderr.write(f"{path.name}:{error.line}: {error.message}")
        self.stdout.write(
            f"{len(questions)} questions understood, {len(errors)} errors"
        )
        if errors:
            raise CommandError("nothing imported: fix the errors above", returncode=1)
        if not questions:
            raise CommandError("nothing to import", returncode=1)
        if options["dry_run"]:
            self.stdout.write("dry run: nothing saved")
            return
        category = category_ensure(path=options["category"])
        saved = questions_import(
            questions=questions,
            category=category,
            use_file_categories=options["use_file_categories"],
        )
        self.stdout.write(
            self.style.SUCCESS(f"{len(saved)} questions imported into {category}")
        )

    def handle_xml(self, path: Path, options) -> None:
        """Moodle XML: checked whole first (streamed), then imported in one
        transaction with its files; nothing is written if anything is refused."""
        with path.open("rb") as handle:
            try:
                count, errors = question_import_check(source=handle)
            except ParseError as exc:
                count, errors = 0, exc.errors
        for error in errors:
            self.stderr.write(f"{path.name}:{error.line}: {error.message}")
        self.stdout.write(f"{count} questions understood, {len(errors)} errors")
        if errors:
            raise CommandError("nothing imported: fix the errors above", returncode=1)
        if not count:
            raise CommandError("nothing to import", returncode=1)
        if options["dry_run"]:
            self.stdout.write("dry run: nothing saved")
            return
        category = category_ensure(path=options["category"])
        with path.open("rb") as handle:
            saved = questions_import(
                questions=(
                    q
                    for q in iter_moodle_xml(handle, with_files=True)
                    if not isinstance(q, ParseIssue)
                ),
                category=category,
                use_file_categories=options["use_file_categories"],
            )
        self.stdout.write(
            self.style.SUCCESS(f"{len(saved)} questions imported into {category}")
        )
