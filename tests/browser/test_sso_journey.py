"""Single sign-on: an official signs in through a real OpenID Connect provider
(oidc-provider-mock, in a second process on 127.0.0.1); the first login creates
the account and asks for the profile."""

import json
import re
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

OFFICIAL = {
    "sub": "canbo-0001",
    "email": "canbo.skhcn@cantho.gov.vn",
    "email_verified": True,
    "name": "Trần Thị Cán Bộ",
}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def oidc_provider():
    """The provider's issuer URL; the process is stopped after the test."""
    port = _free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "oidc_provider_mock",
            "--port",
            str(port),
            "--user-claims",
            json.dumps(OFFICIAL),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    issuer = f"http://127.0.0.1:{port}"
    try:
        for _attempt in range(100):
            try:
                with urllib.request.urlopen(
                    issuer + "/.well-known/openid-configuration", timeout=1
                ) as response:
                    assert json.load(response)["issuer"].rstrip("/") == issuer
                    break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail("the OIDC provider did not start")
        yield issuer
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture
def sso(settings, oidc_provider):
    """The settings the environment variables give (OIDC_ISSUER_URL, …)."""
    settings.SOCIALACCOUNT_PROVIDERS = {
        "openid_connect": {
            "APPS": [
                {
                    "provider_id": "sso",
                    "name": "Đăng nhập bằng tài khoản công vụ",
                    "client_id": "shtt-elearn",
                    "secret": "bi-mat-cua-ung-dung",
                    "settings": {
                        "server_url": oidc_provider,
                        "oauth_pkce_enabled": True,
                    },
                }
            ]
        }
    }
    policy = json.loads(json.dumps(settings.CONTENT_SECURITY_POLICY))
    policy["DIRECTIVES"]["form-action"].append(oidc_provider)
    settings.CONTENT_SECURITY_POLICY = policy
    return oidc_provider


@pytest.mark.parametrize(
    "viewport",
    [{"width": 1280, "height": 900}, {"width": 390, "height": 844}],
    ids=["desktop", "phone"],
)
def test_an_official_signs_in_with_sso_and_is_asked_for_the_profile(
    page, live_server, home_page, sso, artifacts_dir, viewport
):
    from accounts.models import User
    from accounts.roles import Role

    page.set_viewport_size(viewport)
    name = "desktop" if viewport["width"] > 500 else "phone"
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Đăng nhập", exact=True).first.click()
    page.screenshot(path=str(artifacts_dir / f"sso-login-{name}.png"), full_page=True)
    page.get_by_role("link", name="Đăng nhập bằng tài khoản công vụ").click()
    # allauth asks before leaving the site (the login starts with a POST).
    page.get_by_role("button", name=re.compile("Tiếp tục|Continue")).click()

    # The identity provider's own page: the official chooses their account.
    page.wait_for_url(re.compile(re.escape(sso)))
    page.get_by_role("button", name=OFFICIAL["sub"]).click()

    page.wait_for_url(re.compile(r"/accounts/profile/"))
    assert "Hồ sơ của tôi" in page.content()
    page.screenshot(path=str(artifacts_dir / f"sso-profile-{name}.png"), full_page=True)

    user = User.objects.get(email=OFFICIAL["email"])
    assert user.socialaccount_set.get().uid == OFFICIAL["sub"]
    assert user.groups.filter(name=Role.LEARNER.value).exists()
    assert not user.has_usable_password()
