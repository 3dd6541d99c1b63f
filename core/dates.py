"""Dates written the Vietnamese way ("ngày 12 tháng 4 năm 2021")."""

import datetime

from django.utils import formats, translation


def vietnamese_date(value: datetime.date, *, administrative: bool = False) -> str:
    """Return "ngày D tháng M năm YYYY".

    ``administrative=True`` follows Decree 30/2020/NĐ-CP: days below 10 and the
    months January and February take a leading zero ("ngày 05 tháng 02 năm 2026").
    """
    if isinstance(value, datetime.datetime):
        value = value.date()
    day = f"{value.day:02d}" if administrative else str(value.day)
    month = (
        f"{value.month:02d}" if administrative and value.month < 3 else str(value.month)
    )
    return f"ngày {day} tháng {month} năm {value.year}"


def long_date(value: datetime.date | None, *, administrative: bool = False) -> str:
    """The active language's long date: Vietnamese form, or "24 November 2026"."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        value = value.date()
    if translation.get_language() in (
        None,
        "vi",
    ) or translation.get_language().startswith("vi"):
        return vietnamese_date(value, administrative=administrative)
    return formats.date_format(value, "j F Y")
