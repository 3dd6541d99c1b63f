"""Figures plan managers enter: yearly training targets and indicator values."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel

YEAR_VALIDATORS = [MinValueValidator(2000), MaxValueValidator(2100)]


class YearlyTarget(models.Model):
    """How many people of an audience group the plan aims to train in a year.

    Without a unit the target is province-wide; with a unit it is that unit's
    share (focal points see their unit's targets). A target is official only
    with the decision that set it (number, date, issuing body); the demo's
    invented targets are flagged ``is_demo`` and never count as official
    (Plan 66 itself sets no numeric training target: "chưa đặt chỉ tiêu").
    """

    plan = models.ForeignKey(
        "plan.Plan", on_delete=models.CASCADE, related_name="yearly_targets"
    )
    year = models.PositiveIntegerField(_("year"), validators=YEAR_VALIDATORS)
    audience_group = models.ForeignKey(
        "directory.AudienceGroup",
        verbose_name=_("audience group"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    unit = models.ForeignKey(
        "directory.Unit",
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Leave empty for the province-wide target."),
    )
    target = models.PositiveIntegerField(_("people to train"))
    note = models.CharField(_("note"), max_length=255, blank=True)
    decision_number = models.CharField(
        _("decision number"),
        max_length=60,
        blank=True,
        help_text=_("Number and symbol of the document that set the target."),
    )
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    decision_issuer = models.CharField(_("issued by"), max_length=200, blank=True)
    is_demo = models.BooleanField(
        _("demo figure"),
        default=False,
        help_text=_("Invented for the demo: never printed as an official target."),
    )

    panels = [
        FieldPanel("plan"),
        FieldRowPanel([FieldPanel("year"), FieldPanel("target")]),
        FieldRowPanel([FieldPanel("audience_group"), FieldPanel("unit")]),
        FieldRowPanel(
            [
                FieldPanel("decision_number"),
                FieldPanel("decision_date"),
                FieldPanel("decision_issuer"),
            ]
        ),
        FieldPanel("note"),
        FieldPanel("is_demo"),
    ]

    class Meta:
        verbose_name = _("yearly target")
        verbose_name_plural = _("yearly targets")
        ordering = ["plan", "year", "audience_group__sort_order", "unit__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "year", "audience_group"],
                condition=models.Q(unit__isnull=True),
                name="plan_target_once_per_province",
            ),
            models.UniqueConstraint(
                fields=["plan", "year", "audience_group", "unit"],
                condition=models.Q(unit__isnull=False),
                name="plan_target_once_per_unit",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} · {self.audience_group} · {self.target}"

    def clean(self):
        if self.is_demo:
            return
        missing = {
            name: _("An official target needs the decision that set it.")
            for name in ("decision_number", "decision_date", "decision_issuer")
            if not getattr(self, name)
        }
        if missing:
            raise ValidationError(missing)

    @property
    def source(self) -> str:
        """ "Quyết định số 12/QĐ-UBND ngày 01/02/2025 của UBND tỉnh"."""
        if self.is_demo or not self.decision_number:
            return ""
        date = self.decision_date.strftime("%d/%m/%Y") if self.decision_date else ""
        return " ".join(
            part
            for part in (
                f"{self.decision_number}",
                f"ngày {date}" if date else "",
                f"của {self.decision_issuer}" if self.decision_issuer else "",
            )
            if part
        )


class IndicatorValue(models.Model):
    """The count of applications of one kind filed in one year (II.4/II.5)."""

    kind = models.ForeignKey(
        "plan.IndicatorKind",
        verbose_name=_("kind"),
        on_delete=models.CASCADE,
        related_name="values",
    )
    year = models.PositiveIntegerField(_("year"), validators=YEAR_VALIDATORS)
    count = models.PositiveIntegerField(_("applications"))
    source = models.CharField(_("source"), max_length=255, blank=True)
    is_demo = models.BooleanField(
        _("demo data"), default=False, help_text=_("Invented figures for the demo.")
    )

    panels = [
        FieldPanel("kind"),
        FieldRowPanel([FieldPanel("year"), FieldPanel("count")]),
        FieldPanel("source"),
        FieldPanel("is_demo"),
    ]

    class Meta:
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        ordering = ["kind__objective__code", "kind__sort_order", "year"]
        unique_together = [("kind", "year")]

    def __str__(self) -> str:
        return f"{self.kind} {self.year}: {self.count}"
