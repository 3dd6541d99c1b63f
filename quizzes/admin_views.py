"""Wagtail admin views: GIFT/Aiken import with preview, Moodle XML import as a
background job, GIFT and Moodle XML export, statistics."""

from __future__ import annotations

import uuid

from django import forms
from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.views.reports import ReportView

from core import outbox
from core.exports import SafeSpreadsheetExportMixin
from core.selectors import job_progress
from core.text import ascii_slug
from core.uploads import UploadValidator

from .aiken import parse_aiken
from .bank import category_gift, category_moodle_xml
from .gift import parse_gift
from .interchange import MAX_FILE_BYTES, ParseError, ParseResult
from .models import QuestionCategory, QuestionImportJob, Quiz
from .services import questions_import
from .services.imports import progress_key
from .statistics import question_stats, quiz_stats, quizzes_stats

SESSION_KEY = "quizzes-import"
PARSERS = {"gift": parse_gift, "aiken": parse_aiken}


class ImportForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("File"))
    format = forms.ChoiceField(
        label=gettext_lazy("Format"),
        choices=[
            ("gift", "GIFT (Moodle)"),
            ("aiken", "Aiken"),
            ("xml", gettext_lazy("Moodle XML (imported in the background)")),
        ],
        initial="gift",
    )
    category = forms.ModelChoiceField(
        label=gettext_lazy("Into category"), queryset=QuestionCategory.objects.all()
    )
    use_file_categories = forms.BooleanField(
        label=gettext_lazy("Use the categories named in the file ($CATEGORY)"),
        required=False,
        initial=False,
    )

    def clean(self):
        data = super().clean()
        upload = data.get("file")
        if upload is not None:
            kind = "moodle_xml" if data.get("format") == "xml" else "question_bank"
            try:
                UploadValidator(kind)(upload)
            except forms.ValidationError as error:
                self.add_error("file", error)
        return data


def _parse(text_or_bytes, fmt: str) -> ParseResult:
    try:
        return PARSERS[fmt](text_or_bytes)
    except ParseError as exc:
        return ParseResult(errors=exc.errors)


def import_view(request):
    if not request.user.has_perm("quizzes.add_question"):
        raise PermissionDenied
    context = {"categories": QuestionCategory.objects.all()}
    if request.method == "POST" and "confirm" in request.POST:
        stored = request.session.get(SESSION_KEY) or {}
        if not stored or stored.get("token") != request.POST.get("token"):
            messages.error(
                request, _("The preview has expired; upload the file again.")
            )
            return redirect("quizzes_admin:import")
        result = _parse(stored["text"], stored["format"])
        if result.errors or not result.questions:
            messages.error(request, _("The file has errors; nothing was imported."))
            return redirect("quizzes_admin:import")
        category = get_object_or_404(QuestionCategory, pk=stored["category"])
        saved = questions_import(
            questions=result.questions,
            category=category,
            use_file_categories=stored["use_file_categories"],
        )
        del request.session[SESSION_KEY]
        messages.success(
            request,
            _("%(n)s questions imported into %(category)s.")
            % {"n": len(saved), "category": category},
        )
        return redirect("quizzes_admin:import")
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["format"] == "xml":
            return xml_import_start(request, form)
        upload = form.cleaned_data["file"]
        data = upload.read(MAX_FILE_BYTES + 1)
        result = _parse(data, form.cleaned_data["format"])
        token = uuid.uuid4().hex
        if not result.errors and result.questions:
            request.session[SESSION_KEY] = {
                "token": token,
                "text": data.decode("utf-8-sig"),
                "format": form.cleaned_data["format"],
                "category": form.cleaned_data["category"].pk,
                "use_file_categories": form.cleaned_data["use_file_categories"],
            }
        context.update(
            {"result": result, "token": token, "target": form.cleaned_data["category"]}
        )
    context["form"] = form
    return TemplateResponse(request, "quizzes/admin/import.html", context)


