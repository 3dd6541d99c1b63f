"""python manage.py load_plan FILE — load or update a plan from its JSON file."""

from django.core.management.base import BaseCommand, CommandError

from plan.loader import PlanFileError, plan_file_read, plans_load


class Command(BaseCommand):
    help = (
        "Load or update a plan from a plan file (JSON, see docs/plan.md). "
        "Idempotent: a second load changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="path to the plan file, e.g. plan/seeds/…json")

    def handle(self, *args, **options):
        try:
            results = plans_load(data=plan_file_read(options["file"]))
        except PlanFileError as exc:
            raise CommandError(str(exc)) from exc
        for result in results:
            self._report(result)

    def _report(self, result):
        for line in result.lines:
            self.stdout.write(f"  {line}")
        for key in sorted(result.counts):
            self.stdout.write(f"{key}: {result.counts[key]}")
        if result.changed:
            self.stdout.write(self.style.SUCCESS(f"plan {result.plan.number} loaded"))
        else:
            self.stdout.write(f"plan {result.plan.number}: nothing changed")
