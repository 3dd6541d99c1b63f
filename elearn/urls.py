from django.conf import settings
from django.contrib import admin as django_admin
from django.urls import include, path, re_path
from django.views.generic import RedirectView
from django.views.i18n import JavaScriptCatalog
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from courses import serving

from .api import api_router


class AllauthLogin(RedirectView):
    """A door of Wagtail or Django's admin that signs in without allauth's locks
    (throttling, verified e-mail): it sends to allauth's sign-in, keeping
    ``next``."""

    pattern_name = "account_login"
    query_string = True


# Listed before the admin URLs so that they win over Wagtail's and Django's.
closed_doors = [
    # The same names as the doors they replace: reverse() gives the same paths.
    path("admin/login/", AllauthLogin.as_view(), name="wagtailadmin_login"),
    path("_util/login/", AllauthLogin.as_view(), name="wagtailcore_login"),
    path("django-admin/login/", AllauthLogin.as_view(), name="django_admin_login"),
    path(
        "admin/password_reset/",
        RedirectView.as_view(pattern_name="account_reset_password"),
        name="wagtailadmin_password_reset",
    ),
]

urlpatterns = closed_doors + [
    path("django-admin/", django_admin.site.urls),
    # Wagtail's own reports with core's safe spreadsheet writer (same paths).
    path("admin/", include("core.admin_exports")),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v2/", api_router.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("accounts/", include("accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("", include("courses.urls")),
    path("", include("quizzes.urls")),
    path("", include("certificates.urls")),
    path("", include("plan.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Wagtail's page serving comes last so that it catches everything else; its serve
# view is wrapped to read the site and route from the cache (courses.serving).
urlpatterns += [
    pattern for pattern in wagtail_urls.urlpatterns if pattern.name != "wagtail_serve"
] + [re_path(wagtail_urls.serve_pattern, serving.serve, name="wagtail_serve")]

# Error pages in the site's frame and the visitor's language (core.errors).
handler400 = "core.errors.bad_request"
handler403 = "core.errors.permission_denied"
handler404 = "core.errors.page_not_found"
handler500 = "core.errors.server_error"
