import re

from django import forms
from django.utils.translation import gettext_lazy as _

from courses.models import Enrollment, EnrollmentStatus, TrainingClass

CODE_RE = re.compile(r"^[A-Za-z0-9_-]{16,64}$")


SERIAL_RE = re.compile(r"([A-Za-z]{1,16})\s*-\s*(\d{4})\s*-\s*(\d{1,8})")


def serial_normalise(text: str) -> str | None:
    """ "Số: shtt-2026-3" -> "SHTT-2026-000003"; None when no serial is in it."""
    match = SERIAL_RE.search(text or "")
    if match is None:
        return None
    prefix, year, number = match.groups()
    return f"{prefix.upper()}-{year}-{int(number):06d}"


class VerifyForm(forms.Form):
    """Either the verification code (or link), or the number printed on the
    certificate together with the holder's name: a number alone reveals
    nothing, numbers being sequential."""

    code = forms.CharField(
        label=_("Verification code"),
        max_length=2000,
        required=False,
        help_text=_("Printed under the QR code, or paste the verification link."),
    )
    serial = forms.CharField(
        label=_("Certificate number"),
        max_length=64,
        required=False,
        help_text=_('Printed under the issuer, e.g. "Số: SHTT-2026-000003".'),
    )
    name = forms.CharField(
        label=_("Holder's full name"),
        max_length=150,
        required=False,
        help_text=_("As printed; accents and capitals do not matter."),
    )
    date_of_birth = forms.DateField(
        label=_("Date of birth (optional)"),
        required=False,
        input_formats=["%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"],
        help_text=_("dd/mm/yyyy. Shown on the result only if you type it."),
    )

    def clean_code(self):
        value = (self.cleaned_data.get("code") or "").strip()
        if not value:
            return ""
        # Accept a whole link: ".../verify/<code>/#payload".
        value = value.split("#", 1)[0].split("?", 1)[0].rstrip("/")
        value = value.rsplit("/", 1)[-1]
        if not CODE_RE.match(value):
            raise forms.ValidationError(
                _("A verification code has 22 letters, digits, - or _.")
            )
        return value

    def clean_serial(self):
        value = (self.cleaned_data.get("serial") or "").strip()
        if not value:
            return ""
        serial = serial_normalise(value)
        if serial is None:
            raise forms.ValidationError(
                _('A certificate number looks like "SHTT-2026-000003".')
            )
        return serial

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        code, serial = data.get("code"), data.get("serial")
        name = " ".join((data.get("name") or "").split())
        data["name"] = name
        if code:
            return data
        if serial and not name:
            self.add_error(
                "name",
                _(
                    "Type the holder's full name too: the number alone does not "
                    "show a certificate."
                ),
            )
        elif not serial:
            raise forms.ValidationError(
                _(
                    "Type the verification code, or the certificate number "
                    "with the holder's full name."
                )
            )
        return data


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )


class BulkIssueForm(forms.Form):
    training_class = forms.ModelChoiceField(
        label=_("Training class"), queryset=None, empty_label=None
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["training_class"].queryset = TrainingClass.objects.select_related(
            "course"
        ).order_by("-start_date")


class IssueForm(forms.Form):
    enrollment = forms.ModelChoiceField(label=_("Completed enrolment"), queryset=None)

    def __init__(self, *args, **kwargs):
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
