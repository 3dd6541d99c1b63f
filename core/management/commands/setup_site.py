"""python manage.py setup_site — what a real deployment needs before its first user.

Creates the home and catalogue pages, the roles, the site's name and host (from
SITE_URL and SITE_NAME), loads the directory with its history and the plans
(settings.SETUP_STEPS). No demo account, course or figure. Idempotent: a second
run changes nothing. The first superuser still comes from ``createsuperuser``.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.module_loading import import_string


class Command(BaseCommand):
    help = (
        "Set up an empty site for a real deployment (pages, roles, site host, "
        "directory, plans). Idempotent; no demo data."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--noinput",
            "--no-input",
            action="store_false",
            dest="interactive",
            help="Do not ask for confirmation (for scripts and containers).",
        )

    def handle(self, *args, interactive: bool = True, **options):
        if interactive:
            answer = input(
                f"Set up the site {settings.SITE_URL} ({settings.WAGTAIL_SITE_NAME}) "
                "in this database? [y/N] "
            )
            if answer.strip().lower() not in ("y", "yes", "c", "có"):
                raise CommandError("Cancelled: nothing was changed.")
        # One transaction: a step that fails leaves the database as it was.
        with transaction.atomic():
            for dotted in settings.SETUP_STEPS:
                for line in import_string(dotted)() or []:
                    self.stdout.write(f"  {line}")
        self.stdout.write(
            self.style.SUCCESS(
                "Site ready. Create the first administrator with "
                "`manage.py createsuperuser`."
            )
        )
