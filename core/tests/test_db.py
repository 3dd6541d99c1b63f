"""core.db.rows_update writes what Model.save would, one row at a time."""

import datetime

import pytest
from django.utils import timezone

from core.db import rows_update
from core.models import DeferredTask

pytestmark = pytest.mark.django_db


def test_rows_update_saves_the_named_fields_of_each_row_and_nothing_else():
    rows = [
        DeferredTask.objects.create(task="t", task_id=f"id-{n}", args=[n])
        for n in range(3)
    ]
    created = {row.pk: row.created_at for row in rows}
    when = timezone.now() - datetime.timedelta(days=1)
    for n, row in enumerate(rows):
        row.kwargs = {"lần": n, "tên": "Nguyễn Văn Học"}  # JSON, Vietnamese kept
        row.attempts = 10 + n
        row.task = "not saved"
        row.created_at = when

    assert rows_update(rows, ["kwargs", "attempts"]) == 3

    for n, row in enumerate(DeferredTask.objects.order_by("pk")):
        assert row.kwargs == {"lần": n, "tên": "Nguyễn Văn Học"}
        assert row.attempts == 10 + n
        assert row.task == "t"
        assert row.created_at == created[row.pk]
        assert row.args == [n]


def test_rows_update_of_no_rows_runs_no_query(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert rows_update([], ["attempts"]) == 0
