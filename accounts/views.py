from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from . import services
from .forms import ProfileForm
from .selectors import assigned_units, profile_get


def _safe_next(request, fallback: str = "/") -> str:
    target = request.POST.get("next") or request.GET.get("next") or fallback
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


@login_required
@require_http_methods(["GET", "POST"])
def profile_edit(request):
    profile = profile_get(user=request.user)
    form = ProfileForm(request.POST or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        services.profile_update(user=request.user, **form.cleaned_data)
        messages.success(request, _("Your profile has been saved."))
        return redirect(_safe_next(request, fallback=request.path))
    return render(
        request,
        "accounts/profile_form.html",
        {
            "form": form,
            "next": _safe_next(request, fallback=""),
            "profile": profile,
            # A focal point's units come from an administrator; the unit above is
            # only where they work (it changes no scope).
            "assigned_units": assigned_units(user=request.user)
            if request.user.has_perm("accounts.view_unit_reports")
            else [],
        },
    )
