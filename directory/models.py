import datetime

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
)
from wagtail.models import Orderable
from wagtail.search import index


class DirectoryQuerySet(models.QuerySet):
    def current(self, on: datetime.date | None = None):
        """Entries that can be chosen on ``on`` (today): active and valid then."""
        on = on or timezone.localdate()
        return self.filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=on),
            Q(valid_to__isnull=True) | Q(valid_to__gte=on),
            is_active=True,
        )


class DirectoryEntry(models.Model):
    """Fields every directory list shares: a stable code, names, order, activity."""

    code = models.SlugField(_("code"), max_length=80, unique=True)
    name = models.CharField(_("name (Vietnamese)"), max_length=255)
    name_en = models.CharField(_("name (English)"), max_length=255, blank=True)
    sort_order = models.PositiveIntegerField(_("order"), default=0)
    is_active = models.BooleanField(
        _("active"),
        default=True,
        help_text=_("Inactive entries stay on old records but cannot be chosen."),
    )
    # Validity: an entry that ended in a reorganisation stays on old records (and
    # in "as recorded" reports) but forms and imports offer current entries only.
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(
        _("valid until"),
        null=True,
        blank=True,
        help_text=_("Last day the entry existed; empty while it exists."),
    )

    objects = DirectoryQuerySet.as_manager()

    panels = [
        FieldPanel("name"),
        FieldPanel("name_en"),
        FieldPanel("code"),
        FieldPanel("sort_order"),
        FieldPanel("is_active"),
        FieldRowPanel([FieldPanel("valid_from"), FieldPanel("valid_to")]),
    ]

    class Meta:
        abstract = True
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        language = get_language() or "vi"
        if language.startswith("en") and self.name_en:
            return self.name_en
        return self.name


class AudienceGroup(index.Indexed, DirectoryEntry):
    """A target group of the plan (officials, enforcement officers, OCOP producers…)."""

    description = models.TextField(_("description"), blank=True)

    panels = DirectoryEntry.panels + [FieldPanel("description")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta(DirectoryEntry.Meta):
        verbose_name = _("audience group")
        verbose_name_plural = _("audience groups")


class Unit(index.Indexed, DirectoryEntry):
    """An implementing unit or employer: a department, a district, an agency.

    ``parent`` allows hierarchies (a market-surveillance team under the provincial
    department) without fixing their depth.
    """

    short_name = models.CharField(_("short name"), max_length=80, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="children",
    )

    panels = DirectoryEntry.panels + [FieldPanel("short_name"), FieldPanel("parent")]
    search_fields = [
        index.SearchField("name"),
        index.SearchField("short_name"),
        index.AutocompleteField("name"),
    ]

    class Meta(DirectoryEntry.Meta):
        verbose_name = _("unit")
        verbose_name_plural = _("units")


class Commune(index.Indexed, DirectoryEntry):
    """A commune, ward or township, with the district it belonged to before 2025.

    ``kind`` is free text ("Xã", "Phường", "Thị trấn", "Đặc khu") because the set of
    kinds itself changes with reforms.
    """

    kind = models.CharField(_("kind"), max_length=40, blank=True)
    former_district = models.CharField(_("former district"), max_length=120, blank=True)
    province = models.CharField(_("province"), max_length=120, blank=True)

    panels = DirectoryEntry.panels + [
        FieldPanel("kind"),
        FieldPanel("former_district"),
        FieldPanel("province"),
    ]
    search_fields = [
        index.SearchField("name"),
        index.SearchField("former_district"),
        index.AutocompleteField("name"),
        index.FilterField("former_district"),
    ]

    class Meta(DirectoryEntry.Meta):
        verbose_name = _("commune")
        verbose_name_plural = _("communes")
        ordering = ["former_district", "sort_order", "name"]

    @property
    def display_name(self) -> str:
        label = f"{self.kind} {self.name}".strip()
        if self.former_district:
            return f"{label} ({self.former_district})"
        return label


# --- history: reorganisations and successor links ------------------------------


class Reorganisation(ClusterableModel):
    """A reorganisation (e.g. "Sắp xếp 2025") with its legal basis and the
    successor links it made, loaded from a file (``load_reorganisation``) or
    entered by an editor."""

    code = models.SlugField(_("code"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=255)
    effective_on = models.DateField(_("effective from"))
    legal_basis = models.TextField(
        _("legal basis"), blank=True, help_text=_("One document per line.")
    )
    notes = models.TextField(_("notes"), blank=True)

    panels = [
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("code"), FieldPanel("effective_on")]),
        FieldPanel("legal_basis"),
        FieldPanel("notes"),
        InlinePanel("unit_links", heading=_("units"), label=_("unit successor")),
        InlinePanel(
            "commune_links", heading=_("communes"), label=_("commune successor")
        ),
    ]

    class Meta:
        verbose_name = _("reorganisation")
        verbose_name_plural = _("reorganisations")
        ordering = ["-effective_on", "code"]

    def __str__(self) -> str:
        return self.name


class SuccessionKind(models.TextChoices):
    MERGE = "merge", _("merged into")
    SPLIT = "split", _("split into")
    RENAME = "rename", _("renamed")
    TRANSFER = "transfer", _("duties transferred to")


