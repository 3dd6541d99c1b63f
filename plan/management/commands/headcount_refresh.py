"""python manage.py headcount_refresh — recompute every enrolment's trained_on."""

from django.core.management.base import BaseCommand

from certificates.chains import enrollments_certified_sync
from plan.services import generation_bump


class Command(BaseCommand):
    help = (
        "Recompute Enrollment.trained_on (the date an enrolment counts as trained) "
        "from certificates and attendance, for every enrolment, and drop the "
        "cached dashboards. The services keep it right; run this after loading "
        "data in bulk or editing it in SQL. Prints how many were wrong."
    )

    def handle(self, *args, **options):
        changed = enrollments_certified_sync(everything=True)
        generation_bump()
        self.stdout.write(f"trained_on corrected on {changed} enrolments")
