"""Certificates in the Wagtail admin: register, detail, issue, bulk, preview."""

import django_filters
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.reports import ReportView

from core.exports import BlankWhenMissingExportMixin, SafeSpreadsheetExportMixin
from core.selectors import job_progress
from courses.models import CoursePage, TrainingClass

from . import bulk, preview, services
from .forms import BulkIssueForm, IssueForm, PreviewForm, ReasonForm
from .models import BulkIssueJob, Certificate, CertificateStatus


def _require(request, permission: str) -> None:
    if not request.user.has_perm(permission):
        raise PermissionDenied


class CertificateFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(
        label=gettext_lazy("Status"), choices=CertificateStatus.choices
    )
    course = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Course"),
        queryset=lambda request: CoursePage.objects.order_by("path"),
    )
    training_class = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Training class"),
        queryset=lambda request: TrainingClass.objects.order_by("-start_date"),
    )
    serial = django_filters.CharFilter(
        label=gettext_lazy("Serial"), lookup_expr="icontains"
    )

    class Meta:
        model = Certificate
        fields = ["status", "course", "training_class", "serial"]


class CertificateRegisterView(
    SafeSpreadsheetExportMixin, BlankWhenMissingExportMixin, ReportView
):
    """The register of certificates (sổ cấp giấy chứng nhận), with export."""

    page_title = gettext_lazy("Certificate register")
    header_icon = "doc-full"
    filterset_class = CertificateFilterSet
    index_url_name = "certificates_admin:register"
    index_results_url_name = "certificates_admin:register_results"
    paginate_by = 50
    columns = [
        TitleColumn(
            "serial",
            label=gettext_lazy("Serial"),
            get_url=lambda c: reverse("certificates_admin:detail", args=[c.pk]),
        ),
        Column("holder_name", label=gettext_lazy("Holder")),
        Column("course_title", label=gettext_lazy("Course")),
        Column("training_class", label=gettext_lazy("Training class")),
        Column("status", label=gettext_lazy("Status"), accessor="get_status_display"),
        DateColumn("created_at", label=gettext_lazy("Issue date")),
        Column("version", label=gettext_lazy("Version")),
    ]
    list_export = [
        "serial",
        "holder_name",
        "user.email",
        "course_title",
        "training_class.title",
        "get_status_display",
        "created_at",
        "issued_at",
        "revoked_at",
        "revocation_reason",
        "version",
        "verification_code",
    ]
    export_headings = {
        "serial": gettext_lazy("Serial"),
        "holder_name": gettext_lazy("Holder"),
        "user.email": gettext_lazy("E-mail"),
        "course_title": gettext_lazy("Course"),
        "training_class.title": gettext_lazy("Training class"),
        "get_status_display": gettext_lazy("Status"),
        "created_at": gettext_lazy("Issue date"),
        "issued_at": gettext_lazy("PDF rendered"),
        "revoked_at": gettext_lazy("Revoked on"),
        "revocation_reason": gettext_lazy("Reason for revocation"),
        "version": gettext_lazy("Version"),
        "verification_code": gettext_lazy("Verification code"),
    }

    def dispatch(self, request, *args, **kwargs):
        _require(request, "certificates.view_certificate")
        return super().dispatch(request, *args, **kwargs)

    def user_has_permission(self, permission):  # checked in dispatch
        return True

    def get_filename(self):
        return "so-cap-giay-chung-nhan"

    def get_base_queryset(self):
        return Certificate.objects.select_related("user", "training_class").order_by(
            "-serial_year", "-serial_number"
        )


@require_http_methods(["GET", "POST"])
def certificate_detail(request, pk: int):
    _require(request, "certificates.view_certificate")
    certificate = get_object_or_404(
        Certificate.objects.select_related(
            "user", "course", "training_class", "replaces"
        ),
        pk=pk,
    )
    form = ReasonForm(request.POST or None)
    if request.method == "POST":
        _require(request, "certificates.revoke_certificate")
        action = request.POST.get("action")
        if action not in ("revoke", "reissue"):
            return HttpResponse(_("Unknown action."), status=400)
        if form.is_valid():
            try:
                if action == "revoke":
                    services.certificate_revoke(
                        certificate=certificate,
                        actor=request.user,
                        reason=form.cleaned_data["reason"],
                    )
                    messages.success(request, _("The certificate has been revoked."))
                    return redirect("certificates_admin:detail", pk=certificate.pk)
                new = services.certificate_reissue(
                    certificate=certificate,
                    actor=request.user,
                    reason=form.cleaned_data["reason"],
                )
                messages.success(
                    request,
                    _("Certificate re-issued as %(serial)s.") % {"serial": new.serial},
                )
                return redirect("certificates_admin:detail", pk=new.pk)
            except services.CertificateError as exc:
                messages.error(request, str(exc))
    return TemplateResponse(
        request,
        "certificates/admin/detail.html",
        {
            "page_title": certificate.serial,
            "certificate": certificate,
            # The actor is shown by name, which is on the profile.
            "events": certificate.events.select_related("actor__profile"),
            "form": form,
            "can_revoke": request.user.has_perm("certificates.revoke_certificate"),
            "replaced_by": Certificate.objects.filter(replaces=certificate).first(),
        },
    )


