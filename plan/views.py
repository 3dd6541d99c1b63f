"""Admin views of the plan: dashboard, headcount and people reports, jobs.

Every view asks ``accounts.selectors.report_scope`` first: plan managers see
everything, focal points their unit, anybody else gets 403 (anonymous users and
users without admin access are sent to the login page by Wagtail).
"""

from __future__ import annotations

import functools

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.reports import ReportView

from accounts.selectors import ALL_UNITS, report_scope, scope_ids
from core.errors import permission_denied
from core.exports import SafeSpreadsheetExportMixin, filters_applied
from core.selectors import job_progress
from directory.models import Unit

from .dashboard import dashboard_data_cached, plan_chosen
from .exports import PEOPLE_COLUMNS, people_rows
from .filters import BreakdownFilterSet, HeadcountFilterSet, check_unit_filter
from .headcount_cache import headcount_labelled_cached
from .models import Plan, ReportJob
from .selectors import (
    COUNTING_RULE,
    DIMENSION_LABELS,
    METRIC_DEFINITIONS,
    HeadcountFilter,
    Metric,
)
from .services import export_job_create


def forbidden(request, exception: PermissionDenied | None = None):
    """The site's 403 page, with the reason the refusal gave (a focal point's
    scope), rather than Django's bare English one."""
    return permission_denied(request, exception or PermissionDenied())


def with_scope(view):
    """Pass the user's report scope to the view; 403 when they have none."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            scope = report_scope(request.user)
            return view(request, *args, scope=scope, **kwargs)
        except PermissionDenied as exc:
            return forbidden(request, exc)

    return wrapper


class ScopedReportMixin:
    """Report views that count within the user's scope."""

    filterset_class = HeadcountFilterSet
    header_icon = "table"

    def dispatch(self, request, *args, **kwargs):
        try:
            self.scope = report_scope(request.user)
            self.plan = plan_chosen(request.GET.get("plan"))
            check_unit_filter(self.scope, self.headcount_filter)
            return super().dispatch(request, *args, **kwargs)
        except PermissionDenied as exc:
            return forbidden(request, exc)

    @cached_property
    def headcount_filter(self):
        return self.filters.headcount_filter(plan=self.plan)

    @cached_property
    def metric(self):
        return self.filters.selected_metric

    def filter_queryset(self, queryset):
        return queryset  # the selectors apply the filters

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        context["definitions"] = [
            (label, METRIC_DEFINITIONS[key]) for key, label in Metric.choices
        ]
        context["counting_rule"] = COUNTING_RULE
        context["scope_unit"] = None if self.scope is ALL_UNITS else self.scope
        return context


class HeadcountReportView(SafeSpreadsheetExportMixin, ScopedReportMixin, ReportView):
    """Counts broken down by any combination of dimensions, with XLSX/CSV export."""

    page_title = gettext_lazy("Headcount")
    index_url_name = "plan_admin:headcount"
    index_results_url_name = "plan_admin:headcount_results"
    filterset_class = BreakdownFilterSet
    template_name = "plan/admin/report.html"
    export_filename = "so-nguoi-dao-tao"
    # Person-courses add up across the rows; distinct people do not (one
    # person can sit in several rows), so only the former gets a total.
    export_total_fields = ["person_courses"]
    paginate_by = 100

    @cached_property
    def breakdown(self):
        by = self.filters.breakdown
        if "plan_task" in by and "task_group" in by:
            by.remove("plan_task")
        return by

    def get_queryset(self):
        return headcount_labelled_cached(
            scope=self.scope,
            by=self.breakdown,
            metric=self.metric,
            flt=self.headcount_filter,
            exact=self.is_export,  # a file says the figures as of its download
        )

    def _label_key(self, dimension):
        return dimension if dimension in ("year", "district") else f"{dimension}_label"

    @cached_property
    def columns(self):
        cols = [
            Column(self._label_key(d), label=DIMENSION_LABELS[d])
            for d in self.breakdown
        ]
        return cols + [
            Column("persons", label=_("People")),
            Column("person_courses", label=_("Person-courses")),
        ]

    @property
    def list_export(self):
        return [self._label_key(d) for d in self.breakdown] + [
            "persons",
            "person_courses",
        ]

    @property
    def export_headings(self):
        headings = {self._label_key(d): DIMENSION_LABELS[d] for d in self.breakdown}
        headings.update({"persons": _("People"), "person_courses": _("Person-courses")})
        return headings

    def get_heading(self, queryset, field):
        return str(self.export_headings.get(field, field))


