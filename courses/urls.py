from django.urls import path

from . import views

app_name = "courses"
urlpatterns = [
    path("my-courses/", views.dashboard, name="dashboard"),
    path("courses/<int:course_id>/enrol/", views.enrol, name="enrol"),
    path("courses/<int:course_id>/unenrol/", views.unenrol, name="unenrol"),
    path(
        "lessons/<int:lesson_id>/complete/",
        views.lesson_complete,
        name="lesson_complete",
    ),
    path("classes/<int:class_id>/attendance/", views.attendance, name="attendance"),
]