class Succession(Orderable):
    """One link "predecessor → successor". Merges are several links to one
    successor, splits several links from one predecessor; ``counts_here`` says
    which successor takes the predecessor's figures in "today's units"."""

    kind = models.CharField(_("kind"), max_length=20, choices=SuccessionKind.choices)
    effective_on = models.DateField(
        _("effective from"),
        null=True,
        blank=True,
        help_text=_("Empty: the reorganisation's date."),
    )
    counts_here = models.BooleanField(
        _("figures move here"),
        default=True,
        help_text=_(
            "In reports by today's units, the predecessor's figures are counted "
            "under this successor (one per predecessor)."
        ),
    )
    source = models.TextField(
        _("source"), help_text=_("The text (and its published copy) stating this.")
    )
    needs_confirmation = models.BooleanField(
        _("to be confirmed"),
        default=False,
        help_text=_("Not verified against the official text: the department checks."),
    )

    panels = [
        FieldRowPanel([FieldPanel("predecessor"), FieldPanel("successor")]),
        FieldRowPanel(
            [FieldPanel("kind"), FieldPanel("effective_on"), FieldPanel("counts_here")]
        ),
        FieldPanel("source"),
        FieldPanel("needs_confirmation"),
    ]

    class Meta(Orderable.Meta):
        abstract = True

    @property
    def date(self) -> datetime.date:
        return self.effective_on or self.reorganisation.effective_on

    def __str__(self) -> str:
        return f"{self.predecessor} → {self.successor}"


class UnitSuccession(Succession):
    reorganisation = ParentalKey(
        Reorganisation, on_delete=models.CASCADE, related_name="unit_links"
    )
    predecessor = models.ForeignKey(
        Unit,
        verbose_name=_("former unit"),
        on_delete=models.PROTECT,
        related_name="successor_links",
    )
    successor = models.ForeignKey(
        Unit,
        verbose_name=_("successor unit"),
        on_delete=models.PROTECT,
        related_name="predecessor_links",
    )

    class Meta(Succession.Meta):
        verbose_name = _("unit successor")
        verbose_name_plural = _("unit successors")
        unique_together = [("reorganisation", "predecessor", "successor")]


class CommuneSuccession(Succession):
    reorganisation = ParentalKey(
        Reorganisation, on_delete=models.CASCADE, related_name="commune_links"
    )
    predecessor = models.ForeignKey(
        Commune,
        verbose_name=_("former commune"),
        on_delete=models.PROTECT,
        related_name="successor_links",
    )
    successor = models.ForeignKey(
        Commune,
        verbose_name=_("successor commune"),
        on_delete=models.PROTECT,
        related_name="predecessor_links",
    )

    class Meta(Succession.Meta):
        verbose_name = _("commune successor")
        verbose_name_plural = _("commune successors")
        unique_together = [("reorganisation", "predecessor", "successor")]


# --- the issuer over time -----------------------------------------------------


class IssuerPeriod(models.Model):
    """Who issues documents during a period: the header lines, place and signer
    printed on certificates and reports dated within ``valid_from``–``valid_to``.

    Kept here because both certificates and the plan's reports read it. A
    certificate copies these values when it is issued, so editing a period never
    alters an issued document.
    """

    label = models.CharField(_("label"), max_length=120)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(
        _("valid until"), null=True, blank=True, help_text=_("Empty: still valid.")
    )
    issuer_name = models.CharField(
        _("issuing authority"),
        max_length=255,
        help_text=_("e.g. Sở Khoa học và Công nghệ thành phố Cần Thơ"),
    )
    issuer_lines = models.TextField(
        _("issuer lines (header)"),
        help_text=_("One line per row; the last row is printed in bold."),
    )
    governing_body = models.CharField(
        _("governing body"),
        max_length=200,
        blank=True,
        help_text=_("e.g. UBND thành phố Cần Thơ"),
    )
    place = models.CharField(
        _("place"), max_length=100, help_text=_("Printed before the date.")
    )
    signer_title = models.TextField(
        _("signer's title"), blank=True, help_text=_("One line per row.")
    )
    signer_name = models.CharField(_("signer's name"), max_length=150, blank=True)
    report_addressee = models.CharField(
        _("report addressee"), max_length=255, blank=True
    )
    source = models.TextField(_("source"), blank=True)

    panels = [
        FieldPanel("label"),
        FieldRowPanel([FieldPanel("valid_from"), FieldPanel("valid_to")]),
        MultiFieldPanel(
            [
                FieldPanel("issuer_name"),
                FieldPanel("issuer_lines"),
                FieldPanel("governing_body"),
                FieldPanel("place"),
            ],
            heading=_("Issuer"),
        ),
        MultiFieldPanel(
            [FieldPanel("signer_title"), FieldPanel("signer_name")],
            heading=_("Signer"),
        ),
        FieldPanel("report_addressee"),
        FieldPanel("source"),
    ]

    class Meta:
        verbose_name = _("issuer period")
        verbose_name_plural = _("issuer over time")
        ordering = ["-valid_from"]

    def __str__(self) -> str:
        end = self.valid_to.isoformat() if self.valid_to else "…"
        return f"{self.label} ({self.valid_from.isoformat()} – {end})"

    @property
    def issuer_line_list(self) -> list[str]:
        return [line.strip() for line in self.issuer_lines.splitlines() if line.strip()]

    @property
    def signer_title_list(self) -> list[str]:
        return [line.strip() for line in self.signer_title.splitlines() if line.strip()]
