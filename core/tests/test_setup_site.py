"""``manage.py setup_site`` on an empty database: a working site without demo data,
and a second run that changes nothing."""

import datetime
import io

import pytest
from django.core.management import call_command
from wagtail.models import Site

from accounts.models import User
from courses.models import CourseIndexPage, CoursePage
from directory.models import Commune, IssuerPeriod, Unit
from plan.models import Plan

# Tables whose rows setup_site may write; sessions and logs are left out.
DUMPED_APPS = [
    "core",
    "directory",
    "accounts",
    "courses",
    "quizzes",
    "certificates",
    "plan",
    "wagtailcore",
    "auth",
]


def _dump() -> str:
    out = io.StringIO()
    call_command("dumpdata", *DUMPED_APPS, stdout=out, indent=0)
    return out.getvalue()


def _setup() -> str:
    out = io.StringIO()
    call_command("setup_site", "--noinput", stdout=out)
    return out.getvalue()


def _site_works_without_demo_data(client, settings):
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("testserver", 80)
    assert site.site_name == settings.WAGTAIL_SITE_NAME
    assert CourseIndexPage.objects.live().child_of(site.root_page).exists()
    assert Unit.objects.exists() and Commune.objects.exists()
    assert Plan.objects.filter(number="66/KH-UBND").exists()
    # Nothing of the demo: no account, no course.
    assert not User.objects.exists()
    assert not CoursePage.objects.exists()
    # Hậu Giang's issuer until 30 June 2025 only: the merged city's is the
    # department's to record (README, deployment step 4), not a sample's.
    assert list(IssuerPeriod.objects.values_list("place", "valid_to")) == [
        ("Hậu Giang", datetime.date(2025, 6, 30))
    ]

    for url in ("/", "/khoa-hoc/", "/accounts/signup/"):
        assert client.get(url).status_code == 200, url
    # The first administrator comes from createsuperuser, as in the README.
    call_command(
        "createsuperuser",
        "--noinput",
        email="admin@example.gov.vn",
        stdout=io.StringIO(),
    )
    admin = User.objects.get(email="admin@example.gov.vn")
    client.force_login(admin)
    assert client.get("/admin/").status_code == 200


def _second_run_changes_nothing():
    before = _dump()
    out = _setup()
    assert _dump() == before
    assert "unchanged" in out and "loaded" not in out


@pytest.mark.django_db
def test_setup_site_on_an_empty_database_gives_a_working_site_and_twice_changes_nothing(
    client, settings
):
    _setup()
    _second_run_changes_nothing()
    _site_works_without_demo_data(client, settings)


@pytest.mark.postgres
@pytest.mark.django_db
def test_setup_site_on_an_empty_postgresql_database_works_and_twice_changes_nothing(
    client, settings
):
    _setup()
    _second_run_changes_nothing()
    _site_works_without_demo_data(client, settings)


@pytest.mark.django_db
def test_setup_site_without_noinput_asks_and_a_no_changes_nothing(monkeypatch):
    from django.core.management.base import CommandError

    monkeypatch.setattr("builtins.input", lambda prompt: "n")
    with pytest.raises(CommandError):
        call_command("setup_site", stdout=io.StringIO())
    assert not Plan.objects.exists()
