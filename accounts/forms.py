from django import forms
from django.utils.translation import gettext_lazy as _

from directory.models import AudienceGroup, Commune, Unit

from .models import LearnerProfile


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
