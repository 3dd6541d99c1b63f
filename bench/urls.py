"""URLconf of elearn.settings.bench: the site's, with the baseline page first
(Wagtail's page serving, last in the site's, would answer its address)."""

from django.urls import path

from bench.views import baseline
from elearn.urls import urlpatterns as site_urlpatterns

urlpatterns = [
    path("bench/baseline/", baseline, name="bench_baseline"),
    *site_urlpatterns,
]
