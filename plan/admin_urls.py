"""Admin URLs of the plan (registered under /admin/plan/ by wagtail_hooks)."""

from django.urls import path

from . import views, views_reports

app_name = "plan_admin"

urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
    path("headcount/", views.HeadcountReportView.as_view(), name="headcount"),
    path(
        "headcount/results/",
        views.HeadcountReportView.as_view(results_only=True),
        name="headcount_results",
    ),
    path("people/", views.PeopleReportView.as_view(), name="people"),
    path(
        "people/results/",
        views.PeopleReportView.as_view(results_only=True),
        name="people_results",
    ),
    path("jobs/<int:pk>/", views.job_detail, name="job"),
    path("jobs/<int:pk>/status/", views.job_status, name="job_status"),
    path("jobs/<int:pk>/download/", views.job_download, name="job_download"),
    path(
        "annual-reports/<int:pk>/generate/",
        views_reports.report_generate,
        name="report_generate",
    ),
    path(
        "annual-reports/versions/<int:pk>/<str:fmt>/",
        views_reports.report_file,
        name="report_file",
    ),
]
