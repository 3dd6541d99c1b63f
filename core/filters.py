"""Report filters that render quickly with many choices (see core.widgets)."""

from __future__ import annotations

import django_filters
from django.utils.html import conditional_escape
from django.utils.translation import get_language
from django_filters import fields

from .cache import CacheGeneration
from .widgets import QuickSelect

#: How long cached options are kept at most (a generation bump ends them sooner).
OPTIONS_TIMEOUT = 24 * 3600


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
        yield from self.field.options()


class _ListedModelChoiceField(fields.ModelChoiceField):
    iterator = _ListedChoices

    def __init__(
        self,
        *args,
        label_field: str | None = None,
        cached_under: tuple[CacheGeneration, ...] = (),
        **kwargs,
    ):
        self.label_field = label_field
        self.cached_under = cached_under
        self.cache_name = ""  # set by QuickModelChoiceFilter
        super().__init__(*args, **kwargs)

    def _read_options(self) -> list[tuple]:
        if self.label_field:
            rows = self.queryset.values_list("pk", self.label_field)
        else:
            rows = ((obj.pk, self.label_from_instance(obj)) for obj in self.queryset)
        # Escaped once here, not at every render (QuickSelect keeps safe text).
        return [(pk, conditional_escape(label)) for pk, label in rows]

    def options(self) -> list[tuple]:
        """(pk, label) of every choice; from the cache while none of the
        ``cached_under`` generations moved (labels are kept per language). The
        process keeps the options it last read too: the generations, read
        from the shared cache once per request, still say when they changed."""
        if not self.cached_under:
            return self._read_options()

        first, *others = self.cached_under
        versions = ":".join(str(generation.get()) for generation in others)
        name = f"{self.cache_name}:{get_language()}:{versions}"
        local_key = f"{name}:{first.get()}"
        options = _recent_options.get(local_key)
        if options is None:
            options = first.cached(name, self._read_options, timeout=OPTIONS_TIMEOUT)
            if len(_recent_options) >= 256:
                _recent_options.clear()
            _recent_options[local_key] = options
        return options


#: Options this process read last, by cache key and generations.
_recent_options: dict[str, list[tuple]] = {}


class QuickModelChoiceFilter(django_filters.ModelChoiceFilter):
    """A model choice filter read in one query and drawn by ``QuickSelect``;
    ``label_field`` names the field its options show (else ``str(obj)``).

    ``cached_under``: generations that every change to the options bumps; the
    options are then read from the cache until one of them moves. Only for a
    queryset that is the same for every request (it is not part of the key).
    """

    field_class = _ListedModelChoiceField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", QuickSelect)
        if kwargs.get("cached_under") and callable(kwargs.get("queryset")):
            raise TypeError("cached options need the same queryset for everyone")
        super().__init__(*args, **kwargs)

    @property
    def field(self):
        field = super().field
        # The filter's name is known only once its FilterSet is declared.
        model = field.queryset.model._meta.label_lower
        field.cache_name = f"filter-options:{model}:{self.field_name}"
        return field
