from allauth.account.forms import SignupForm as AllauthSignupForm
from allauth.account.models import EmailAddress
from django import forms
from django.utils.translation import gettext_lazy as _

from directory.models import AudienceGroup, Commune, Unit

from .models import LearnerProfile, User


class SignupForm(AllauthSignupForm):
    """allauth's sign-up, where an address someone else added but never
    confirmed does not block its real owner.

    Otherwise a person could squat another's address as an unconfirmed
    secondary address of their own account: the owner's sign-up would be told
    "the account already exists", and the reset it suggests would lead to the
    squatter's account. The owner signs up instead; whoever confirms the
    address first keeps it (accounts.services.email_claims_release).
    """

    def validate_unique_email(self, value) -> str:
        squatted_only = (
            EmailAddress.objects.filter(email__iexact=value).exists()
            and not EmailAddress.objects.filter(email__iexact=value)
            .exclude(verified=False, primary=False)
            .exists()
            and not User.objects.filter(email__iexact=value).exists()
        )
        if squatted_only:
            self.account_already_exists = False
            return value
        return super().validate_unique_email(value)


class ProfileForm(forms.ModelForm):
    """The learner's own profile; choices offer only active directory entries."""

    class Meta:
        model = LearnerProfile
        fields = [
            "full_name",
            "date_of_birth",
            "audience_group",
            "organisation",
            "unit",
            "commune",
            "position",
            "phone",
        ]
        widgets = {
            "date_of_birth": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "full_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "phone": forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
        }
        help_texts = {
            "full_name": _(
                "Exactly as it must appear on your certificates, with Vietnamese "
                "diacritics."
            ),
            "commune": _(
                "Where you live or work; the former district is shown in brackets."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("audience_group", "unit", "organisation", "position", "full_name"):
            self.fields[name].required = True
        self.fields["audience_group"].queryset = AudienceGroup.objects.filter(
            is_active=True
        )
        # Current entries only: units and communes that ended in a
        # reorganisation stay on old records but cannot be chosen any more.
        self.fields["unit"].queryset = Unit.objects.current()
        self.fields["commune"].queryset = Commune.objects.current()
        self.fields["audience_group"].empty_label = _("— choose —")
        self.fields["unit"].empty_label = _("— choose —")
        self.fields["commune"].empty_label = _("— choose —")
