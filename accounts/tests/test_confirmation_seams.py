"""After confirming the e-mail the learner fills the profile and then returns where
they were (one ``next``); the e-mail greets with the site's name (issue 13, 11)."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core import mail
from django.test import override_settings
from wagtail.models import Site

from core.identity import SiteIdentity

PASSWORD = "Mật-khẩu-rất-dài-2026"
LINK = re.compile(r"https?://[^\s]+")

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("home_page"),
]


def sign_up(client, next_url="/khoa-hoc/"):
    return client.post(
        f"/accounts/signup/?next={next_url}",
        {
            "email": "moi@example.vn",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "next": next_url,
        },
    )


def confirm(client):
    link = next(
        link
        for link in LINK.findall(mail.outbox[-1].body)
        if "/accounts/confirm-email/" in link
    )
    return client.post(link.replace("http://testserver", ""))


@override_settings(ACCOUNT_EMAIL_VERIFICATION="mandatory")
def test_the_confirmation_email_greets_with_the_sites_name_not_the_host(client):
    identity = SiteIdentity.for_site(Site.objects.get(is_default_site=True))
    identity.site_name = "Cổng đào tạo SHTT"
    identity.save()
    sign_up(client)
    body = mail.outbox[-1].body
    assert "Cổng đào tạo SHTT" in body
    assert "testserver!" not in body


@override_settings(ACCOUNT_EMAIL_VERIFICATION="mandatory")
def test_after_confirming_the_learner_fills_the_profile_then_returns_where_they_were(
    client,
):
    sign_up(client, "/khoa-hoc/")
    response = confirm(client)
    assert response.status_code == 302
    location = urlsplit(response["Location"])
    assert location.path == "/accounts/profile/"
    nexts = parse_qs(location.query).get("next")
    assert nexts == ["/khoa-hoc/"]  # one next, not a profile inside a profile