class PeopleReportView(SafeSpreadsheetExportMixin, ScopedReportMixin, ReportView):
    """Who counts, one row per person and course; big exports run as a job."""

    page_title = gettext_lazy("Trained people")
    index_url_name = "plan_admin:people"
    index_results_url_name = "plan_admin:people_results"
    template_name = "plan/admin/report.html"
    export_filename = "hoc-vien"
    list_export = [key for key, _label in PEOPLE_COLUMNS]
    columns = [Column(key, label=label) for key, label in PEOPLE_COLUMNS]

    def get_queryset(self):
        return people_rows(
            scope=self.scope, metric=self.metric, flt=self.headcount_filter
        )

    def get_heading(self, queryset, field):
        return str(dict(PEOPLE_COLUMNS)[field])

    def stream_csv(self, queryset):
        # iterator(): rows are not cached, so memory stays flat.
        return super().stream_csv(queryset.iterator(chunk_size=2000))

    def write_xlsx_response(self, queryset):
        total = queryset.count()
        if total <= settings.PLAN_EXPORT_SYNC_LIMIT:
            return super().write_xlsx_response(queryset.iterator(chunk_size=2000))
        flt = self.headcount_filter
        job = export_job_create(
            user=self.request.user,
            total=total,
            params={
                "metric": self.metric,
                "scope_unit": scope_ids(self.scope),
                "filter": {
                    k: v
                    for k, v in vars(flt).items()
                    if k != "extra" and v not in (None, "", False)
                },
                # What the person chose, as their form showed it: the file
                # records the filters it was made with.
                "filters_shown": filters_applied(self.filters),
            },
        )
        return redirect("plan_admin:job", job.pk)


@with_scope
def dashboard(request, *, scope):
    plan = plan_chosen(request.GET.get("plan"))
    if plan is None:
        return TemplateResponse(request, "plan/admin/no_plan.html", {})
    year = _int(request.GET.get("year")) or min(
        max(timezone.localdate().year, plan.period_start), plan.period_end
    )
    if year not in plan.years:
        year = plan.period_start
    unit = _int(request.GET.get("unit"))
    try:
        check_unit_filter(scope, HeadcountFilter(unit=unit))
    except PermissionDenied as exc:
        return forbidden(request, exc)
    if scope is not ALL_UNITS:
        unit = None  # the scope already limits the figures to their unit
    data = dashboard_data_cached(scope=scope, plan=plan, year=year, unit=unit)
    units = Unit.objects.filter(is_active=True) if scope is ALL_UNITS else []
    return TemplateResponse(
        request,
        "plan/admin/dashboard.html",
        {
            "plan": plan,
            "plans": Plan.objects.order_by("period_start", "number"),
            "data": data,
            "years": plan.years,
            "units": units,
            "selected_unit": unit,
            "scope_unit": None if scope is ALL_UNITS else scope,
            "definitions": [
                (label, METRIC_DEFINITIONS[key]) for key, label in Metric.choices
            ],
            "counting_rule": COUNTING_RULE,
        },
    )


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _own_job(request, pk) -> ReportJob:
    job = get_object_or_404(ReportJob, pk=pk)
    if job.requested_by_id != request.user.pk and not request.user.is_superuser:
        raise PermissionDenied
    return job


def _job_progress(job: ReportJob) -> dict:
    download = job.status == ReportJob.Status.DONE
    return job_progress(
        job=job,
        download_url=reverse("plan_admin:job_download", args=[job.pk])
        if download
        else None,
    )


@with_scope
def job_detail(request, pk, *, scope):
    job = _own_job(request, pk)
    return TemplateResponse(
        request, "plan/admin/job.html", {"job": job, "progress": _job_progress(job)}
    )


@with_scope
def job_status(request, pk, *, scope):
    return JsonResponse(_job_progress(_own_job(request, pk)))


@with_scope
def job_download(request, pk, *, scope):
    job = _own_job(request, pk)
    if job.status != ReportJob.Status.DONE:
        raise Http404
    if job.version_id:
        return redirect("plan_admin:report_file", job.version_id, "pdf")
    if not job.file:
        raise Http404
    return FileResponse(
        job.file.open("rb"), as_attachment=True, filename=job.file.name.split("/")[-1]
    )
