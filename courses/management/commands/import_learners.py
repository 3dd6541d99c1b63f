"""python manage.py import_learners FILE [--course SLUG] [--class ID] [--dry-run]"""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from core.uploads import validate_upload
from courses.importing import learner_file_parse, report_lines
from courses.imports import learner_import_create, learner_import_execute
from courses.models import CoursePage, LearnerImport, TrainingClass


class Command(BaseCommand):
    help = (
        "Import learners from a CSV or XLSX file (full name, e-mail, audience group, "
        "unit, commune, position), optionally enrolling them. Prints a report per row "
        "and exits with status 1 when any row is rejected."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--course", metavar="SLUG", help="enrol in this course")
        parser.add_argument(
            "--class",
            dest="class_id",
            type=int,
            metavar="ID",
            help="enrol in this training class",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="check and report, import nothing"
        )

    def handle(
        self, *args, file: Path, course=None, class_id=None, dry_run=False, **opts
    ):
        if not file.exists():
            raise CommandError(f"{file}: no such file")
        training_class = None
        if class_id is not None:
            training_class = TrainingClass.objects.filter(pk=class_id).first()
            if training_class is None:
                raise CommandError(f"no training class with id {class_id}")
        course_page = None
        if course:
            course_page = CoursePage.objects.filter(slug=course).first()
            if course_page is None:
                raise CommandError(f"no course with slug {course!r}")
        if training_class is not None:
            if course_page is not None and training_class.course_id != course_page.pk:
                raise CommandError("the class belongs to another course")
            course_page = training_class.course
        with file.open("rb") as handle:
            try:
                validate_upload(File(handle, name=file.name), kind="spreadsheet")
            except ValidationError as error:
                raise CommandError(" ".join(error.messages)) from error
        result = learner_file_parse(
            file.read_bytes(), filename=file.name, course=course_page
        )
        for line in report_lines(result):
            self.stdout.write(line)
        rejected = bool(result.file_errors or result.rejected_rows)
        if not dry_run and result.valid_rows:
            with transaction.atomic():
                learner_import = learner_import_create(
                    result=result,
                    filename=file.name,
                    course=course_page,
                    training_class=training_class,
                )
                LearnerImport.objects.filter(pk=learner_import.pk).update(
                    status=LearnerImport.Status.QUEUED
                )
            status = learner_import_execute(import_id=learner_import.pk)
            learner_import.refresh_from_db()
            if status != LearnerImport.Status.DONE:
                raise CommandError(
                    f"import failed, nothing imported: {learner_import.error}"
                )
            self.stdout.write(
                self.style.SUCCESS(f"imported {learner_import.done} rows")
            )
        elif dry_run:
            self.stdout.write("dry run: nothing imported")
        if rejected:
            raise CommandError("some rows were rejected (see above)", returncode=1)
