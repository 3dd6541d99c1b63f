from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import AudienceGroup, Commune, IssuerPeriod, Reorganisation, Unit


class AudienceGroupViewSet(SnippetViewSet):
    model = AudienceGroup
    icon = "group"
    list_display = ["name", "name_en", "code", "is_active"]
    list_filter = ["is_active"]
    # No field list: on an indexed model Wagtail passes it to the search backend,
    # whose SQLite form cannot restrict to fields (500 "no such column"); the
    # model's own search_fields cover the same fields on SQLite and PostgreSQL.


class UnitViewSet(SnippetViewSet):
    model = Unit
    icon = "site"
    list_display = ["name", "short_name", "parent", "valid_to", "is_active"]
    list_filter = ["is_active", "valid_to"]
    # No field list: on an indexed model Wagtail passes it to the search backend,
    # whose SQLite form cannot restrict to fields (500 "no such column"); the
    # model's own search_fields cover the same fields on SQLite and PostgreSQL.

    def get_queryset(self, request):
        # The parent column would otherwise cost a query per listed unit.
        return Unit.objects.select_related("parent")


class CommuneViewSet(SnippetViewSet):
    model = Commune
    icon = "globe"
    list_display = [
        "name",
        "kind",
        "former_district",
        "province",
        "valid_to",
        "is_active",
    ]
    list_filter = ["is_active", "kind", "valid_to"]
    # No field list: on an indexed model Wagtail passes it to the search backend,
    # whose SQLite form cannot restrict to fields (500 "no such column"); the
    # model's own search_fields cover the same fields on SQLite and PostgreSQL.


class ReorganisationViewSet(SnippetViewSet):
    """Reorganisations and their successor links, entered by an editor or
    loaded with ``manage.py load_reorganisation``."""

    model = Reorganisation
    icon = "history"
    list_display = ["name", "code", "effective_on"]
    search_fields = ["name", "legal_basis"]


class IssuerPeriodViewSet(SnippetViewSet):
    """Who issues certificates and reports, period by period."""

    model = IssuerPeriod
    icon = "doc-full"
    list_display = ["label", "valid_from", "valid_to", "place"]


class DirectoryViewSetGroup(SnippetViewSetGroup):
    items = (
        AudienceGroupViewSet,
        UnitViewSet,
        CommuneViewSet,
        ReorganisationViewSet,
        IssuerPeriodViewSet,
    )
    menu_icon = "folder-open-inverse"
    menu_label = _("Directory")
    menu_name = "directory"


register_snippet(DirectoryViewSetGroup)
