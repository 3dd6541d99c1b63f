"""The plan in the Wagtail admin: snippets, reports, dashboard and home panel."""

from django.urls import include, path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.widgets import ListingButton
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from accounts.selectors import report_scope

from . import admin_urls
from .dashboard import current_plan, dashboard_data_cached
from .models import (
    AnnualReport,
    ImplementingUnitGroup,
    IndicatorValue,
    Objective,
    Plan,
    TaskGroup,
    YearlyTarget,
)


def _has_scope(request) -> bool:
    try:
        report_scope(request.user)
    except Exception:  # noqa: BLE001 - PermissionDenied or no profile
        return False
    return True


class ScopedMenuItem(MenuItem):
    """Shown only to people who may see plan figures."""

    def is_shown(self, request):
        return _has_scope(request)


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("plan/", include(admin_urls, namespace="plan_admin"))]


@hooks.register("register_admin_menu_item")
def register_dashboard_menu_item():
    return ScopedMenuItem(
        _("Plan dashboard"),
        reverse("plan_admin:dashboard"),
        icon_name="table",
        order=250,
        name="plan-dashboard",
    )


@hooks.register("register_reports_menu_item")
def register_headcount_report_menu_item():
    return ScopedMenuItem(
        _("Headcount"), reverse("plan_admin:headcount"), icon_name="table", order=700
    )


@hooks.register("register_reports_menu_item")
def register_people_report_menu_item():
    return ScopedMenuItem(
        _("Trained people"), reverse("plan_admin:people"), icon_name="user", order=701
    )


class DashboardPanel(Component):
    """The admin home panel: people trained per year against the target."""

    name = "plan_dashboard"
    order = 50
    template_name = "plan/admin/home_panel.html"

    def __init__(self, scope, plan, year):
        self.scope, self.plan, self.year = scope, plan, year

    def get_context_data(self, parent_context):
        return {
            "plan": self.plan,
            "data": dashboard_data_cached(
                scope=self.scope, plan=self.plan, year=self.year, compact=True
            ),
        }


@hooks.register("construct_homepage_panels")
def add_dashboard_panel(request, panels):
    try:
        scope = report_scope(request.user)
    except Exception:  # noqa: BLE001
        return
    plan = current_plan()
    if plan is None:
        return
    year = min(max(timezone.localdate().year, plan.period_start), plan.period_end)
    panels.append(DashboardPanel(scope, plan, year))


class PlanViewSet(SnippetViewSet):
    model = Plan
    icon = "doc-full"
    list_display = ["number", "title", "issued_on", "is_current"]
    search_fields = ["number", "title"]


class ObjectiveViewSet(SnippetViewSet):
    model = Objective
    icon = "success"
    list_display = ["code", "text", "growth_min_percent", "growth_max_percent"]
    list_filter = ["plan"]


class TaskGroupViewSet(SnippetViewSet):
    model = TaskGroup
    icon = "list-ul"
    list_display = ["code", "title"]
    list_filter = ["plan"]


class UnitGroupViewSet(SnippetViewSet):
    model = ImplementingUnitGroup
    icon = "site"
    list_display = ["code", "name"]
    list_filter = ["plan"]


class YearlyTargetViewSet(SnippetViewSet):
    model = YearlyTarget
    icon = "date"
    list_display = [
        "year",
        "audience_group",
        "unit",
        "target",
        "decision_number",
        "is_demo",
    ]
    list_filter = ["plan", "year", "audience_group", "is_demo"]
    list_per_page = 100

    def get_queryset(self, request):
        # Group and unit are columns: one join instead of two queries per row.
        return YearlyTarget.objects.select_related("audience_group", "unit")


class IndicatorValueViewSet(SnippetViewSet):
    model = IndicatorValue
    icon = "order"
    list_display = ["kind", "year", "count", "is_demo"]
    list_filter = ["year", "kind__objective"]

    def get_queryset(self, request):
        # The kind column and the row's title (its __str__) both read the kind.
        return IndicatorValue.objects.select_related("kind")


class AnnualReportViewSet(SnippetViewSet):
    model = AnnualReport
    icon = "doc-full-inverse"
    list_display = ["__str__", "number", "document_date", "updated_at"]
    list_filter = ["kind", "year"]


class PlanViewSetGroup(SnippetViewSetGroup):
    items = (
        PlanViewSet,
        ObjectiveViewSet,
        TaskGroupViewSet,
        UnitGroupViewSet,
        YearlyTargetViewSet,
        IndicatorValueViewSet,
        AnnualReportViewSet,
    )
    menu_icon = "doc-full"
    menu_label = _("Plan")
    menu_name = "plan"
    menu_order = 260


register_snippet(PlanViewSetGroup)


@hooks.register("register_snippet_listing_buttons")
def annual_report_generate_button(snippet, user, next_url=None):
    if isinstance(snippet, AnnualReport) and user.has_perm("plan.change_annualreport"):
        yield ListingButton(
            _("Generate / download"),
            reverse("plan_admin:report_generate", args=[snippet.pk]),
            icon_name="download",
            priority=5,
        )
