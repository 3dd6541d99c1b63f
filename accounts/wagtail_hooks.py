"""Admin screens of accounts: which units each focal point answers for."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import UnitAssignment


class UnitAssignmentViewSet(SnippetViewSet):
    """Administrators (superusers, or whoever is given the model permissions)
    decide each focal point's units; the focal point cannot change them."""

    model = UnitAssignment
    icon = "site"
    menu_label = _("Focal point units")
    add_to_admin_menu = False
    add_to_settings_menu = True
    list_display = ["user", "unit", "assigned_by", "created_at"]
    list_filter = ["unit"]
    search_fields = ["user__email", "user__profile__full_name", "unit__name"]
    search_backend_name = None  # plain ORM lookups on search_fields
    panels = [FieldPanel("user"), FieldPanel("unit")]

    def get_queryset(self, request):
        return UnitAssignment.objects.select_related(
            "user__profile", "unit", "assigned_by__profile"
        )


register_snippet(UnitAssignmentViewSet)


@hooks.register("after_create_snippet")
def record_who_assigned(request, instance):
    # Kept for the audit trail: who gave a focal point a unit.
    if isinstance(instance, UnitAssignment) and instance.assigned_by_id is None:
        instance.assigned_by = request.user
        instance.save(update_fields=["assigned_by"])
