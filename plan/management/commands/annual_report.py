"""python manage.py annual_report --year YYYY [--kind K] --output FILE.pdf

K is annual (default), midterm or final.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from plan.dashboard import current_plan
from plan.models import AnnualReport
from plan.models.reports import ReportKind
from plan.services import annual_report_render


class Command(BaseCommand):
    help = (
        "Generate the report on the current plan for a year (annual, or the "
        "mid-term/final review with cumulative figures), keep it as a new version "
        "and write the PDF (and the XLSX appendix next to it)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument(
            "--kind", choices=[k.value for k in ReportKind], default=ReportKind.ANNUAL
        )
        parser.add_argument("--output", required=True, help="path of the PDF to write")

    def handle(self, *args, **options):
        plan = current_plan()
        if plan is None:
            raise CommandError("no plan loaded: run load_plan first")
        year = options["year"]
        if not plan.period_start <= year <= plan.period_end:
            raise CommandError(
                f"{year} is outside the plan period "
                f"{plan.period_start}–{plan.period_end}"
            )
        report, created = AnnualReport.objects.get_or_create(
            plan=plan, year=year, kind=options["kind"]
        )
        version = annual_report_render(report=report, user=None)
        output = Path(options["output"])
        output.parent.mkdir(parents=True, exist_ok=True)
        with version.pdf.open("rb") as handle:
            output.write_bytes(handle.read())
        appendix = output.with_suffix(".xlsx")
        with version.xlsx.open("rb") as handle:
            appendix.write_bytes(handle.read())
        editable = output.with_suffix(".docx")
        with version.docx.open("rb") as handle:
            editable.write_bytes(handle.read())
        self.stdout.write(
            f"{'created' if created else 'kept'} report {report}; version "
            f"{version.pk}; wrote {output}, {appendix} and {editable}"
        )