@require_GET
def certificate_pdf(request, pk: int):
    _require(request, "certificates.view_certificate")
    certificate = get_object_or_404(Certificate, pk=pk)
    if not certificate.pdf:
        raise Http404(_("The PDF of this certificate is not ready yet."))
    return FileResponse(
        certificate.pdf.open("rb"),
        as_attachment=True,
        filename=f"{certificate.serial}.pdf",
        content_type="application/pdf",
    )


@require_http_methods(["GET", "POST"])
def certificate_issue(request):
    _require(request, "certificates.add_certificate")
    form = IssueForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            certificate = services.certificate_issue(
                enrollment=form.cleaned_data["enrollment"], actor=request.user
            )
        except services.CertificateError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request,
                _("Certificate %(serial)s recorded.") % {"serial": certificate.serial},
            )
            return redirect("certificates_admin:detail", pk=certificate.pk)
    return TemplateResponse(
        request,
        "certificates/admin/form.html",
        {
            "page_title": _("Issue a certificate"),
            "form": form,
            "submit_label": _("Issue"),
            "icon": "doc-full",
        },
    )


@require_http_methods(["GET", "POST"])
def bulk_issue(request):
    _require(request, "certificates.add_certificate")
    form = BulkIssueForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            job = bulk.bulk_issue_start(
                training_class=form.cleaned_data["training_class"], actor=request.user
            )
        except services.CertificateError as exc:
            messages.error(request, str(exc))
        else:
            return redirect("certificates_admin:job", pk=job.pk)
    jobs = BulkIssueJob.objects.select_related("training_class")[:10]
    return TemplateResponse(
        request,
        "certificates/admin/form.html",
        {
            "page_title": _("Bulk issue for a training class"),
            "form": form,
            "submit_label": _("Issue certificates"),
            "icon": "doc-full",
            "jobs": jobs,
        },
    )


def _job_status(job: BulkIssueJob) -> dict:
    progress = job_progress(
        job=job,
        download_url=(
            reverse("certificates_admin:job_download", args=[job.pk])
            if job.archive
            else None
        ),
    )
    return {**progress, "issued": job.issued}


@require_GET
def bulk_job(request, pk: int):
    _require(request, "certificates.add_certificate")
    job = get_object_or_404(
        BulkIssueJob.objects.select_related("training_class"), pk=pk
    )
    return TemplateResponse(
        request,
        "certificates/admin/job.html",
        {"page_title": _("Bulk issue"), "job": job, "progress": _job_status(job)},
    )


@require_GET
def bulk_job_status(request, pk: int):
    _require(request, "certificates.add_certificate")
    job = get_object_or_404(BulkIssueJob, pk=pk)
    return JsonResponse(_job_status(job))


@require_GET
def bulk_job_download(request, pk: int):
    _require(request, "certificates.add_certificate")
    job = get_object_or_404(BulkIssueJob, pk=pk)
    if not job.archive:
        raise Http404(_("The ZIP file is not ready yet."))
    return FileResponse(
        job.archive.open("rb"),
        as_attachment=True,
        filename=f"giay-chung-nhan-{job.training_class.code}.zip",
        content_type="application/zip",
    )


@require_GET
def preview_view(request):
    _require(request, "certificates.view_certificate")
    form = PreviewForm(request.GET or None)
    if request.GET and form.is_valid():
        content = preview.preview_pdf(
            name=form.cleaned_data["name"],
            course=form.cleaned_data["course"],
            hours=form.cleaned_data["hours"],
        )
        response = HttpResponse(content, content_type="application/pdf")
        response["Content-Disposition"] = 'inline; filename="xem-truoc.pdf"'
        return response
    return TemplateResponse(
        request,
        "certificates/admin/form.html",
        {
            "page_title": _("Preview the certificate template"),
            "form": form,
            "method": "get",
            "submit_label": _("Show the preview (PDF)"),
            "icon": "view",
        },
    )
