"""Security headers on the public site and the admin; production hardening.

The production checks run ``elearn.settings.production`` in a subprocess with
the environment a real deployment sets (the test process keeps its own
settings), then replay its header settings on a request over HTTPS.
"""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import override_settings

from tests.factories import PASSWORD

ROOT = Path(__file__).resolve().parents[2]


def _signing_key_pem() -> str:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    return (
        Ed25519PrivateKey.generate()
        .private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        .decode()
    )


PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "elearn.settings.production",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "shtt.haugiang.gov.vn",
    "CSRF_TRUSTED_ORIGINS": "https://shtt.haugiang.gov.vn",
    "SITE_URL": "https://shtt.haugiang.gov.vn",
    "DATABASE_URL": "sqlite:///" + str(ROOT / "db.sqlite3"),
    # Production refuses to start without it (a throwaway key for the check).
    "CERTIFICATE_SIGNING_KEY": _signing_key_pem(),
}
PUBLIC_PAGES = ["/", "/accounts/login/", "/accounts/signup/", "/jsi18n/"]


def _production(*args: str, code: str | None = None) -> subprocess.CompletedProcess:
    env = {
        key: value
        for key, value in os.environ.items()
        if key
        not in (
            "DJANGO_SETTINGS_MODULE",
            "DATABASE_URL",
            "DEBUG",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
        )
    }
    env.update(PRODUCTION_ENV)
    command = [sys.executable, *(["-c", code] if code else ["manage.py", *args])]
    return subprocess.run(
        command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def _csp(response) -> dict[str, list[str]]:
    header = response.headers["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            directives[words[0]] = words[1:]
    return directives


@pytest.mark.django_db
@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_pages_send_a_strict_content_security_policy(client, home_page, path):
    response = client.get(path)
    assert response.status_code == 200
    csp = _csp(response)
    assert csp["default-src"] == ["'self'"]
    assert csp["script-src"] == ["'self'"]
    assert csp["style-src"] == ["'self'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["base-uri"] == ["'self'"]
    for directive in csp.values():
        assert "'unsafe-inline'" not in directive
        assert "'unsafe-eval'" not in directive
        assert "*" not in directive


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path", [*PUBLIC_PAGES, "/admin/login/", "/django-admin/login/"]
)
def test_every_response_forbids_sniffing_framing_and_leaky_referrers(
    client, home_page, path
):
    response = client.get(path)
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"


def _sign_in(client, user, **extra):
    response = client.post(
        "/accounts/login/", {"login": user.email, "password": PASSWORD}, **extra
    )
    assert response.status_code == 302, response.content[:500]
    return response


@pytest.mark.django_db
def test_the_session_cookie_is_http_only_and_same_site(client, learner, home_page):
    response = _sign_in(client, learner)
    cookie = response.cookies["sessionid"]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"


def test_check_deploy_is_clean_with_production_settings():
    result = _production("check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    result = _production(
        code="import os; os.environ.pop('SECRET_KEY');import django; django.setup()"
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def _production_settings() -> dict:
    names = [
        "DEBUG",
        "SECURE_HSTS_SECONDS",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS",
        "SECURE_HSTS_PRELOAD",
        "SECURE_SSL_REDIRECT",
        "SECURE_PROXY_SSL_HEADER",
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "SESSION_COOKIE_HTTPONLY",
        "SESSION_COOKIE_SAMESITE",
        "CSRF_COOKIE_SAMESITE",
    ]
    code = (
        "import json, django; django.setup(); from django.conf import settings; "
        f"print(json.dumps({{n: getattr(settings, n) for n in {names!r}}}))"
    )
    result = _production(code=code)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.django_db
def test_production_sends_hsts_secure_cookies_and_redirects_to_https(
    client, learner, home_page
):
    values = _production_settings()
    assert values["DEBUG"] is False
    assert values["SECURE_HSTS_SECONDS"] >= 31536000
    assert values["SESSION_COOKIE_SECURE"] and values["CSRF_COOKIE_SECURE"]
    assert values["SESSION_COOKIE_HTTPONLY"]
    values["SECURE_PROXY_SSL_HEADER"] = tuple(values["SECURE_PROXY_SSL_HEADER"])
    values.pop("DEBUG")
    with override_settings(**values):
        plain = client.get("/", headers={"X-Forwarded-Proto": "http"})
        assert plain.status_code == 301
        assert plain["Location"].startswith("https://")
        secure = client.get("/", headers={"X-Forwarded-Proto": "https"})
        assert secure.status_code == 200
        hsts = secure.headers["Strict-Transport-Security"]
        assert "max-age=31536000" in hsts and "includeSubDomains" in hsts
        login = _sign_in(client, learner, headers={"X-Forwarded-Proto": "https"})
        assert login.cookies["sessionid"]["secure"]
        assert login.cookies["sessionid"]["httponly"]
        assert login.cookies["csrftoken"]["secure"]
