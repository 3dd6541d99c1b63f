"""What a spreadsheet cell may hold (the rule ``core.exports`` states).

A text cell that starts like a formula is neutralised; aware datetimes become
local time; anything else that is not a plain value is made text.
"""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

from django.utils import timezone
from django.utils.encoding import force_str

#: What a spreadsheet reads as the start of a formula (or of a DDE command).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
_CELL_TYPES = (str, int, float, Decimal, datetime.date, datetime.time)
_PLAIN_NUMBER = re.compile(r"[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?")


def neutralise(value):
    """``value`` safe for a spreadsheet cell: formula-like text prefixed with ``'``."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        if not _PLAIN_NUMBER.fullmatch(value):
            return "'" + value
    return value


def cell_value(value):
    """What a cell holds: lazy strings made text, aware datetimes in local time
    (a spreadsheet has no time zones), formula-like text neutralised."""
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value).replace(tzinfo=None)
    elif value is not None and not isinstance(value, _CELL_TYPES):
        value = force_str(value)  # lazy translations, UUIDs, model instances
    return neutralise(value)
