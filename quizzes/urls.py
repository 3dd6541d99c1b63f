from django.urls import path

from . import views

app_name = "quizzes"
urlpatterns = [
    path("kiem-tra/<slug:slug>/", views.quiz_detail, name="detail"),
    path("kiem-tra/<slug:slug>/bat-dau/", views.quiz_start, name="start"),
    path("bai-lam/<int:pk>/", views.attempt_view, name="attempt"),
    path("bai-lam/<int:pk>/luu/", views.attempt_autosave, name="autosave"),
    path("bai-lam/<int:pk>/nop/", views.attempt_submit_view, name="submit"),
    path("bai-lam/<int:pk>/xem-lai/", views.attempt_review_view, name="review"),
]
