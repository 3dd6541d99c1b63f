"""Report filters that render quickly with many choices (see core.widgets)."""

import django_filters
from django_filters import fields

from .widgets import QuickSelect


class _ListedChoices(fields.ModelChoiceIterator):
    """Reads the choices with one plain query. Django reads model choices
    with ``QuerySet.iterator()``, which on PostgreSQL declares a server-side
    cursor: four round trips (~2 ms) per field even for four rows. With the
    field's ``label_field``, only (pk, label) pairs are read: no model
    instances (a Wagtail page is costly to build)."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        if self.field.null_label is not None:
            yield (self.field.null_value, self.field.null_label)
        if self.field.label_field:
            yield from self.queryset.values_list("pk", self.field.label_field)
            return
        for obj in list(self.queryset):
            yield self.choice(obj)


class _ListedModelChoiceField(fields.ModelChoiceField):
    iterator = _ListedChoices

    def __init__(self, *args, label_field: str | None = None, **kwargs):
        self.label_field = label_field
        super().__init__(*args, **kwargs)


class QuickModelChoiceFilter(django_filters.ModelChoiceFilter):
    """A model choice filter read in one query and drawn by ``QuickSelect``;
    ``label_field`` names the field its options show (else ``str(obj)``)."""

    field_class = _ListedModelChoiceField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", QuickSelect)
        super().__init__(*args, **kwargs)
