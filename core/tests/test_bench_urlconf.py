"""The benchmark's baseline page exists only under the benchmark's URLconf."""

import pytest
from django.urls import NoReverseMatch, resolve, reverse


def test_the_site_has_no_benchmark_page():
    with pytest.raises(NoReverseMatch):
        reverse("bench_baseline")


def test_the_benchmark_urlconf_serves_the_baseline_before_wagtail_pages():
    assert reverse("bench_baseline", urlconf="bench.urls") == "/bench/baseline/"
    assert resolve("/bench/baseline/", urlconf="bench.urls").url_name == (
        "bench_baseline"
    )
