import pytest
from django.core.management import call_command

from accounts.models import User
from directory.models import AudienceGroup, Commune, Unit


def _counts():
    from django.apps import apps

    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if model._meta.app_label
        in {
            "core",
            "directory",
            "accounts",
            "courses",
            "quizzes",
            "certificates",
            "plan",
            "wagtailcore",
            "auth",
        }
        and not model._meta.proxy
    }


@pytest.mark.django_db(transaction=True)
def test_load_demo_is_idempotent_and_prints_the_logins(capsys):
    call_command("load_demo")
    first = _counts()
    out = capsys.readouterr().out
    for email in (
        "admin@demo.shtt.vn",
        "bientap@demo.shtt.vn",
        "quanly@demo.shtt.vn",
        "daumoi@demo.shtt.vn",
        "hocvien@demo.shtt.vn",
    ):
        assert email in out
    call_command("load_demo")
    assert _counts() == first
    assert AudienceGroup.objects.count() == 8
    assert Unit.objects.filter(code="so-khcn").exists()
    assert Commune.objects.count() == 75
    assert User.objects.filter(is_superuser=True).count() == 1
