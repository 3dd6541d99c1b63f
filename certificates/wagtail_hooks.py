"""The certificates app in the Wagtail admin: register, issue, bulk, preview."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, SubmenuMenuItem

from core.admin_menu import PermissionMenuItem

from . import admin_views

admin_urls = (
    [
        path("", admin_views.CertificateRegisterView.as_view(), name="register"),
        path(
            "results/",
            admin_views.CertificateRegisterView.as_view(results_only=True),
            name="register_results",
        ),
        path("<int:pk>/", admin_views.certificate_detail, name="detail"),
        path("<int:pk>/pdf/", admin_views.certificate_pdf, name="pdf"),
        path("issue/", admin_views.certificate_issue, name="issue"),
        path("bulk/", admin_views.bulk_issue, name="bulk"),
        path("bulk/<int:pk>/", admin_views.bulk_job, name="job"),
        path("bulk/<int:pk>/status/", admin_views.bulk_job_status, name="job_status"),
        path("bulk/<int:pk>/zip/", admin_views.bulk_job_download, name="job_download"),
        path("preview/", admin_views.preview_view, name="preview"),
    ],
    "certificates_admin",
)


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("certificates/", include(admin_urls))]


certificates_menu = Menu(register_hook_name="register_certificates_menu_item")


@hooks.register("register_admin_menu_item")
def register_certificates_menu():
    return SubmenuMenuItem(
        _("Certificates"),
        certificates_menu,
        icon_name="doc-full",
        order=280,
        name="certificates",
    )


@hooks.register("register_certificates_menu_item")
def register_register_item():
    return PermissionMenuItem(
        _("Certificate register"),
        reverse("certificates_admin:register"),
        icon_name="list-ul",
        order=10,
        permission="certificates.view_certificate",
    )


@hooks.register("register_certificates_menu_item")
def register_issue_item():
    return PermissionMenuItem(
        _("Issue a certificate"),
        reverse("certificates_admin:issue"),
        icon_name="plus",
        order=20,
        permission="certificates.add_certificate",
    )


@hooks.register("register_certificates_menu_item")
def register_bulk_item():
    return PermissionMenuItem(
        _("Bulk issue for a class"),
        reverse("certificates_admin:bulk"),
        icon_name="group",
        order=30,
        permission="certificates.add_certificate",
    )


@hooks.register("register_certificates_menu_item")
def register_preview_item():
    return PermissionMenuItem(
        _("Preview the template"),
        reverse("certificates_admin:preview"),
        icon_name="view",
        order=40,
        permission="certificates.view_certificate",
    )
