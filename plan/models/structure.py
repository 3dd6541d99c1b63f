"""The plan's own text as data: nothing of a plan is hard-coded in Python.

A plan file (see docs/plan.md and plan/seeds/) is loaded by ``load_plan``; plan
managers then edit everything here in the Wagtail admin.
"""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class Plan(models.Model):
    """A provincial plan such as 66/KH-UBND, loaded from a file by ``load_plan``.

    Besides the plan's own identity and text, it carries how the implementing
    department reports on it (reporting body, symbol, deadline, recipients), so
    another province's plan needs a file, not code.
    """

    number = models.CharField(_("number"), max_length=60, unique=True)
    title = models.CharField(_("title"), max_length=500)
    title_en = models.CharField(_("title (English)"), max_length=500, blank=True)
    issued_on = models.DateField(_("date issued"), null=True, blank=True)
    issuer = models.CharField(_("issuer"), max_length=255, blank=True)
    issuer_short = models.CharField(_("issuer (short)"), max_length=120, blank=True)
    place = models.CharField(
        _("place"),
        max_length=120,
        blank=True,
        help_text=_("Printed before the date of documents, e.g. “Hậu Giang”."),
    )
    period_start = models.PositiveIntegerField(_("first year"), default=2021)
    period_end = models.PositiveIntegerField(_("last year"), default=2030)
    midterm_year = models.PositiveIntegerField(
        _("mid-term review year"), null=True, blank=True
    )
    legal_bases = models.TextField(
        _("legal bases"), blank=True, help_text=_("One per line.")
    )
    preamble = models.TextField(_("preamble"), blank=True)
    purposes = models.TextField(_("purposes"), blank=True, help_text=_("One per line."))
    requirements = models.TextField(
        _("requirements"), blank=True, help_text=_("One per line.")
    )
    funding = models.TextField(_("funding"), blank=True)
    closing = models.TextField(_("closing paragraph"), blank=True)
    signer_authority = models.CharField(_("signed for"), max_length=200, blank=True)
    signer_title = models.CharField(_("signer's title"), max_length=200, blank=True)
    signer_name = models.CharField(_("signer's name"), max_length=200, blank=True)
    # How the implementing department reports on the plan.
    governing_body = models.CharField(_("governing body"), max_length=200, blank=True)
    reporting_body = models.CharField(_("reporting body"), max_length=200, blank=True)
    reporting_unit = models.ForeignKey(
        "directory.Unit",
        verbose_name=_("reporting unit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    report_symbol = models.CharField(
        _("report symbol"), max_length=60, blank=True, help_text=_("e.g. BC-SKHCN")
    )
    report_addressee = models.CharField(
        _("report addressee"), max_length=255, blank=True
    )
    report_deadline_month = models.PositiveSmallIntegerField(
        _("report deadline (month)"), default=12
    )
    report_deadline_day = models.PositiveSmallIntegerField(
        _("report deadline (day)"), default=15
    )
    report_recipients = models.TextField(
        _("default recipients"), blank=True, help_text=_("One per line.")
    )
    report_signer_authority = models.CharField(
        _("report signed for"), max_length=200, blank=True
    )
    report_signer_title = models.CharField(
        _("report signer's title"), max_length=200, blank=True
    )
    report_signer_name = models.CharField(
        _("report signer's name"), max_length=200, blank=True
    )
    is_current = models.BooleanField(
        _("current plan"),
        default=True,
        help_text=_("Dashboards and reminders use the current plan."),
    )
    # Several plans run side by side (Plan 66 of the former Hậu Giang beside the
    # plans of the other former provinces) until a new plan supersedes them.
    superseded_by = models.ForeignKey(
        "self",
        verbose_name=_("superseded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="supersedes",
    )

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("number"),
                FieldPanel("title"),
                FieldPanel("title_en"),
                FieldRowPanel([FieldPanel("issued_on"), FieldPanel("place")]),
                FieldRowPanel([FieldPanel("issuer"), FieldPanel("issuer_short")]),
                FieldRowPanel(
                    [
                        FieldPanel("period_start"),
                        FieldPanel("midterm_year"),
                        FieldPanel("period_end"),
                    ]
                ),
                FieldRowPanel([FieldPanel("is_current"), FieldPanel("superseded_by")]),
            ],
            heading=_("Plan"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("legal_bases"),
                FieldPanel("preamble"),
                FieldPanel("purposes"),
                FieldPanel("requirements"),
                FieldPanel("funding"),
                FieldPanel("closing"),
                FieldRowPanel(
                    [
                        FieldPanel("signer_authority"),
                        FieldPanel("signer_title"),
                        FieldPanel("signer_name"),
                    ]
                ),
            ],
            heading=_("Text"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [FieldPanel("governing_body"), FieldPanel("reporting_body")]
                ),
                FieldRowPanel(
                    [FieldPanel("reporting_unit"), FieldPanel("report_symbol")]
                ),
                FieldPanel("report_addressee"),
                FieldRowPanel(
                    [
                        FieldPanel("report_deadline_day"),
                        FieldPanel("report_deadline_month"),
                    ]
                ),
                FieldPanel("report_recipients"),
                FieldRowPanel(
                    [
                        FieldPanel("report_signer_authority"),
                        FieldPanel("report_signer_title"),
                        FieldPanel("report_signer_name"),
                    ]
                ),
            ],
            heading=_("Reporting"),
        ),
    ]

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        ordering = ["-is_current", "-issued_on"]

    def __str__(self) -> str:
        return self.number

    @property
    def legal_basis_list(self) -> list[str]:
        return _lines(self.legal_bases)

    @property
    def recipient_list(self) -> list[str]:
        return _lines(self.report_recipients)

    @property
    def period_text(self) -> str:
        return f"{self.period_start}–{self.period_end}"

    @property
    def years(self) -> list[int]:
        return list(range(self.period_start, self.period_end + 1))

    @property
    def milestones(self) -> list[int]:
        return [y for y in (self.midterm_year, self.period_end) if y]


