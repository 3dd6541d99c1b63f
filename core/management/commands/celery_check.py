import secrets
import time

from django.core.management.base import BaseCommand, CommandError

from core.models import Heartbeat
from core.tasks import heartbeat


class Command(BaseCommand):
    help = "Send a task through the broker and wait until a worker has run it."

    def add_arguments(self, parser):
        parser.add_argument("--timeout", type=float, default=30)

    def handle(self, *args, timeout, **options):
        token = secrets.token_hex(8)
        heartbeat.delay(token)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if Heartbeat.objects.filter(token=token).exists():
                self.stdout.write(self.style.SUCCESS(f"worker answered ({token})"))
                return
            time.sleep(0.2)
        raise CommandError(f"no worker ran the heartbeat task within {timeout} s")
