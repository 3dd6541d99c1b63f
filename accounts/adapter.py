import logging
from urllib.parse import urlencode

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import ratelimit
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from core.http import client_ip
from core.identity import identity_for_request

from .roles import Role
from .selectors import profile_is_complete
from .services import role_grant

# Security events (ASVS V7.1.3): failed sign-ins, with the account and client
# but never the password typed.
security_log = logging.getLogger("accounts.security")


class AccountAdapter(DefaultAccountAdapter):
    """Makes every new account a learner, and asks for the profile after login."""

    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=commit)
        if commit:
            role_grant(user=user, role=Role.LEARNER)
        return user

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        # allauth's e-mails greet "Hello from {{ current_site.name }}", which
        # without django.contrib.sites is the host name: use the site's name
        # from the site identity setting (core.identity).
        from types import SimpleNamespace

        from allauth.core import context as allauth_context

        request = allauth_context.request
        site = SimpleNamespace(
            name=identity_for_request(request)["site_name"],
            domain=request.get_host() if request is not None else "",
        )
        super().send_mail(template_prefix, email, {**context, "current_site": site})

    def get_client_ip(self, request) -> str:
        # The login and sign-up rate limits count per client like every other
        # per-address limit: through the trusted proxies (TRUSTED_PROXY_COUNT).
        address = client_ip(request)
        if not address:
            raise PermissionDenied("Unable to determine client IP address")
        return address

    # Wrong passwords are counted per account *and* client
    # (ACCOUNT_RATE_LIMITS["login_failed_client"], with backoff): one person
    # mistyping never locks the colleagues behind the same office NAT out, and
    # a guesser is slowed down however many accounts share their address.
    @staticmethod
    def _account_client_key(request, credentials) -> str:
        login = str(credentials.get("email") or credentials.get("username") or "")
        return f"{login.strip().lower()}|{client_ip(request)}"

    def pre_authenticate(self, request, **credentials):
        key = self._account_client_key(request, credentials)
        if not ratelimit.consume(
            request, action="login_failed_client", key=key, dry_run=True
        ):
            raise self.validation_error("too_many_login_attempts")
        super().pre_authenticate(request, **credentials)

    def authentication_failed(self, request, **credentials):
        super().authentication_failed(request, **credentials)
        security_log.warning(
            "sign-in failed account=%r client=%s",
            str(credentials.get("email") or credentials.get("username") or ""),
            client_ip(request),
        )
        ratelimit.consume(
            request,
            action="login_failed_client",
            key=self._account_client_key(request, credentials),
        )

    def get_login_redirect_url(self, request):
        return self._profile_first(request, super().get_login_redirect_url(request))

    def get_signup_redirect_url(self, request):
        # A new account has no profile yet; once it is logged in (directly, or
        # after confirming the e-mail) it is asked for the profile first.
        next_url = super().get_signup_redirect_url(request)
        return f"{reverse('accounts:profile')}?{urlencode({'next': next_url})}"

    def get_email_verification_redirect_url(self, email_address):
        next_url = super().get_email_verification_redirect_url(email_address)
        return self._profile_first(self.request, next_url)

    def post_login(self, request, user, *, redirect_url=None, **kwargs):
        # A login that resumes after the e-mail confirmation carries the page
        # the learner signed up from; the profile comes first all the same.
        if redirect_url:
            redirect_url = self._profile_first(request, redirect_url)
        return super().post_login(request, user, redirect_url=redirect_url, **kwargs)

    @staticmethod
    def _profile_first(request, next_url: str) -> str:
        profile = reverse("accounts:profile")
        if next_url.startswith(profile):
            return next_url  # one ``next``: never a profile inside a profile
        if request.user.is_authenticated and not profile_is_complete(user=request.user):
            return f"{profile}?{urlencode({'next': next_url})}"
        return next_url


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    """An account created by single sign-on is a learner too (roles beyond that
    are granted in the admin); the account adapter then asks for the profile."""

    def save_user(self, request, sociallogin, form=None):
        user = super().save_user(request, sociallogin, form=form)
        role_grant(user=user, role=Role.LEARNER)
        return user
