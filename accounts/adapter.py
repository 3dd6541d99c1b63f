from urllib.parse import urlencode

from allauth.account.adapter import DefaultAccountAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from core.http import client_ip

from .selectors import profile_is_complete


class AccountAdapter(DefaultAccountAdapter):
    """Makes every new account a learner, and asks for the profile after login."""

    def save_user(self, request, user, form, commit=True):
        from .roles import Role
        from .services import role_grant

        user = super().save_user(request, user, form, commit=commit)
        if commit:
            role_grant(user=user, role=Role.LEARNER)
        return user

    def get_client_ip(self, request) -> str:
        # The login and sign-up rate limits count per client like every other
        # per-address limit: through the trusted proxies (TRUSTED_PROXY_COUNT).
        address = client_ip(request)
        if not address:
            raise PermissionDenied("Unable to determine client IP address")
        return address

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

    @staticmethod
    def _profile_first(request, next_url: str) -> str:
        if request.user.is_authenticated and not profile_is_complete(user=request.user):
            return f"{reverse('accounts:profile')}?{urlencode({'next': next_url})}"
        return next_url


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    """An account created by single sign-on is a learner too (roles beyond that
    are granted in the admin); the account adapter then asks for the profile."""

    def save_user(self, request, sociallogin, form=None):
        from .roles import Role
        from .services import role_grant

        user = super().save_user(request, sociallogin, form=form)
        role_grant(user=user, role=Role.LEARNER)
        return user
