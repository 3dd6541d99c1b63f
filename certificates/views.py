"""Public verification, the learner's certificates and their downloads."""

import datetime
import hashlib
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


def _not_found(request, message: str, *, as_json: bool, form=None):
    if as_json:
        return JsonResponse({"found": False, "message": message}, status=404)
    return render(
        request,
        "certificates/verify_form.html",
        {"form": form or VerifyForm(), "error": message},
        status=404,
    )


def _found(request, certificate, *, as_json: bool, typed_date_of_birth=None):
    public = selectors.certificate_public(
        certificate=certificate, typed_date_of_birth=typed_date_of_birth
    )
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
@never_cache
def verify(request):
    """The form: a code typed or pasted (also a whole verification URL), or the
    number printed on the certificate with the holder's name."""
    form = VerifyForm(request.GET or None)
    if not request.GET:
        return render(request, "certificates/verify_form.html", {"form": form})
    as_json = _wants_json(request, False)
    if _rate_limited(request):
        return _too_many(request, as_json=as_json)
    if not form.is_valid():
        return render(request, "certificates/verify_form.html", {"form": form})
    data = form.cleaned_data
    if data["code"]:
        url = reverse("certificates:verify_detail", args=[data["code"]])
        if data["date_of_birth"]:
            url += f"?dob={data['date_of_birth'].isoformat()}"
        return redirect(url)
    certificate = selectors.certificate_by_serial_and_name(
        serial=data["serial"], name=data["name"]
    )
    if certificate is None:
        return _not_found(
            request,
            _("No certificate has this number with this holder's name."),
            as_json=as_json,
            form=form,
        )
    return _found(
        request,
        certificate,
        as_json=as_json,
        typed_date_of_birth=data["date_of_birth"],
    )


def _wants_json(request, as_json: bool) -> bool:
    return as_json or request.GET.get("format") == "json"


def _typed_date_of_birth(request) -> datetime.date | None:
    value = request.GET.get("dob", "")
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.datetime.strptime(value, pattern).date()
        except ValueError:
            continue
    return None


@require_GET
@never_cache
def verify_detail(request, code: str, as_json: bool = False):
    as_json = _wants_json(request, as_json)
    if _rate_limited(request):
        return _too_many(request, as_json=as_json)
    certificate = selectors.certificate_by_code(code=code)
    if certificate is None:
        return _not_found(
            request, _("No certificate has this verification code."), as_json=as_json
        )
    return _found(
        request,
        certificate,
        as_json=as_json,
        typed_date_of_birth=_typed_date_of_birth(request),
    )


def _offline_texts() -> dict:
    return {
        "valid": _("Valid signature. These are the facts the issuer signed:"),
        "tampered": _("Invalid: the signature does not match (altered or forged)."),
        "unknown_key": _("Invalid: signed by a key the issuer never published."),
        "not_certificate": _("This QR code is not a certificate of this issuer."),
        "no_qr": _("No QR code could be read in this image."),
        "no_keys": _(
            "The published keys are not available yet: open this page "
            "once with a network."
        ),
        "no_webcrypto": _("This browser cannot check Ed25519 signatures."),
        "no_camera": _("The camera is not available; choose a photo instead."),
        "reading": _("Reading the image…"),
        "scanning": _("Point the camera at the QR code…"),
        "fields": {
            "s": _("Serial"),
            "n": _("Holder"),
            "b": _("Date of birth"),
            "c": _("Course"),
            "l": _("Level"),
            "h": _("Hours"),
            "k": _("Class"),
            "f": _("Class start"),
            "t": _("Class end"),
            "d": _("Issue date"),
            "i": _("Issuer"),
        },
    }


@require_GET
def verify_offline(request):
    """The offline verifier: the same page for everybody (no user data), so the
    service worker may keep it."""
    response = render(
        request,
        "certificates/verify_offline.html",
        {"offline_texts": _offline_texts()},
    )
    response["Cache-Control"] = "public, max-age=300"
    return response


@require_GET
def verify_offline_worker(request):
    response = render(
        request,
        "certificates/offline_sw.js",
        {"version": OFFLINE_VERSION},
        content_type="application/javascript",
    )
    response["Cache-Control"] = "no-cache"
    response["Service-Worker-Allowed"] = reverse("certificates:verify_offline")
    return response


#: Bump to make the service worker drop its cached copies.
OFFLINE_VERSION = "1"


@require_GET
def status_list_credential(request):
    """The signed Bitstring Status List. Caches may keep it but must ask again
    each time (ETag): a revocation is visible at once."""
    credential = services.status_list_credential()
    body = json.dumps(credential, ensure_ascii=False, separators=(",", ":"))
    etag = '"' + hashlib.sha256(body.encode()).hexdigest()[:32] + '"'
    if etag in request.headers.get("If-None-Match", ""):
        response = HttpResponse(status=304)
    else:
        response = HttpResponse(body, content_type="application/vc+ld+json")
    response["ETag"] = etag
    response["Cache-Control"] = "public, no-cache"
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_GET
def issuer_profile(request):
    """The issuer id's document: a JSON-LD Profile with Multikey methods."""
    profile = keys.issuer_profile(
        issuer_id=services.issuer_id(),
        name=services.certificate_settings().issuer_name,
        url=request.build_absolute_uri("/"),
    )
    response = JsonResponse(profile, json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = "application/ld+json"
    response["Cache-Control"] = "public, max-age=300"
    response["Access-Control-Allow-Origin"] = "*"
    return response


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
@require_GET
def certificate_status(request, pk: int):
    """Whether the holder's certificate is ready, for the page that waits for it
    (polled while it renders). The holder's own, or for staff who may view it."""
    certificate = _certificate_for(request, pk)
    ready = certificate.status == CertificateStatus.ISSUED and bool(certificate.pdf)
    data = {"status": certificate.status, "ready": ready}
    if ready:
        data.update(
            serial=certificate.serial,
            pdf_url=reverse("certificates:download", args=[certificate.pk]),
            verify_url=reverse(
                "certificates:verify_detail", args=[certificate.verification_code]
            ),
            label=_("Certificate %(serial)s") % {"serial": certificate.serial},
            pdf_label=_("Download PDF"),
            verify_label=_("Public verification page"),
        )
    response = JsonResponse(data)
    response["Cache-Control"] = "no-store"
    return response


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
