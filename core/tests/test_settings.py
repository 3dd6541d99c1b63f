import os
import subprocess
import sys
from pathlib import Path

import pytest

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
    "SECRET_KEY": "x" * 64 + "production-test-key-with-enough-entropy",
    "ALLOWED_HOSTS": "shtt.haugiang.gov.vn",
    "CSRF_TRUSTED_ORIGINS": "https://shtt.haugiang.gov.vn",
    "SITE_URL": "https://shtt.haugiang.gov.vn",
    "DATABASE_URL": "sqlite:////tmp/elearn-settings-check.sqlite3",
    "CERTIFICATE_SIGNING_KEY": _signing_key_pem(),
}


def run_manage(settings: str, *args: str, extra_env: dict | None = None):
    # DJANGO_ALLOW_ASYNC_UNSAFE belongs to the Playwright tests' own process
    # (set when a browser test ran earlier in the session), not to a deployment.
    dropped = {*PRODUCTION_ENV, "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {k: v for k, v in os.environ.items() if k not in dropped}
    env["DJANGO_SETTINGS_MODULE"] = f"elearn.settings.{settings}"
    env.update(extra_env or {})
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize("settings", ["dev", "test"])
def test_dev_and_test_settings_load_without_any_environment(settings):
    result = run_manage(settings, "check")
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "SECRET_KEY"}
    result = run_manage("production", "check", extra_env=env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_refuses_to_start_without_a_certificate_signing_key():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "CERTIFICATE_SIGNING_KEY"}
    result = run_manage("production", "check", extra_env=env)
    assert result.returncode != 0
    assert "CERTIFICATE_SIGNING_KEY must be set" in result.stderr
    assert "CERTIFICATE_SIGNING_KEY_OPTIONAL" in result.stderr


def test_production_starts_keyless_only_when_told_to_and_never_makes_a_key():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "CERTIFICATE_SIGNING_KEY"}
    env["CERTIFICATE_SIGNING_KEY_OPTIONAL"] = "1"
    code = (
        "from django.conf import settings as s;"
        "print(repr(s.CERTIFICATE_SIGNING_KEY), s.CERTIFICATE_SIGNING_KEY_GENERATE)"
    )
    result = run_manage("production", "shell", "-c", code, extra_env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "'' False"


def test_production_passes_the_deployment_checklist_with_no_warnings():
    result = run_manage(
        "production",
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        extra_env=PRODUCTION_ENV,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_reads_deployment_values_from_the_environment():
    code = (
        "from django.conf import settings as s;"
        "print(s.ALLOWED_HOSTS, s.CSRF_TRUSTED_ORIGINS, s.SITE_URL, s.DEBUG,"
        " s.SESSION_COOKIE_SECURE, s.SECURE_HSTS_SECONDS, s.ACCOUNT_EMAIL_VERIFICATION)"
    )
    result = run_manage("production", "shell", "-c", code, extra_env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == (
        "['shtt.haugiang.gov.vn'] ['https://shtt.haugiang.gov.vn'] "
        "https://shtt.haugiang.gov.vn False True 31536000 mandatory"
    )
