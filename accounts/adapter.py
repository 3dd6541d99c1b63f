from urllib.parse import urlencode

from allauth.account.adapter import DefaultAccountAdapter
from django.urls import reverse

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

    def get_login_redirect_url(self, request):
        next_url = super().get_login_redirect_url(request)
        if not profile_is_complete(user=request.user):
            return f"{reverse('accounts:profile')}?{urlencode({'next': next_url})}"
        return next_url
