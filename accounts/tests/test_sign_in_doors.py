"""Every door into an account, against each lock (issue 16, item 2 and 5).

Doors: sign-in (allauth's, Wagtail's /admin/login/, Wagtail's /_util/login/,
Django admin's), password reset (allauth's and Wagtail's), e-mail change
(allauth's and Wagtail's account page), password change (same), sign-up.
Locks: throttling, no session without a confirmed e-mail, notices to the
address on file, the current password before a change.
"""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.cache import cache
from django.test import Client, override_settings

from accounts.models import User
from accounts.roles import Role
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Mật-khẩu-mới-rất-dài-2026"
LOGIN_DOORS = ("/admin/login/", "/_util/login/", "/django-admin/login/")
LINK = re.compile(r"https?://testserver(/[^\s]+)")


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


def _signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def _unconfirmed_user() -> User:
    user = UserFactory(role=Role.LEARNER, verified=False)
    EmailAddress.objects.filter(user=user).update(verified=False)
    return user


def _login(client, email, password=PASSWORD, door="/accounts/login/", **extra):
    return client.post(door, {"login": email, "password": password}, **extra)


# --- one door: Wagtail's and Django's sign-ins lead to allauth --------------


@pytest.mark.parametrize("door", LOGIN_DOORS)
def test_the_admin_sign_in_doors_send_to_allauth_keeping_next(client, door):
    response = client.get(door + "?next=/admin/pages/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/admin/pages/"


@pytest.mark.parametrize("door", LOGIN_DOORS)
def test_a_password_posted_to_an_admin_door_opens_no_session(client, editor, door):
    client.post(door, {"username": editor.email, "password": PASSWORD})
    assert not _signed_in(client)


def test_wagtails_password_reset_sends_to_allauths_and_mails_nothing(client, editor):
    response = client.post("/admin/password_reset/", {"email": editor.email})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/password/reset/"
    assert mail.outbox == []
    assert client.get("/admin/password_reset/done/").status_code == 404


def test_an_admin_visitor_is_sent_to_allauths_sign_in(client):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


# --- no session without a confirmed e-mail, whatever the door --------------------


def test_an_unconfirmed_account_gets_no_session_through_any_sign_in_door(client):
    user = _unconfirmed_user()
    for door in ("/accounts/login/", *LOGIN_DOORS):
        _login(client, user.email, door=door, follow=True)
        client.post(door, {"username": user.email, "password": PASSWORD})
        assert not _signed_in(client), door


def test_a_sign_up_opens_no_session_before_the_address_is_confirmed(client):
    client.post(
        "/accounts/signup/",
        {
            "email": "moi@example.vn",
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
        },
    )
    assert User.objects.filter(email="moi@example.vn").exists()
    assert not _signed_in(client)


def test_a_password_reset_opens_no_session(client):
    user = _unconfirmed_user()
    client.post("/accounts/password/reset/", {"email": user.email})
    link = LINK.search(mail.outbox[-1].body).group(1)
    form_url = client.get(link)["Location"]
    client.post(form_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert not _signed_in(client)


# --- throttling ------------------------------------------------------------------


def test_wrong_passwords_for_one_account_from_one_client_back_off(client, learner):
    for _attempt in range(5):
        _login(client, learner.email, "sai-mật-khẩu")
    response = _login(client, learner.email)
    assert not _signed_in(client)
    assert "Đăng nhập sai quá nhiều lần" in response.content.decode()


def test_one_persons_typos_do_not_lock_out_the_office_behind_the_same_nat(learner):
    office = {"REMOTE_ADDR": "203.0.113.7"}
    typist = Client(**office)
    for _attempt in range(25):
        _login(typist, learner.email, "sai-mật-khẩu")
    colleagues = [UserFactory(role=Role.LEARNER) for _ in range(3)]
    for colleague in colleagues:
        client = Client(**office)
        _login(client, colleague.email)
        assert client.session["_auth_user_id"] == str(colleague.pk)
    # The same account from another client is not locked either.
    elsewhere = Client(REMOTE_ADDR="198.51.100.9")
    _login(elsewhere, learner.email)
    assert _signed_in(elsewhere)


def test_a_whole_training_room_signs_in_within_a_minute_from_one_address():
    people = [UserFactory(role=Role.LEARNER, profile=False) for _ in range(40)]
    for person in people:
        client = Client(REMOTE_ADDR="203.0.113.8")
        _login(client, person.email)
        assert _signed_in(client), person.email


def test_password_reset_mails_are_limited_per_address(client, learner):
    for _attempt in range(6):
        client.post("/accounts/password/reset/", {"email": learner.email})
    assert len(mail.outbox) == 3


def test_password_reset_requests_are_limited_per_client(client):
    people = [UserFactory(role=Role.LEARNER, profile=False) for _ in range(7)]
    for person in people:
        client.post("/accounts/password/reset/", {"email": person.email})
    assert len(mail.outbox) == 5


# --- e-mail change: the password first, the old address told ---------------------


def test_adding_an_e_mail_from_a_borrowed_session_asks_for_the_password(
    client, learner
):
    client.force_login(learner)  # a session whose password was typed long ago
    response = client.post(
        "/accounts/email/", {"action_add": "", "email": "ke.gian@example.vn"}
    )
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/reauthenticate/")
    assert not EmailAddress.objects.filter(email="ke.gian@example.vn").exists()

    response = client.post(response["Location"], {"password": "đoán-bừa"}, follow=False)
    assert not EmailAddress.objects.filter(email="ke.gian@example.vn").exists()


def test_a_changed_e_mail_is_confirmed_and_the_old_address_is_told(client, learner):
    old_address = learner.email
    add = {"action_add": "", "email": "moi.dia.chi@example.vn"}
    client.force_login(learner)
    reauthenticate = client.post("/accounts/email/", add)["Location"]
    response = client.post(reauthenticate, {"password": PASSWORD})
    assert response.status_code == 302
    if not EmailAddress.objects.filter(email="moi.dia.chi@example.vn").exists():
        client.post("/accounts/email/", add)  # the request, once re-authenticated
    confirm = [m for m in mail.outbox if "moi.dia.chi@example.vn" in m.to][-1]
    link = LINK.search(confirm.body).group(1)
    client.post(link)
    learner.refresh_from_db()
    assert learner.email == "moi.dia.chi@example.vn"
    assert not EmailAddress.objects.filter(email=old_address).exists()
    told = [m for m in mail.outbox if m.to == [old_address]]
    assert len(told) == 1, [(m.to, m.subject) for m in mail.outbox]
    assert "moi.dia.chi@example.vn" in told[0].body


def test_wagtails_account_page_cannot_change_the_login_e_mail(client, editor):
    old_address = editor.email
    client.force_login(editor)
    page = client.get("/admin/account/")
    assert page.status_code == 200
    assert 'name="name_email-email"' not in page.content.decode()
    client.post(
        "/admin/account/",
        {
            "name_email-first_name": "A",
            "name_email-last_name": "B",
            "name_email-email": "ke.gian@example.vn",
        },
    )
    editor.refresh_from_db()
    assert editor.email == old_address
    assert "password-old_password" not in page.content.decode()
    # Control: with Wagtail's e-mail management on, the field is there by that name.
    with override_settings(
        WAGTAIL_EMAIL_MANAGEMENT_ENABLED=True, WAGTAIL_PASSWORD_MANAGEMENT_ENABLED=True
    ):
        page = client.get("/admin/account/").content.decode()
    assert 'name="name_email-email"' in page
    assert 'name="password-old_password"' in page


# --- password change: the current password, a notice, other sessions end ---------


def test_a_password_change_needs_the_current_password_tells_and_ends_other_sessions(
    learner,
):
    here, elsewhere = Client(), Client()
    _login(here, learner.email)
    _login(elsewhere, learner.email)
    assert _signed_in(elsewhere)

    here.post(
        "/accounts/password/change/",
        {
            "oldpassword": "đoán-bừa",
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
        },
    )
    learner.refresh_from_db()
    assert learner.check_password(PASSWORD)

    mail.outbox.clear()
    here.post(
        "/accounts/password/change/",
        {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    learner.refresh_from_db()
    assert learner.check_password(NEW_PASSWORD)
    assert [m.to for m in mail.outbox] == [[learner.email]]
    assert here.get("/accounts/email/").status_code == 200  # this session stays
    response = elsewhere.get("/accounts/email/")
    assert response.status_code == 302  # the other one is signed out
    assert response["Location"].startswith("/accounts/login/")


def test_a_failed_sign_in_is_logged_without_the_password(client, learner, caplog):
    with caplog.at_level("WARNING", logger="accounts.security"):
        _login(client, learner.email, "sai-mật-khẩu-bí-mật")
    lines = [r.getMessage() for r in caplog.records if r.name == "accounts.security"]
    assert len(lines) == 1
    assert learner.email in lines[0] and "127.0.0.1" in lines[0]
    assert "sai-mật-khẩu-bí-mật" not in lines[0]


def test_a_password_shorter_than_12_characters_is_refused_at_sign_up(client):
    client.post(
        "/accounts/signup/",
        {
            "email": "ngan@example.vn",
            "password1": "Ab1-ngan-xx",
            "password2": "Ab1-ngan-xx",
        },
    )
    assert not User.objects.filter(email="ngan@example.vn").exists()
