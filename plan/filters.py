"""Filter forms of the reports and the dashboard (django-filter FilterSets).

The filters are read into a :class:`plan.selectors.HeadcountFilter`; the counting
itself is done by the selectors, so the FilterSets only validate and render.
"""

from __future__ import annotations

import django_filters
from django import forms
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet

from accounts.selectors import ALL_UNITS, as_scope
from core.filters import OPTIONS_TIMEOUT, QuickModelChoiceFilter
from core.widgets import QuickSelect
from courses.content_cache import CONTENT
from courses.models import Enrollment, TrainingClass
from courses.pages import CoursePage, IPArea, Level
from directory.models import AudienceGroup, Commune, Unit

from .models import Plan, PlanTask, TaskGroup
from .options_cache import FILTER_OPTION_MODELS, FILTER_OPTIONS  # noqa: F401
from .selectors import DIMENSION_LABELS, HeadcountFilter, Metric, UnitsBasis


class _TickBox(forms.CheckboxInput):
    """A tick box whose unticked state is "no filter" (None), not False, so the
    report does not list "Cumulative: False" among the active filters."""

    def value_from_datadict(self, data, files, name):
        return True if super().value_from_datadict(data, files, name) else None


CACHED_UNDER = (FILTER_OPTIONS, CONTENT)


def _options_filter(label, queryset, **kwargs) -> QuickModelChoiceFilter:
    """A filter over a model's rows; its options come from the cache."""
    return QuickModelChoiceFilter(
        label=label,
        queryset=queryset,
        method="noop",
        cached_under=CACHED_UNDER,
        **kwargs,
    )


def _year_choices():
    this = timezone.localdate().year
    return [(y, str(y)) for y in range(2021, max(this, 2030) + 1)]


def _district_choices():
    """The former districts named by the communes (data, not a fixed list)."""

    def read():
        districts = (
            Commune.objects.exclude(former_district="")
            .order_by("former_district")
            .values_list("former_district", flat=True)
            .distinct()
        )
        return [(d, d) for d in districts]

    return FILTER_OPTIONS.cached("filter-options:districts", read, OPTIONS_TIMEOUT)


class HeadcountFilterSet(WagtailFilterSet):
    """Filters shared by the headcount and people reports."""

    # Which plan's period and tasks the report uses (the view reads ?plan=).
    plan = _options_filter(_("Plan"), Plan.objects.all(), empty_label=None)

    metric = django_filters.ChoiceFilter(
        label=_("Count"),
        choices=Metric.choices,
        empty_label=None,
        method="noop",
        widget=QuickSelect,
    )
    year = django_filters.TypedChoiceFilter(
        label=_("Year"),
        choices=_year_choices,
        coerce=int,
        method="noop",
        widget=QuickSelect,
    )
    cumulative = django_filters.BooleanFilter(
        label=_("Cumulative from the first year"),
        method="noop",
        widget=_TickBox,
    )
    audience_group = _options_filter(_("Audience group"), AudienceGroup.objects.all())
    units = django_filters.ChoiceFilter(
        label=_("Units"),
        choices=UnitsBasis.choices,
        empty_label=None,
        method="noop",
        widget=QuickSelect,
    )
    unit = _options_filter(_("Unit"), Unit.objects.all())
    district = django_filters.ChoiceFilter(
        label=_("District"),
        choices=_district_choices,
        method="noop",
        widget=QuickSelect,
    )
    commune = _options_filter(_("Commune"), Commune.objects.all())
    ip_area = _options_filter(_("IP area"), IPArea.objects.all())
    level = django_filters.ChoiceFilter(
        label=_("Level"), choices=[], method="noop", widget=QuickSelect
    )
    course = _options_filter(
        _("Course"), CoursePage.objects.order_by("title"), label_field="title"
    )
    training_class = _options_filter(
        _("Training class"),
        TrainingClass.objects.order_by("-start_date", "title"),
        label_field="title",
    )
    task_group = _options_filter(_("Task group"), TaskGroup.objects.all())
    plan_task = _options_filter(_("Plan task"), PlanTask.objects.all())

    class Meta:
        model = Enrollment
        fields: list[str] = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)

        self.filters["level"].extra["choices"] = Level.choices
        self.form.fields["level"].choices = [("", "---------"), *Level.choices]

    def noop(self, queryset, name, value):
        return queryset

    @property
    def valid_data(self) -> dict:
        """The filters that are valid; an invalid one is left out (and the form
        shows its error) rather than dropping every filter."""
        if not self.is_bound:
            return {}
        self.form.is_valid()
        return self.form.cleaned_data

    def headcount_filter(self, *, plan=None) -> HeadcountFilter:
        data = self.valid_data
        first = plan.period_start if plan else 2021
        return HeadcountFilter(
            year=data.get("year") or None,
            first_year=first,
            cumulative=bool(data.get("cumulative")),
            audience_group=_pk(data.get("audience_group")),
            unit=_pk(data.get("unit")),
            commune=_pk(data.get("commune")),
            district=data.get("district") or None,
            ip_area=_pk(data.get("ip_area")),
            level=data.get("level") or None,
            course=_pk(data.get("course")),
            training_class=_pk(data.get("training_class")),
            task_group=_pk(data.get("task_group")),
            plan_task=_pk(data.get("plan_task")),
            units=data.get("units") or UnitsBasis.RECORDED,
        )

    @property
    def selected_metric(self) -> str:
        return self.valid_data.get("metric") or Metric.TRAINED


BREAKDOWN_CHOICES = [(k, v) for k, v in DIMENSION_LABELS.items()]


class BreakdownFilterSet(HeadcountFilterSet):
    """The headcount report adds what to break the counts down by."""

    class Meta(HeadcountFilterSet.Meta):
        pass

    by = django_filters.MultipleChoiceFilter(
        label=_("Break down by"),
        choices=BREAKDOWN_CHOICES,
        method="noop",
        widget=forms.CheckboxSelectMultiple,
    )

    @property
    def breakdown(self) -> list[str]:
        return list(self.valid_data.get("by") or ["year", "audience_group"])


def _pk(value):
    return getattr(value, "pk", value) or None


def check_unit_filter(scope, flt: HeadcountFilter) -> None:
    """A focal point may ask for any unit under theirs, at any depth, not for
    another unit's figures (403)."""
    if scope is ALL_UNITS or flt.unit is None:
        return
    if flt.unit not in as_scope(scope):
        # The 403 page shows this: the focal point learns what they may see.
        raise PermissionDenied(
            _("Your reports cover %(unit)s and its units; choose one of them.")
            % {"unit": as_scope(scope)}
        )
