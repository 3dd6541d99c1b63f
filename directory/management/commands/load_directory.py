from pathlib import Path

from django.core.management.base import BaseCommand

from directory.services import DEFAULT_SEED, directory_load


class Command(BaseCommand):
    help = "Load audience groups, units and communes from a JSON seed (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", default=str(DEFAULT_SEED))

    def handle(self, *args, file, **options):
        result = directory_load(path=Path(file))
        for kind in ("audience_groups", "units", "communes"):
            self.stdout.write(
                f"{kind}: {result.created.get(kind, 0)} created, "
                f"{result.updated.get(kind, 0)} updated"
            )
