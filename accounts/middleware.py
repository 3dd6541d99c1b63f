from urllib.parse import urlparse

from django.conf import settings
from django.shortcuts import resolve_url
from django.template.response import TemplateResponse
from django.urls import reverse


class AdminAccessMiddleware:
    """A signed-in person without admin access gets a 403 page at /admin/.

    Wagtail sends them to the sign-in page, and allauth's sign-in sends a
    signed-in person back to ``next`` (/admin/): the browser looped between the
    two. Exactly that answer (an admin URL sending a signed-in person to the
    sign-in page) is replaced by a page that says why, with a way back.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.prefix = reverse("wagtailadmin_home")
        self.login_path = urlparse(resolve_url(settings.WAGTAILADMIN_LOGIN_URL)).path

    def __call__(self, request):
        response = self.get_response(request)
        if (
            response.status_code == 302
            and request.path.startswith(self.prefix)
            and request.user.is_authenticated
            and urlparse(response["Location"]).path == self.login_path
        ):
            refusal = TemplateResponse(
                request, "accounts/admin_refused.html", {}, status=403
            )
            return refusal.render()
        return response
