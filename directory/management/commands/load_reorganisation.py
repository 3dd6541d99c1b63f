"""python manage.py load_reorganisation [FILE…] — load reorganisations (idempotent)."""

from django.core.management.base import BaseCommand, CommandError

from directory.history import (
    SEEDS,
    ReorganisationFileError,
    reorganisation_file_read,
    reorganisation_load,
)


class Command(BaseCommand):
    help = (
        "Load reorganisations (new entries, successor links, issuer periods) from "
        "JSON files; without a file, those of directory/seeds/reorganisations/."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="*")

    def handle(self, *args, files, **options):
        paths = files or sorted(str(path) for path in SEEDS.glob("*.json"))
        for path in paths:
            try:
                result = reorganisation_load(data=reorganisation_file_read(path))
            except ReorganisationFileError as exc:
                raise CommandError(f"{path}: {exc}") from exc
            for line in result.lines:
                self.stdout.write(f"  {line}")
            self.stdout.write(
                f"{result.reorganisation.name}: {result.created} created, "
                f"{result.updated} updated"
            )