def export_view(request, pk: int):
    if not request.user.has_perm("quizzes.view_question"):
        raise PermissionDenied
    category = get_object_or_404(QuestionCategory, pk=pk)
    name = ascii_slug(category.name) or f"category-{category.pk}"
    if request.GET.get("format") == "xml":
        response = HttpResponse(
            category_moodle_xml(category=category),
            content_type="application/xml; charset=utf-8",
        )
        response["Content-Disposition"] = f'attachment; filename="{name}.xml"'
        return response
    response = HttpResponse(
        category_gift(category=category), content_type="text/plain; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{name}.gift.txt"'
    return response


class QuizStatsReport(SafeSpreadsheetExportMixin, ReportView):
    """Every quiz: attempts, mean and median score, pass rate (CSV/XLSX export)."""

    page_title = gettext_lazy("Quiz statistics")
    header_icon = "form"
    index_url_name = "quizzes_admin:stats"
    index_results_url_name = "quizzes_admin:stats_results"
    results_template_name = "quizzes/admin/quiz_stats_results.html"
    list_export = ["title", "attempts", "mean", "median", "pass_rate"]
    export_headings = {
        "title": gettext_lazy("Quiz"),
        "attempts": gettext_lazy("Attempts"),
        "mean": gettext_lazy("Mean score (%)"),
        "median": gettext_lazy("Median score (%)"),
        "pass_rate": gettext_lazy("Pass rate (%)"),
    }
    export_filename = "quiz-statistics"
    export_total_fields = ["attempts"]

    def get_queryset(self):
        return quizzes_stats()

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm("quizzes.view_quiz"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class QuestionStatsReport(SafeSpreadsheetExportMixin, ReportView):
    """One quiz's questions: facility, discrimination, answer frequencies."""

    header_icon = "form"
    results_template_name = "quizzes/admin/question_stats_results.html"
    list_export = [
        "title",
        "qtype",
        "attempts",
        "facility",
        "discrimination",
        "frequencies_text",
    ]
    export_headings = {
        "title": gettext_lazy("Question"),
        "qtype": gettext_lazy("Type"),
        "attempts": gettext_lazy("Attempts"),
        "facility": gettext_lazy("Facility index (%)"),
        "discrimination": gettext_lazy("Discrimination index"),
        "frequencies_text": gettext_lazy("Answers chosen"),
    }

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.quiz = get_object_or_404(Quiz, pk=kwargs["pk"])
        self.export_filename = f"question-statistics-{self.quiz.slug}"

    @property
    def page_title(self):
        return _("Question statistics: %(quiz)s") % {"quiz": self.quiz.title}

    def get_index_url(self):
        return reverse("quizzes_admin:question_stats", args=[self.quiz.pk])

    def get_index_results_url(self):
        return reverse("quizzes_admin:question_stats_results", args=[self.quiz.pk])

    def get_queryset(self):
        return question_stats(quiz=self.quiz)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["summary"] = quiz_stats(quiz=self.quiz)
        return context

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm("quizzes.view_quiz"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


# --- Moodle XML: imported as a background job -----------------------------------


def xml_import_start(request, form) -> HttpResponse:
    """Store the upload and queue its import; the job page follows it."""
    from .tasks import import_questions_job

    upload = form.cleaned_data["file"]
    job = QuestionImportJob.objects.create(
        created_by=request.user,
        file=upload,
        filename=upload.name[:255],
        category=form.cleaned_data["category"],
        use_file_categories=form.cleaned_data["use_file_categories"],
    )
    transaction.on_commit(
        lambda: outbox.task_enqueue(import_questions_job, job.pk), robust=True
    )
    return redirect("quizzes_admin:import_job", pk=job.pk)


def _job_status(job) -> dict:
    done = max(job.done, cache.get(progress_key(job.pk), 0)) if job.total else None
    return {
        **job_progress(job=job, done=done),
        "imported": job.imported,
        "errors": job.errors,
    }


def import_job_view(request, pk: int):
    if not request.user.has_perm("quizzes.add_question"):
        raise PermissionDenied
    job = get_object_or_404(QuestionImportJob.objects.select_related("category"), pk=pk)
    return TemplateResponse(
        request,
        "quizzes/admin/import_job.html",
        {"job": job, "progress": _job_status(job)},
    )


def import_job_status(request, pk: int):
    if not request.user.has_perm("quizzes.add_question"):
        raise PermissionDenied
    return JsonResponse(_job_status(get_object_or_404(QuestionImportJob, pk=pk)))
