"""The courses app in the Wagtail admin: snippets, reports, requests and imports."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.tables import Column
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from core.admin_menu import PermissionMenuItem

from . import admin_views
from .models import IPArea, TrainingClass


class IPAreaViewSet(SnippetViewSet):
    model = IPArea
    icon = "tag"
    menu_label = _("IP areas")
    list_display = ["name", "name_en", "code", "sort_order"]
    search_fields = ["name", "name_en", "code"]
    ordering = ["sort_order", "name"]


class RosterColumn(Column):
    """Links each class to its attendance roster."""

    cell_template_name = "courses/admin/roster_cell.html"


class TrainingClassViewSet(SnippetViewSet):
    model = TrainingClass
    icon = "group"
    menu_label = _("Training classes")
    list_display = [
        "title",
        "course",
        "start_date",
        "end_date",
        "place",
        "capacity",
        RosterColumn("roster", label=_("Attendance"), accessor="pk"),
    ]
    list_filter = ["course"]
    # No field list: on an indexed model Wagtail passes it to the search backend,
    # whose SQLite form cannot restrict to fields (500 "no such column"); the
    # model's own search_fields cover the same fields on SQLite and PostgreSQL.
    ordering = ["-start_date"]

    def get_queryset(self, request):
        return TrainingClass.objects.select_related("course")


class CoursesGroup(SnippetViewSetGroup):
    items = (TrainingClassViewSet, IPAreaViewSet)
    menu_icon = "folder-open-inverse"
    menu_label = _("Courses")
    menu_name = "courses"
    menu_order = 250


register_snippet(CoursesGroup)


admin_urls = (
    [
        path("progress/", admin_views.ProgressReportView.as_view(), name="progress"),
        path(
            "progress/results/",
            admin_views.ProgressReportView.as_view(results_only=True),
            name="progress_results",
        ),
        path("requests/", admin_views.enrollment_requests, name="requests"),
        path("import/", admin_views.import_upload, name="import"),
        path(
            "import/<int:import_id>/", admin_views.import_preview, name="import_preview"
        ),
        path(
            "import/<int:import_id>/status/",
            admin_views.import_status,
            name="import_status",
        ),
    ],
    "courses_admin",
)


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("courses/", include(admin_urls))]


def _can_see_progress(user):
    return (
        user.is_superuser
        or user.has_perm("courses.view_progress")
        or user.has_perm("accounts.view_unit_reports")
    )


def _can_decide(user):
    return user.is_superuser or user.has_perm("courses.change_enrollment")


def _can_import(user):
    return user.is_superuser or user.has_perm("accounts.manage_learners")


@hooks.register("register_reports_menu_item")
def register_progress_report():
    return PermissionMenuItem(
        _("Learner progress"),
        reverse("courses_admin:progress"),
        icon_name="list-ul",
        order=700,
        check=_can_see_progress,
    )


@hooks.register("register_admin_menu_item")
def register_requests_menu_item():
    return PermissionMenuItem(
        _("Enrolment requests"),
        reverse("courses_admin:requests"),
        icon_name="tasks",
        order=260,
        check=_can_decide,
    )


@hooks.register("register_admin_menu_item")
def register_import_menu_item():
    return PermissionMenuItem(
        _("Import learners"),
        reverse("courses_admin:import"),
        icon_name="upload",
        order=270,
        check=_can_import,
    )
