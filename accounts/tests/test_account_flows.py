"""Sign-up, e-mail confirmation, login, logout, password reset, e-mail change."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.test import override_settings

from accounts.models import User
from accounts.roles import Role

LINK = re.compile(r"https?://[^\s]+")
PASSWORD = "Mật-khẩu-rất-dài-2026"


def _link_from_last_mail(fragment: str) -> str:
    body = mail.outbox[-1].body
    links = [link for link in LINK.findall(body) if fragment in link]
    assert links, body
    return links[0].replace("http://testserver", "")


@pytest.mark.django_db
@override_settings(ACCOUNT_EMAIL_VERIFICATION="mandatory")
def test_a_visitor_signs_up_confirms_logs_in_out_and_resets_the_password(
    client, home_page
):
    response = client.post(
        "/accounts/signup/",
        {"email": "Hoc.Vien@Example.vn", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 302
    user = User.objects.get(email__iexact="hoc.vien@example.vn")
    assert user.groups.filter(name=Role.LEARNER.value).exists()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject.startswith("[SHTT Hậu Giang]")
    assert "Xác nhận" in mail.outbox[0].subject or "xác nhận" in mail.outbox[0].body

    # Mandatory verification: a login before confirming does not get in.
    client.logout()
    client.post(
        "/accounts/login/", {"login": "hoc.vien@example.vn", "password": PASSWORD}
    )
    assert "_auth_user_id" not in client.session

    confirm_url = _link_from_last_mail("/accounts/confirm-email/")
    assert client.get(confirm_url).status_code == 200
    response = client.post(confirm_url)
    assert response.status_code == 302
    assert EmailAddress.objects.get(user=user).verified

    client.logout()
    response = client.post(
        "/accounts/login/", {"login": "hoc.vien@example.vn", "password": PASSWORD}
    )
    assert response.status_code == 302
    # No profile yet: the learner is sent to complete it first.
    assert response["Location"].startswith("/accounts/profile/")
    assert client.session["_auth_user_id"] == str(user.pk)

    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session

    mail.outbox.clear()
    response = client.post(
        "/accounts/password/reset/", {"email": "hoc.vien@example.vn"}
    )
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    reset_url = _link_from_last_mail("/accounts/password/reset/key/")
    response = client.get(reset_url, follow=True)
    form_url = response.redirect_chain[-1][0] if response.redirect_chain else reset_url
    new_password = "Mật-khẩu-mới-rất-dài-2027"
    response = client.post(
        form_url, {"password1": new_password, "password2": new_password}
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(new_password)


@pytest.mark.django_db
def test_a_learner_changes_their_email_address(client, learner):
    from tests.factories import PASSWORD as CURRENT

    client.force_login(learner)
    add = {"action_add": "", "email": "dia.chi.moi@example.vn"}
    response = client.post("/accounts/email/", add)
    # The current password first (issue 16: takeover from a borrowed session).
    assert response["Location"].startswith("/accounts/reauthenticate/")
    client.post(response["Location"], {"password": CURRENT})
    if not EmailAddress.objects.filter(email="dia.chi.moi@example.vn").exists():
        response = client.post("/accounts/email/", add)
        assert response.status_code == 302
    assert EmailAddress.objects.filter(
        user=learner, email="dia.chi.moi@example.vn", verified=False
    ).exists()
    assert "dia.chi.moi@example.vn" in mail.outbox[-1].to


@pytest.mark.django_db
def test_account_pages_use_the_site_look_in_vietnamese(client, home_page):
    page = client.get("/accounts/login/").content.decode()
    assert 'class="site-header"' in page
    assert "Đăng nhập" in page and "Quên mật khẩu?" in page
    assert 'name="csrfmiddlewaretoken"' in page


@pytest.mark.django_db
def test_an_address_someone_added_unconfirmed_does_not_block_its_owners_sign_up(
    client,
):
    from tests.factories import UserFactory

    squatter = UserFactory()
    EmailAddress.objects.create(
        user=squatter, email="chu.that@example.vn", verified=False, primary=False
    )
    response = client.post(
        "/accounts/signup/",
        {"email": "chu.that@example.vn", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 302
    owner = User.objects.get(email="chu.that@example.vn")
    assert owner != squatter
    assert [m.subject for m in mail.outbox if "tồn tại" in m.subject] == []

    client.post(_link_from_last_mail("/accounts/confirm-email/"))
    assert EmailAddress.objects.get(email="chu.that@example.vn").user == owner
    assert EmailAddress.objects.get(email="chu.that@example.vn").verified
    assert not EmailAddress.objects.filter(
        user=squatter, email="chu.that@example.vn"
    ).exists()


@pytest.mark.django_db
def test_a_confirmed_address_still_cannot_be_signed_up_again(client, learner):
    client.post(
        "/accounts/signup/",
        {"email": learner.email, "password1": PASSWORD, "password2": PASSWORD},
    )
    assert User.objects.filter(email__iexact=learner.email).count() == 1
    assert "tồn tại" in mail.outbox[-1].subject  # told to reset instead
