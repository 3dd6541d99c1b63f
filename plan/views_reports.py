"""Admin views for the annual report: generate (Celery job) and download."""

from __future__ import annotations

import functools

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.selectors import ALL_UNITS, report_scope

from .models import AnnualReport, AnnualReportVersion
from .services import annual_report_generate
from .views import forbidden


def plan_manager_only(view):
    """Annual reports are the Department's: plan managers only (403 otherwise)."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            if report_scope(request.user) is not ALL_UNITS or not request.user.has_perm(
                "plan.change_annualreport"
            ):
                raise PermissionDenied
            return view(request, *args, **kwargs)
        except PermissionDenied:
            return forbidden(request)

    return wrapper


@plan_manager_only
@require_http_methods(["GET", "POST"])
def report_generate(request, pk):
    report = get_object_or_404(AnnualReport.objects.select_related("plan"), pk=pk)
    if request.method == "POST":
        job = annual_report_generate(report=report, user=request.user)
        messages.success(request, _("The report is being generated."))
        return redirect("plan_admin:job", job.pk)
    # Who generated each version is shown by name, which is on the profile.
    versions = report.versions.select_related("generated_by__profile")
    return TemplateResponse(
        request,
        "plan/admin/report_generate.html",
        {"report": report, "versions": versions},
    )


@plan_manager_only
def report_file(request, pk, fmt):
    version = get_object_or_404(AnnualReportVersion, pk=pk)
    field = {"pdf": version.pdf, "xlsx": version.xlsx, "docx": version.docx}.get(fmt)
    if not field:
        raise Http404
    return FileResponse(
        field.open("rb"), as_attachment=True, filename=field.name.split("/")[-1]
    )
