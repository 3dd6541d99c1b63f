"""Public verification, the learner's certificates and their downloads."""

import json

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from core.http import client_ip

from . import keys, selectors, services
from .forms import VerifyForm
from .models import Certificate, CertificateStatus

# --- rate limit -------------------------------------------------------------------


def _rate_limited(request) -> bool:
    """A fixed-window counter per client address, in the cache."""
    limit = settings.CERTIFICATE_VERIFY_RATE_LIMIT
    window = settings.CERTIFICATE_VERIFY_RATE_WINDOW
    bucket = int(timezone.now().timestamp()) // window
    key = f"certificates:verify:{client_ip(request) or 'unknown'}:{bucket}"
    cache.add(key, 0, timeout=window + 5)
    try:
        count = cache.incr(key)
    except ValueError:  # evicted between add and incr
        cache.set(key, 1, timeout=window + 5)
        count = 1
    return count > limit


def _too_many(request, *, as_json: bool):
    message = _(
        "Too many verification requests from your address. "
        "Please wait a minute and try again."
    )
    retry = str(settings.CERTIFICATE_VERIFY_RATE_WINDOW)
    if as_json:
        response = JsonResponse(
            {"error": "rate_limited", "message": message}, status=429
        )
    else:
        response = render(
            request,
            "certificates/verify_form.html",
            {"form": VerifyForm(), "error": message},
            status=429,
        )
    response["Retry-After"] = retry
    return response


# --- public verification --------------------------------------------------------------


@require_GET
@never_cache
def verify(request):
    """The form: a code typed or pasted (also a whole verification URL)."""
    form = VerifyForm(request.GET or None)
    if request.GET:
        if _rate_limited(request):
            return _too_many(request, as_json=False)
        if form.is_valid():
            return redirect(
                "certificates:verify_detail", code=form.cleaned_data["code"]
            )
    return render(request, "certificates/verify_form.html", {"form": form})


def _wants_json(request, as_json: bool) -> bool:
    return as_json or request.GET.get("format") == "json"


@require_GET
@never_cache
def verify_detail(request, code: str, as_json: bool = False):
    as_json = _wants_json(request, as_json)
    if _rate_limited(request):
        return _too_many(request, as_json=as_json)
    certificate = selectors.certificate_by_code(code=code)
    if certificate is None:
        message = _("No certificate has this verification code.")
        if as_json:
            return JsonResponse({"found": False, "message": message}, status=404)
        return render(
            request,
            "certificates/verify_form.html",
            {"form": VerifyForm(), "error": message},
            status=404,
        )
    public = selectors.certificate_public(certificate=certificate)
    if as_json:
        return JsonResponse(
            {
                "found": True,
                **public,
                "keys_url": request.build_absolute_uri(reverse("certificates:keys")),
            },
            json_dumps_params={"ensure_ascii": False},
        )
    return render(
        request,
        "certificates/verify_detail.html",
        {"certificate": certificate, "public": public, "form": VerifyForm()},
    )


@require_GET
def published_keys(request):
    response = JsonResponse(keys.published_keys())
    response["Cache-Control"] = "public, max-age=300"
    response["Access-Control-Allow-Origin"] = "*"
    return response


# --- the learner's certificates ------------------------------------------------------


@login_required
def my_certificates(request):
    certificates = selectors.certificates_for_user(user=request.user)
    return render(
        request, "certificates/my_certificates.html", {"certificates": certificates}
    )


def _certificate_for(request, pk: int) -> Certificate:
    certificate = get_object_or_404(Certificate, pk=pk)
    if certificate.user_id != request.user.pk and not request.user.has_perm(
        "certificates.view_certificate"
    ):
        raise PermissionDenied
    return certificate


@login_required
def certificate_download(request, pk: int):
    certificate = _certificate_for(request, pk)
    if certificate.status == CertificateStatus.REVOKED:
        # Never the unmarked original: stamped "ĐÃ THU HỒI" with date, reason
        # and the replacement's serial.
        response = HttpResponse(
            services.revoked_pdf_bytes(certificate), content_type="application/pdf"
        )
        response["Content-Disposition"] = (
            f'attachment; filename="{certificate.serial}-da-thu-hoi.pdf"'
        )
        return response
    if certificate.status == CertificateStatus.PENDING or not certificate.pdf:
        raise Http404(_("The PDF of this certificate is not ready yet."))
    handle = certificate.pdf.open("rb")
    return FileResponse(
        handle,
        as_attachment=True,
        filename=f"{certificate.serial}.pdf",
        content_type="application/pdf",
    )


@login_required
def certificate_badge(request, pk: int):
    certificate = _certificate_for(request, pk)
    if certificate.status != CertificateStatus.ISSUED:
        raise Http404(_("Only a valid certificate can be downloaded as a badge."))
    credential = services.certificate_openbadge(certificate=certificate)
    response = HttpResponse(
        json.dumps(credential, ensure_ascii=False, indent=2),
        content_type="application/ld+json; charset=utf-8",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="{certificate.serial}-openbadge.json"'
    )
    return response
