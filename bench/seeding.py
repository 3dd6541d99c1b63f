"""What every part of the benchmark seeder shares: the dataset's time span, the
load test's sign-in, and the COPY writer (bench/seed.py)."""

from __future__ import annotations

import datetime as dt
import json
import random
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FOCAL_POINTS = 4  # unit focal points in the load test, beside the plan manager
#: How people sign in (e-mail and password through allauth), as their sessions say.
SIGN_IN_BACKEND = "accounts.backends.CachedPermissionsBackend"
TZ = dt.timezone(dt.timedelta(hours=7))
START = dt.datetime(2021, 1, 4, 8, tzinfo=TZ)
SPAN_SECONDS = int((dt.datetime(2026, 11, 30, tzinfo=TZ) - START).total_seconds())
BENCH_PASSWORD = "bench-password-1"
OUT = ROOT / "bench" / "results" / "tmp"


def log(message: str) -> None:
    print(f"[seed {time.strftime('%H:%M:%S')}] {message}", flush=True)


def copy_rows(model, fields: list[str], rows) -> int:
    """COPY ``rows`` (tuples in ``fields`` order) into ``model``'s table.

    Non-null columns not given get the field's default (``""`` for blank text,
    now for auto_now), so a new non-null column does not break the seeder.
    """
    from django.db import connection
    from django.db.models import NOT_PROVIDED
    from django.utils import timezone

    opts = model._meta
    given = [opts.get_field(name) for name in fields]
    extra, extra_values = [], []
    for field in opts.concrete_fields:
        if field in given or field.primary_key or field.null:
            continue
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            value = timezone.now()
        elif field.default is not NOT_PROVIDED:
            value = field.get_default()
        elif field.blank:
            value = ""
        else:
            raise RuntimeError(f"{opts.label}.{field.name} needs a value for COPY")
        if isinstance(value, dict | list):
            value = json.dumps(value)
        extra.append(field)
        extra_values.append(value)
    columns = ", ".join(f'"{f.column}"' for f in given + extra)
    count = 0
    with connection.cursor() as cursor:
        with cursor.cursor.copy(
            f'COPY "{opts.db_table}" ({columns}) FROM STDIN'
        ) as copy:
            for row in rows:
                copy.write_row((*row, *extra_values))
                count += 1
    return count


def ids(model, **filters) -> list[int]:
    return list(
        model.objects.filter(**filters).order_by("pk").values_list("pk", flat=True)
    )


def when(rng: random.Random) -> dt.datetime:
    return START + dt.timedelta(seconds=rng.randrange(SPAN_SECONDS))
