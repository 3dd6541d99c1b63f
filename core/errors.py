"""Error pages (400, 403, 404, 500, CSRF failure) in the site's frame and language.

Django's defaults are bare English ("Not Found", ``lang="en"``). These render
``core/error.html`` inside ``base.html`` with the request, so the header, the
language the visitor chose and a way back are there. A 403 shows the reason the
refusing view gave (``PermissionDenied(message)``), e.g. a focal point's scope.
The 500 page falls back to plain HTML when the frame itself cannot be rendered
(the database being what failed, say).
"""

from __future__ import annotations

import logging

from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils.html import escape
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)


def _back_url(request) -> str:
    """The page the visitor came from, when it is on this site."""
    referer = request.META.get("HTTP_REFERER", "")
    if referer and url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return referer
    return ""


def _page(
    request, status: int, title: str, message: str, reason: str = "", code: str = ""
):
    context = {
        "status": status,
        # A short code the visitor can quote to support ("403 · CSRF").
        "error_code": code,
        "error_title": title,
        "error_message": message,
        "reason": reason,
        "back_url": _back_url(request),
    }
    response = TemplateResponse(request, "core/error.html", context, status=status)
    return response.render()


def bad_request(request, exception=None):
    return _page(
        request,
        400,
        _("The request could not be understood"),
        _("The address or the form sent is not valid. Please go back and try again."),
    )


def permission_denied(request, exception=None):
    # Only our own refusals carry a message meant for the visitor.
    reason = str(exception or "") if exception and exception.args else ""
    return _page(
        request,
        403,
        _("You do not have access to this page"),
        _("Your account cannot open this page."),
        reason,
    )


def page_not_found(request, exception=None):
    return _page(
        request,
        404,
        _("Page not found"),
        _("The page you asked for does not exist or has been moved."),
    )


def server_error(request):
    try:
        return _page(
            request,
            500,
            _("Something went wrong"),
            _(
                "The site could not answer this request. The error has been "
                "recorded; please try again in a few minutes."
            ),
        )
    except Exception:  # noqa: BLE001 - the frame needs the database; say it plainly
        logger.exception("the 500 page could not be rendered in the site's frame")
        html = (
            f'<!DOCTYPE html><html lang="{escape(get_language() or "vi")}">'
            f'<meta charset="utf-8"><title>{escape(_("Something went wrong"))}'
            f"</title><h1>{escape(_('Something went wrong'))}</h1>"
            f'<p><a href="/">{escape(_("Back to the home page"))}</a></p></html>'
        )
        return HttpResponse(html, status=500)


def csrf_failure(request, reason: str = ""):
    """CSRF_FAILURE_VIEW: most often a form left open too long or cookies off."""
    return _page(
        request,
        403,
        _("The form has expired"),
        _(
            "For your security the form could not be sent: it was open too long, "
            "or the browser blocks cookies for this site. Go back, reload the "
            "page and send it again."
        ),
        code="CSRF",
    )
