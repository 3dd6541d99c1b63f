"""Person-level exports: who counts, row by row, in constant memory.

``people_rows`` is a lazy ``values()`` queryset read with ``iterator()``;
``write_people_xlsx`` writes with core's XLSX writer (openpyxl write-only), so neither
holds the whole table in memory.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.db.models import F
from django.utils.translation import gettext_lazy as _

from accounts.selectors import ALL_UNITS, scope_get
from core.xlsx import write_xlsx

from .selectors import HeadcountFilter, Metric, facts_filtered

PEOPLE_COLUMNS = [
    ("full_name", _("Full name")),
    ("email", _("E-mail")),
    ("audience_group_name", _("Audience group")),
    ("unit_name", _("Unit")),
    ("commune_name", _("Commune")),
    ("district", _("District")),
    ("course_title", _("Course")),
    ("class_title", _("Training class")),
    ("year", _("Year")),
]


def people_rows(*, scope, metric: str = Metric.TRAINED, flt=None):
    """One row per counted enrolment, with the names the spreadsheet shows."""
    qs = facts_filtered(scope=scope, metric=metric, flt=flt)
    return qs.values(
        "year",
        full_name=F("user__profile__full_name"),
        email=F("user__email"),
        audience_group_name=F("audience_group__name"),
        unit_name=F("unit__name"),
        commune_name=F("commune__name"),
        district=F("commune__former_district"),
        course_title=F("course__title"),
        class_title=F("training_class__title"),
    ).order_by("year", "unit__name", "user__profile__full_name", "pk")


def write_people_xlsx(
    rows: Iterable[dict],
    handle,
    *,
    filters: Iterable[tuple[str, str]] = (),
    progress: Callable[[int], None] | None = None,
) -> int:
    """Write ``rows`` to ``handle`` as XLSX (core's layout); returns the count."""
    return write_xlsx(
        handle,
        title=str(_("Trained people")),
        headings=[str(label) for _key, label in PEOPLE_COLUMNS],
        rows=([row[key] for key, _label in PEOPLE_COLUMNS] for row in rows),
        filters=filters,
        sheet_name="Hoc vien",
        progress=progress,
    )


def people_rows_for_job(job) -> tuple[Iterable[dict], str]:
    """Rebuild the scope and filter a job was queued with; rows read lazily."""
    params = job.params
    scope = scope_get(params.get("scope_unit"))
    flt = HeadcountFilter(**params.get("filter", {}))
    rows = people_rows(
        scope=scope, metric=params.get("metric", Metric.TRAINED), flt=flt
    )
    label = "tat-ca" if scope is ALL_UNITS else scope.code
    return rows.iterator(chunk_size=2000), label
