from django.template.response import TemplateResponse
from django.urls import reverse


class AdminAccessMiddleware:
    """A signed-in person without admin access gets a 403 page at /admin/.

    Wagtail sends them to the sign-in page, and allauth's sign-in sends a
    signed-in person back to ``next`` (/admin/): the browser looped between the
    two. They are told instead, with a way back to the site.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.prefix = reverse("wagtailadmin_home")

    def __call__(self, request):
        user = request.user
        if (
            request.path.startswith(self.prefix)
            and user.is_authenticated
            and not user.has_perm("wagtailadmin.access_admin")
        ):
            response = TemplateResponse(
                request, "accounts/admin_refused.html", {}, status=403
            )
            return response.render()
        return self.get_response(request)
