"""Annual/mid-term/final reports and the background jobs that produce files."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel

from core.models import BackgroundJob

from .tracking import YEAR_VALIDATORS


class ReportKind(models.TextChoices):
    ANNUAL = "annual", _("Annual report")
    MIDTERM = "midterm", _("Mid-term review")
    FINAL = "final", _("Final review")


class Signing(models.TextChoices):
    """How the report is signed (Decree 30, Art. 13): by the head, or for
    them. Only a chosen prefix is printed: nothing is implied by a blank."""

    DIRECT = "direct", _("Signed by the head (no prefix)")
    KT = "KT.", _("KT. — deputy signs for the head")
    TM = "TM.", _("TM. — on behalf of a collective body")
    TL = "TL.", _("TL. — signed by order")
    TUQ = "TUQ.", _("TUQ. — signed by authorisation")
    Q = "Q.", _("Q. — acting head")


class AnnualReport(models.Model):
    """The report to the provincial chairman for a year (or a review).

    Plan managers write the free-text sections here before generating; each
    generation is kept as an :class:`AnnualReportVersion` with its data.
    """

    plan = models.ForeignKey(
        "plan.Plan", on_delete=models.CASCADE, related_name="annual_reports"
    )
    year = models.PositiveIntegerField(_("year"), validators=YEAR_VALIDATORS)
    kind = models.CharField(
        _("kind"), max_length=10, choices=ReportKind.choices, default=ReportKind.ANNUAL
    )
    number = models.CharField(
        _("number"),
        max_length=20,
        blank=True,
        help_text=_("Left empty, the number is printed as dots to fill in by hand."),
    )
    document_date = models.DateField(_("document date"), null=True, blank=True)
    results = models.TextField(
        _("results"), blank=True, help_text=_("Paragraphs separated by blank lines.")
    )
    difficulties = models.TextField(_("difficulties and shortcomings"), blank=True)
    proposals = models.TextField(_("proposals"), blank=True)
    recipients = models.TextField(
        _("recipients"),
        blank=True,
        help_text=_("One per line; empty uses the plan's default recipients."),
    )
    symbol = models.CharField(
        _("symbol"),
        max_length=60,
        blank=True,
        help_text=_("e.g. BC-SKHCN; empty uses the plan's report symbol."),
    )
    signing = models.CharField(
        _("signing"), max_length=10, choices=Signing.choices, default=Signing.DIRECT
    )
    signer_authority = models.CharField(
        _("signed for"),
        max_length=200,
        blank=True,
        help_text=_("The head's title after the prefix, e.g. “GIÁM ĐỐC”."),
    )
    signer_title = models.CharField(_("signer's title"), max_length=200, blank=True)
    signer_name = models.CharField(_("signer's name"), max_length=200, blank=True)
    units_basis = models.CharField(
        _("units counted"),
        max_length=10,
        choices=[
            ("recorded", _("Units as recorded (at the time of training)")),
            ("today", _("Today's units (after reorganisations)")),
        ],
        default="recorded",
        help_text=_("The report states which one it uses."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    panels = [
        FieldPanel("plan"),
        FieldRowPanel([FieldPanel("year"), FieldPanel("kind")]),
        FieldRowPanel(
            [FieldPanel("number"), FieldPanel("symbol"), FieldPanel("document_date")]
        ),
        FieldPanel("units_basis"),
        MultiFieldPanel(
            [
                FieldPanel("results"),
                FieldPanel("difficulties"),
                FieldPanel("proposals"),
            ],
            heading=_("Text"),
        ),
        FieldPanel("recipients"),
        FieldRowPanel(
            [
                FieldPanel("signing"),
                FieldPanel("signer_authority"),
                FieldPanel("signer_title"),
                FieldPanel("signer_name"),
            ]
        ),
    ]

    class Meta:
        verbose_name = _("annual report")
        verbose_name_plural = _("annual reports")
        ordering = ["-year", "kind"]
        unique_together = [("plan", "year", "kind")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.year}"

    def clean(self):
        """A report goes out signed: a name and a title, and for a prefix
        (KT., TM., …) the head's title it signs for."""
        plan = self.plan if self.plan_id else None
        errors = {}
        if not (self.signer_name or (plan and plan.report_signer_name)):
            errors["signer_name"] = _("Give the name of the person who signs.")
        if not (self.signer_title or (plan and plan.report_signer_title)):
            errors["signer_title"] = _("Give the signer's title.")
        if self.signing != Signing.DIRECT and not (
            self.signer_authority or (plan and plan.report_signer_authority)
        ):
            errors["signer_authority"] = _(
                "Give the title of the head the report is signed for."
            )
        if errors:
            raise ValidationError(errors)

    @property
    def first_year(self) -> int:
        """Reviews are cumulative from the plan's first year; annual reports not."""
        if self.kind == ReportKind.ANNUAL:
            return self.year
        return self.plan.period_start

    @property
    def latest_version(self):
        return self.versions.order_by("-generated_at").first()


class AnnualReportVersion(models.Model):
    """One generated PDF and XLSX of a report, with who, when and the data used."""

    report = models.ForeignKey(
        AnnualReport, on_delete=models.CASCADE, related_name="versions"
    )
    pdf = models.FileField(_("PDF"), upload_to="plan/reports/%Y/")
    xlsx = models.FileField(
        _("XLSX appendix"), upload_to="plan/reports/%Y/", blank=True
    )
    docx = models.FileField(_("DOCX"), upload_to="plan/reports/%Y/", blank=True)
    generated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("generated by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    generated_at = models.DateTimeField(_("generated"), auto_now_add=True)
    data_snapshot = models.JSONField(_("data"), default=dict)

    class Meta:
        verbose_name = _("generated report")
        verbose_name_plural = _("generated reports")
        ordering = ["-generated_at"]

    def __str__(self) -> str:
        return f"{self.report} · {self.generated_at:%Y-%m-%d %H:%M}"


class JobKind(models.TextChoices):
    EXPORT = "export", _("Spreadsheet export")
    ANNUAL_REPORT = "annual_report", _("Annual report")


class ReportJob(BackgroundJob):
    """A long export or report generation run by Celery, with its progress."""

    run_task = "plan.tasks.report_job_run"

    kind = models.CharField(_("kind"), max_length=20, choices=JobKind.choices)
    params = models.JSONField(_("parameters"), default=dict)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    report = models.ForeignKey(
        AnnualReport,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="jobs",
    )
    version = models.ForeignKey(
        AnnualReportVersion,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    file = models.FileField(_("file"), upload_to="plan/exports/%Y/", blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("report job")
        verbose_name_plural = _("report jobs")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk} ({self.get_status_display()})"
