from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.module_loading import import_string


class Command(BaseCommand):
    help = (
        "Load the demo catalogue, question banks, plan and accounts. Idempotent: "
        "running it twice changes nothing."
    )

    def handle(self, *args, **options):
        logins = []
        for dotted in settings.DEMO_LOADERS:
            loader = import_string(dotted)
            with transaction.atomic():
                lines = loader() or []
            if dotted == "accounts.demo.load":
                logins = lines
                continue
            for line in lines:
                self.stdout.write(f"  {line}")
        self.stdout.write(self.style.SUCCESS("Demo accounts (role, e-mail, password):"))
        for role, email, password in logins:
            self.stdout.write(f"  {role:<22} {email:<26} {password}")
