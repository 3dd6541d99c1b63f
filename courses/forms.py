from django import forms
from django.utils.translation import gettext_lazy as _

from core.uploads import UploadValidator
from directory.models import AudienceGroup

from .models import CoursePage, IPArea, Level, TrainingClass


class CatalogueFilterForm(forms.Form):
    """The catalogue's filters, all optional, read from the query string."""

    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    audience_group = forms.ModelChoiceField(
        label=_("Audience group"),
        queryset=AudienceGroup.objects.filter(is_active=True),
        required=False,
        empty_label=_("All audience groups"),
        to_field_name="code",
    )
    ip_area = forms.ModelChoiceField(
        label=_("IP area"),
        queryset=IPArea.objects.all(),
        required=False,
        empty_label=_("All IP areas"),
        to_field_name="code",
    )
    level = forms.ChoiceField(
        label=_("Level"),
        choices=[("", _("All levels")), *Level.choices],
        required=False,
    )
    ordering = forms.ChoiceField(
        label=_("Order by"),
        required=False,
        choices=[
            ("", _("Catalogue order")),
            ("level", _("Level, basic first")),
            ("title", _("Title")),
            ("newest", _("Newest first")),
            ("hours", _("Shortest first")),
        ],
    )


class EnrolForm(forms.Form):
    training_class = forms.ModelChoiceField(
        label=_("Training class"),
        queryset=TrainingClass.objects.none(),
        required=False,
        empty_label=_("Study online at my own pace"),
    )

    def __init__(self, *args, course, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["training_class"].queryset = TrainingClass.objects.filter(
            course=course
        )


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("CSV or XLSX file"),
        validators=[UploadValidator("spreadsheet")],
        help_text=_(
            "Columns: full name, e-mail, audience group, unit, commune, position. "
            "Codes or names from the directory are accepted."
        ),
    )
    course = forms.ModelChoiceField(
        label=_("Enrol in course"),
        queryset=None,
        required=False,
        empty_label=_("Do not enrol, only create accounts"),
    )
    training_class = forms.ModelChoiceField(
        label=_("Enrol in training class"),
        queryset=TrainingClass.objects.select_related("course").order_by("-start_date"),
        required=False,
        empty_label=_("No class"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["course"].queryset = CoursePage.objects.live().order_by("path")

    def clean(self):
        cleaned = super().clean()
        course, training_class = cleaned.get("course"), cleaned.get("training_class")
        if training_class is not None:
            if course is None:
                cleaned["course"] = training_class.course
            elif training_class.course_id != course.pk:
                raise forms.ValidationError(_("This class belongs to another course."))
        return cleaned
