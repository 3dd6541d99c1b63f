"""The question bank and quizzes in the Wagtail admin: snippets, import/export,
statistics reports."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.widgets import ListingButton
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from core.admin_menu import PermissionMenuItem

from . import admin_grading, admin_views
from .models import Question, QuestionCategory, Quiz


class QuestionCategoryViewSet(SnippetViewSet):
    model = QuestionCategory
    icon = "folder-open-inverse"
    menu_label = _("Question categories")
    list_display = ["name", "parent", "course", "ip_area"]
    search_fields = ["name"]


class QuestionViewSet(SnippetViewSet):
    model = Question
    icon = "help"
    menu_label = _("Questions")
    list_display = ["title", "qtype", "category", "points"]
    list_filter = ["qtype", "category"]
    # No field list: on an indexed model Wagtail passes it to the search backend,
    # whose SQLite form cannot restrict to fields (500 "no such column"); the
    # model's own search_fields cover the same fields on SQLite and PostgreSQL.

    def get_queryset(self, request):
        return Question.objects.select_related("category")


class QuizViewSet(SnippetViewSet):
    model = Quiz
    icon = "form"
    menu_label = _("Quizzes")
    list_display = ["title", "slug", "final_exam_page", "pass_mark", "max_attempts"]
    search_fields = ["title", "slug"]


class QuizzesGroup(SnippetViewSetGroup):
    menu_label = _("Quizzes")
    menu_icon = "form"
    menu_order = 250
    items = (QuizViewSet, QuestionViewSet, QuestionCategoryViewSet)


register_snippet(QuizzesGroup)

admin_urls = [
    path("grading/", admin_grading.grading_index, name="grading"),
    path("grading/<int:pk>/", admin_grading.grading_quiz, name="grading_quiz"),
    path(
        "grading/answer/<int:pk>/",
        admin_grading.grading_answer,
        name="grading_answer",
    ),
    path("import/", admin_views.import_view, name="import"),
    path("export/<int:pk>/", admin_views.export_view, name="export"),
    path("import/jobs/<int:pk>/", admin_views.import_job_view, name="import_job"),
    path(
        "import/jobs/<int:pk>/status/",
        admin_views.import_job_status,
        name="import_job_status",
    ),
    path("stats/", admin_views.QuizStatsReport.as_view(), name="stats"),
    path(
        "stats/results/",
        admin_views.QuizStatsReport.as_view(results_only=True),
        name="stats_results",
    ),
    path(
        "stats/<int:pk>/",
        admin_views.QuestionStatsReport.as_view(),
        name="question_stats",
    ),
    path(
        "stats/<int:pk>/results/",
        admin_views.QuestionStatsReport.as_view(results_only=True),
        name="question_stats_results",
    ),
]


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path(
            "quizzes/",
            include((admin_urls, "quizzes_admin"), namespace="quizzes_admin"),
        )
    ]


@hooks.register("register_admin_menu_item")
def import_menu_item():
    return PermissionMenuItem(
        _("Import questions"),
        reverse("quizzes_admin:import"),
        icon_name="upload",
        order=251,
        permission="quizzes.add_question",
    )


@hooks.register("register_admin_menu_item")
def grading_menu_item():
    return PermissionMenuItem(
        _("Essays to grade"),
        reverse("quizzes_admin:grading"),
        icon_name="edit",
        order=252,
        permission=admin_grading.PERMISSION,
    )


@hooks.register("register_reports_menu_item")
def stats_menu_item():
    return PermissionMenuItem(
        _("Quiz statistics"),
        reverse("quizzes_admin:stats"),
        icon_name="form",
        order=700,
        permission="quizzes.view_quiz",
    )


@hooks.register("register_snippet_listing_buttons")
def snippet_buttons(snippet, user, next_url=None):
    if isinstance(snippet, QuestionCategory) and user.has_perm("quizzes.view_question"):
        yield ListingButton(
            _("Export as GIFT"),
            reverse("quizzes_admin:export", args=[snippet.pk]),
            icon_name="download",
            priority=50,
        )
        yield ListingButton(
            _("Export as Moodle XML"),
            reverse("quizzes_admin:export", args=[snippet.pk]) + "?format=xml",
            icon_name="download",
            priority=51,
        )
    if isinstance(snippet, Quiz) and user.has_perm("quizzes.view_quiz"):
        yield ListingButton(
            _("Statistics"),
            reverse("quizzes_admin:question_stats", args=[snippet.pk]),
            icon_name="table",
            priority=50,
        )
    if isinstance(snippet, Quiz) and user.has_perm(admin_grading.PERMISSION):
        yield ListingButton(
            _("Essays to grade"),
            reverse("quizzes_admin:grading_quiz", args=[snippet.pk]),
            icon_name="edit",
            priority=60,
        )
