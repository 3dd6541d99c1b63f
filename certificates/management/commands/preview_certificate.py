"""Render a sample certificate with the current settings (as in the admin)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from certificates.preview import preview_pdf


class Command(BaseCommand):
    help = "Render a sample certificate (a preview; it never verifies) to a PDF file."

    def add_arguments(self, parser):
        parser.add_argument("--name", required=True, help="holder's full name")
        parser.add_argument("--course", required=True, help="course title")
        parser.add_argument("--hours", type=float, default=None, help="course hours")
        parser.add_argument("--output", required=True, help="PDF file to write")

    def handle(self, *args, name, course, hours, output, **options):
        if not name.strip() or not course.strip():
            raise CommandError("--name and --course must not be empty")
        if hours is not None and hours < 0:
            raise CommandError("--hours must not be negative")
        content = preview_pdf(name=name, course=course, hours=hours)
        path = Path(output)
        try:
            path.write_bytes(content)
        except OSError as exc:
            raise CommandError(f"cannot write {path}: {exc}") from exc
        self.stdout.write(f"wrote {path} ({len(content)} bytes)")
