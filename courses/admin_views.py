"""Views in the Wagtail admin: progress report, enrolment requests, learner import."""

import datetime
import functools

import django_filters
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods
from django.views.defaults import permission_denied
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.reports import ReportView

from accounts.selectors import ALL_UNITS, learner_scope
from core.exports import BlankWhenMissingExportMixin, SafeSpreadsheetExportMixin

from . import services
from .forms import ImportUploadForm
from .importing import SYNC_LIMIT, learner_file_parse
from .imports import (
    learner_import_confirm,
    learner_import_create,
    learner_import_progress,
)
from .models import (
    CoursePage,
    Enrollment,
    EnrollmentStatus,
    LearnerImport,
    TrainingClass,
)
from .selectors import progress_queryset
from .views import progress_scope


def forbidden_when_denied(view):
    """A real 403 (Wagtail's admin would redirect to its dashboard instead)."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except PermissionDenied as exception:
            return permission_denied(request, exception)

    return wrapper


class ProgressFilterSet(WagtailFilterSet):
    course = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Course"),
        queryset=lambda request: CoursePage.objects.order_by("path"),
        empty_label=gettext_lazy("All courses"),
    )
    training_class = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Training class"),
        queryset=lambda request: TrainingClass.objects.order_by("-start_date"),
        empty_label=gettext_lazy("All classes"),
    )
    status = django_filters.ChoiceFilter(
        label=gettext_lazy("Status"), choices=EnrollmentStatus.choices
    )

    class Meta:
        model = Enrollment
        fields = ["course", "training_class", "status"]


class PercentColumn(Column):
    def get_value(self, instance):
        value = instance.progress_percent
        return "" if value is None else f"{value}%"


class ProgressReportView(
    SafeSpreadsheetExportMixin, BlankWhenMissingExportMixin, ReportView
):
    """Who is enrolled in which course or class and how far they are (CSV/XLSX export).

    Editors see everybody; unit focal points see the people of their own unit.
    """

    page_title = gettext_lazy("Learner progress")
    header_icon = "list-ul"
    filterset_class = ProgressFilterSet
    index_url_name = "courses_admin:progress"
    index_results_url_name = "courses_admin:progress_results"
    paginate_by = 50
    columns = [
        Column(
            "full_name",
            label=gettext_lazy("Full name"),
            accessor="user.profile.full_name",
        ),
        Column("email", label=gettext_lazy("E-mail"), accessor="user.email"),
        Column("unit", label=gettext_lazy("Unit"), accessor="user.profile.unit"),
        Column("course", label=gettext_lazy("Course"), accessor="course.title"),
        Column("training_class", label=gettext_lazy("Training class")),
        Column("status", label=gettext_lazy("Status"), accessor="get_status_display"),
        PercentColumn("progress", label=gettext_lazy("Progress")),
        DateColumn("enrolled_at", label=gettext_lazy("Enrolled on")),
        DateColumn("completed_at", label=gettext_lazy("Completed on")),
    ]
    list_export = [
        "user.profile.full_name",
        "user.email",
        "user.profile.unit.name",
        "audience_group.name",
        "unit.name",
        "commune.name",
        "course.title",
        "training_class.title",
        "get_status_display",
        "lessons_done",
        "lessons_total",
        "progress_percent",
        "enrolled_at",
        "completed_at",
    ]
    export_headings = {
        "user.profile.full_name": gettext_lazy("Full name"),
        "user.email": gettext_lazy("E-mail"),
        "user.profile.unit.name": gettext_lazy("Unit"),
        "audience_group.name": gettext_lazy("Audience group at enrolment"),
        "unit.name": gettext_lazy("Unit at enrolment"),
        "commune.name": gettext_lazy("Commune at enrolment"),
        "course.title": gettext_lazy("Course"),
        "training_class.title": gettext_lazy("Training class"),
        "get_status_display": gettext_lazy("Status"),
        "lessons_done": gettext_lazy("Lessons done"),
        "lessons_total": gettext_lazy("Lessons"),
        "progress_percent": gettext_lazy("Progress (%)"),
        "enrolled_at": gettext_lazy("Enrolled on"),
        "completed_at": gettext_lazy("Completed on"),
    }

    def dispatch(self, request, *args, **kwargs):
        try:
            self.scope = progress_scope(request.user)
        except PermissionDenied as exception:
            return permission_denied(request, exception)
        return super().dispatch(request, *args, **kwargs)

    def user_has_permission(self, permission):  # checked in dispatch instead
        return True

    def get_filename(self):
        return f"tien-do-hoc-vien-{datetime.date.today():%Y-%m-%d}"

    def get_base_queryset(self):
        return progress_queryset(scope=self.scope)


def _editor_required(request):
    if not (
        request.user.is_superuser or request.user.has_perm("courses.change_enrollment")
    ):
        raise PermissionDenied


@forbidden_when_denied
@require_http_methods(["GET", "POST"])
def enrollment_requests(request):
    """Pending requests and waiting lists, with approve and reject buttons."""
    _editor_required(request)
    if request.method == "POST":
        enrollment = get_object_or_404(Enrollment, pk=request.POST.get("enrollment"))
        action = request.POST.get("action")
        try:
            if action == "approve":
                services.enrollment_approve(enrollment=enrollment, by=request.user)
                messages.success(request, _("The enrolment has been approved."))
            elif action == "reject":
                services.enrollment_reject(
                    enrollment=enrollment,
                    by=request.user,
                    reason=request.POST.get("reason", ""),
                )
                messages.success(request, _("The request has been rejected."))
            else:
                messages.error(request, _("Unknown action."))
        except services.EnrollmentError as error:
            messages.error(request, str(error))
        return redirect("courses_admin:requests")
    rows = (
        Enrollment.objects.filter(
            status__in=[EnrollmentStatus.PENDING, EnrollmentStatus.WAITLISTED]
        )
        .select_related("user__profile__unit", "course", "training_class")
        .order_by("course__path", "enrolled_at")
    )
    return TemplateResponse(
        request,
        "courses/admin/requests.html",
        {"rows": rows, "page_title": _("Enrolment requests")},
    )


def _import_scope(request):
    return learner_scope(request.user)  # PermissionDenied for anybody else


@forbidden_when_denied
@require_http_methods(["GET", "POST"])
def import_upload(request):
    scope = _import_scope(request)
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload:  # size, type and content checked by core.uploads
            course = form.cleaned_data.get("course")
            result = learner_file_parse(
                upload.read(), filename=upload.name, scope=scope, course=course
            )
            learner_import = learner_import_create(
                result=result,
                filename=upload.name,
                created_by=request.user,
                course=course,
                training_class=form.cleaned_data.get("training_class"),
            )
            request.session[f"learner_import_{learner_import.pk}_encoding"] = (
                result.encoding
            )
            return redirect("courses_admin:import_preview", learner_import.pk)
    return TemplateResponse(
        request,
        "courses/admin/import_upload.html",
        {
            "form": form,
            "page_title": _("Import learners"),
            "scope": scope,
            "all_units": scope is ALL_UNITS,
            "recent": LearnerImport.objects.filter(created_by=request.user)[:10],
        },
    )


def _own_import(request, import_id: int) -> LearnerImport:
    _import_scope(request)
    learner_import = get_object_or_404(LearnerImport, pk=import_id)
    if (
        learner_import.created_by_id != request.user.pk
        and not request.user.is_superuser
    ):
        raise PermissionDenied
    return learner_import


@forbidden_when_denied
@require_http_methods(["GET", "POST"])
def import_preview(request, import_id: int):
    learner_import = _own_import(request, import_id)
    if request.method == "POST":
        if learner_import.status != LearnerImport.Status.PREVIEW:
            messages.warning(request, _("This import has already been confirmed."))
        elif not learner_import.total:
            messages.error(request, _("There is no valid row to import."))
        else:
            with transaction.atomic():
                learner_import = learner_import_confirm(learner_import=learner_import)
        return redirect("courses_admin:import_preview", learner_import.pk)
    rows = learner_import.rows
    counts = {"new": 0, "existing": 0, "error": 0}
    for row in rows:
        counts[row["status"]] += 1
    return TemplateResponse(
        request,
        "courses/admin/import_preview.html",
        {
            "learner_import": learner_import,
            "rows": rows,
            "counts": counts,
            "file_errors": learner_import.report
            if learner_import.status == LearnerImport.Status.PREVIEW
            else [],
            "encoding": request.session.get(
                f"learner_import_{learner_import.pk}_encoding"
            ),
            "progress": learner_import_progress(learner_import=learner_import),
            "sync_limit": SYNC_LIMIT,
            "page_title": _("Import preview"),
        },
    )


@forbidden_when_denied
@require_GET
def import_status(request, import_id: int):
    learner_import = _own_import(request, import_id)
    return JsonResponse(learner_import_progress(learner_import=learner_import))