class Objective(ClusterableModel):
    """An objective of section II; II.4 and II.5 carry a yearly growth target.

    An objective with indicator kinds is measured by yearly counts (IP
    applications by kind) that plan managers enter as indicator values.
    """

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="objectives")
    code = models.CharField(_("code"), max_length=20)
    text = models.TextField(_("text"))
    sort_order = models.PositiveIntegerField(_("order"), default=0)
    indicator_label = models.CharField(_("indicator"), max_length=255, blank=True)
    indicator_label_en = models.CharField(
        _("indicator (English)"), max_length=255, blank=True
    )
    indicator_unit = models.CharField(_("unit of count"), max_length=40, blank=True)
    growth_min_percent = models.DecimalField(
        _("minimum yearly growth (%)"),
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
    )
    growth_max_percent = models.DecimalField(
        _("maximum yearly growth (%)"),
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
    )

    panels = [
        FieldPanel("plan"),
        FieldRowPanel([FieldPanel("code"), FieldPanel("sort_order")]),
        FieldPanel("text"),
        MultiFieldPanel(
            [
                FieldPanel("indicator_label"),
                FieldPanel("indicator_label_en"),
                FieldPanel("indicator_unit"),
                FieldRowPanel(
                    [FieldPanel("growth_min_percent"), FieldPanel("growth_max_percent")]
                ),
                InlinePanel("kinds", label=_("kinds counted")),
            ],
            heading=_("Indicator"),
        ),
    ]

    class Meta:
        verbose_name = _("objective")
        verbose_name_plural = _("objectives")
        ordering = ["plan", "sort_order", "code"]
        unique_together = [("plan", "code")]

    def __str__(self) -> str:
        return f"{self.code}. {self.text[:80]}"

    @property
    def display_indicator(self) -> str:
        if (get_language() or "vi").startswith("en") and self.indicator_label_en:
            return self.indicator_label_en
        return self.indicator_label


