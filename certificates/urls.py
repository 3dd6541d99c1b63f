from django.urls import path, register_converter

from . import views


class CodeConverter:
    regex = "[A-Za-z0-9_-]{1,64}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(CodeConverter, "vcode")

app_name = "certificates"
urlpatterns = [
    path("my-certificates/", views.my_certificates, name="mine"),
    path("my-certificates/<int:pk>/pdf/", views.certificate_download, name="download"),
    path("my-certificates/<int:pk>/badge.json", views.certificate_badge, name="badge"),
    path(
        "my-certificates/<int:pk>/status.json",
        views.certificate_status,
        name="status",
    ),
    path("verify/", views.verify, name="verify"),
    path("verify/keys.json", views.published_keys, name="keys"),
    # Before the code patterns: "status" would match a verification code.
    path("verify/status/1", views.status_list_credential, name="status_list"),
    path("verify/issuer.json", views.issuer_profile, name="issuer"),
    path("verify/offline/", views.verify_offline, name="verify_offline"),
    path(
        "verify/offline/sw.js",
        views.verify_offline_worker,
        name="verify_offline_worker",
    ),
    path(
        "verify/<vcode:code>.json",
        views.verify_detail,
        {"as_json": True},
        name="verify_json",
    ),
    path("verify/<vcode:code>/", views.verify_detail, name="verify_detail"),
]
