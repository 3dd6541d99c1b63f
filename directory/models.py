from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.search import index


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

    panels = [
        FieldPanel("name"),
        FieldPanel("name_en"),
        FieldPanel("code"),
        FieldPanel("sort_order"),
        FieldPanel("is_active"),
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
