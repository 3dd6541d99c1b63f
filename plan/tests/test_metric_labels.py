"""The four metrics carry their own names ("headcount metric" context), so
"Đang học" always means in progress, whatever other apps call "Enrolled"."""

import pytest
from django.urls import reverse
from django.utils import translation

from plan.selectors import Metric

pytestmark = pytest.mark.django_db

VIETNAMESE = {
    Metric.ENROLLED: "Đã ghi danh",
    Metric.IN_PROGRESS: "Đang học",
    Metric.COMPLETED: "Hoàn thành",
    Metric.TRAINED: "Được đào tạo",
}


def test_the_metric_names_are_the_readme_words_in_vietnamese():
    with translation.override("vi"):
        names = {key: str(label) for key, label in Metric.choices}
    assert names == VIETNAMESE
    with translation.override("en"):
        assert [str(label) for _k, label in Metric.choices] == [
            "Enrolled",
            "In progress",
            "Completed",
            "Trained",
        ]


def test_the_metric_filter_and_definitions_name_each_metric_once(
    client, plan_manager, home_page
):
    client.force_login(plan_manager)
    html = client.get(reverse("plan_admin:headcount")).content.decode()
    for key, name in VIETNAMESE.items():
        assert f'value="{key}"' in html
        option = html.split(f'value="{key}"', 1)[1].split("</option>", 1)[0]
        assert name in option, (key, option)
        assert f"<dt><strong>{name}</strong></dt>" in html
    assert "Đang làm" not in html


def test_the_dashboard_names_the_metrics_as_the_filter_does(
    client, plan_manager, home_page
):
    from plan.models import Plan

    Plan.objects.create(number="1/KH-TEST", title="Kế hoạch thử", is_current=True)
    client.force_login(plan_manager)
    html = client.get(reverse("plan_admin:dashboard") + "?year=2025").content.decode()
    for name in VIETNAMESE.values():
        assert name in html
    assert "Chưa đặt chỉ tiêu" in html
