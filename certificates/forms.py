import re

from django import forms
from django.utils.translation import gettext_lazy as _

CODE_RE = re.compile(r"^[A-Za-z0-9_-]{16,64}$")


class VerifyForm(forms.Form):
    code = forms.CharField(
        label=_("Verification code"),
        max_length=2000,
        help_text=_("Printed under the QR code, or paste the verification link."),
    )

    def clean_code(self):
        value = self.cleaned_data["code"].strip()
        # Accept a whole link: ".../verify/<code>/#payload".
        value = value.split("#", 1)[0].split("?", 1)[0].rstrip("/")
        value = value.rsplit("/", 1)[-1]
        if not CODE_RE.match(value):
            raise forms.ValidationError(
                _("A verification code has 22 letters, digits, - or _.")
            )
        return value


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )


class BulkIssueForm(forms.Form):
    training_class = forms.ModelChoiceField(
        label=_("Training class"), queryset=None, empty_label=None
    )

    def __init__(self, *args, **kwargs):
        from courses.models import TrainingClass

        super().__init__(*args, **kwargs)
        self.fields["training_class"].queryset = TrainingClass.objects.select_related(
            "course"
        ).order_by("-start_date")


class IssueForm(forms.Form):
    enrollment = forms.ModelChoiceField(label=_("Completed enrolment"), queryset=None)

    def __init__(self, *args, **kwargs):
        from courses.models import Enrollment, EnrollmentStatus

        super().__init__(*args, **kwargs)
        self.fields["enrollment"].queryset = (
            Enrollment.objects.filter(
                status=EnrollmentStatus.COMPLETED, course__awards_certificate=True
            )
            .select_related("user__profile", "course")
            .order_by("-completed_at")
        )


class PreviewForm(forms.Form):
    name = forms.CharField(
        label=_("Holder's name"), max_length=150, initial="Nguyễn Thị Minh Khai"
    )
    course = forms.CharField(
        label=_("Course title"),
        max_length=255,
        initial="Sở hữu trí tuệ cơ bản cho cán bộ quản lý nhà nước",
    )
    hours = forms.DecimalField(
        label=_("Hours"),
        required=False,
        initial=8,
        max_digits=5,
        decimal_places=1,
        min_value=0,
    )