class IndicatorKind(Orderable):
    """A kind of application counted by an objective (trademarks, plant varieties…)."""

    objective = ParentalKey(Objective, on_delete=models.CASCADE, related_name="kinds")
    code = models.SlugField(_("code"), max_length=80)
    name = models.CharField(_("name (Vietnamese)"), max_length=255)
    name_en = models.CharField(_("name (English)"), max_length=255, blank=True)

    panels = [FieldPanel("name"), FieldPanel("name_en"), FieldPanel("code")]

    class Meta(Orderable.Meta):
        verbose_name = _("indicator kind")
        verbose_name_plural = _("indicator kinds")
        unique_together = [("objective", "code")]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        if (get_language() or "vi").startswith("en") and self.name_en:
            return self.name_en
        return self.name


class TaskGroup(ClusterableModel):
    """A task group of section III (III.1–III.9) with its bullets as tasks."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="task_groups")
    code = models.CharField(_("code"), max_length=20)
    title = models.CharField(_("title"), max_length=500)
    sort_order = models.PositiveIntegerField(_("order"), default=0)

    panels = [
        FieldPanel("plan"),
        FieldRowPanel([FieldPanel("code"), FieldPanel("sort_order")]),
        FieldPanel("title"),
        InlinePanel("tasks", label=_("tasks")),
    ]

    class Meta:
        verbose_name = _("task group")
        verbose_name_plural = _("task groups")
        unique_together = [("plan", "code")]
        ordering = ["plan", "sort_order", "code"]

    def __str__(self) -> str:
        return f"{self.code}. {self.title}"


class PlanTask(Orderable):
    """One bullet (or sub-bullet) of a task group, verbatim.

    Codes number the bullets: III.4.5 is the fifth bullet of III.4, III.1.3.a the
    first sub-bullet of III.1.3. ``is_training`` marks the bullets about
    training, which courses and classes usually serve.
    """

    group = ParentalKey(TaskGroup, on_delete=models.CASCADE, related_name="tasks")
    code = models.CharField(_("code"), max_length=30)
    text = models.TextField(_("text"))
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent bullet"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="subtasks",
    )
    is_training = models.BooleanField(
        _("about training"),
        default=False,
        help_text=_(
            "Courses linked to the whole task group are linked to these bullets."
        ),
    )

    panels = [FieldPanel("code"), FieldPanel("text"), FieldPanel("is_training")]

    class Meta(Orderable.Meta):
        verbose_name = _("plan task")
        verbose_name_plural = _("plan tasks")
        unique_together = [("group", "code")]

    def __str__(self) -> str:
        return f"{self.code} {self.text[:80]}"


class ImplementingUnitGroup(ClusterableModel):
    """A heading of section V (V.1–V.9): one or more units and their duties."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="unit_groups")
    code = models.CharField(_("code"), max_length=20)
    name = models.CharField(_("name"), max_length=500)
    sort_order = models.PositiveIntegerField(_("order"), default=0)
    units = ParentalManyToManyField(
        "directory.Unit",
        verbose_name=_("units"),
        blank=True,
        related_name="plan_groups",
    )

    panels = [
        FieldPanel("plan"),
        FieldRowPanel([FieldPanel("code"), FieldPanel("sort_order")]),
        FieldPanel("name"),
        FieldPanel("units"),
        InlinePanel("duties", label=_("duties")),
    ]

    class Meta:
        verbose_name = _("implementing unit group")
        verbose_name_plural = _("implementing units")
        unique_together = [("plan", "code")]
        ordering = ["plan", "sort_order", "code"]

    def __str__(self) -> str:
        return f"{self.code}. {self.name}"


class UnitDuty(Orderable):
    """A duty assigned to an implementing unit group, verbatim."""

    unit_group = ParentalKey(
        ImplementingUnitGroup, on_delete=models.CASCADE, related_name="duties"
    )
    code = models.CharField(_("code"), max_length=30)
    text = models.TextField(_("text"))

    panels = [FieldPanel("code"), FieldPanel("text")]

    class Meta(Orderable.Meta):
        verbose_name = _("duty")
        verbose_name_plural = _("duties")
        unique_together = [("unit_group", "code")]

    def __str__(self) -> str:
        return f"{self.code} {self.text[:80]}"
