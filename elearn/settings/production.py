"""Production: secrets from the environment, HTTPS everywhere, strict cookies.

`manage.py check --deploy` passes with no warnings under these settings.
"""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F401,F403
from .base import CERTIFICATE_SIGNING_KEY
from .env import env_bool, env_int, env_required, env_str

DEBUG = False
SECRET_KEY = env_required("SECRET_KEY")
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https"

# Certificates are signed with the key from the environment, never with one
# generated and stored in the database. Starting without it takes an explicit
# opt-in (a site that issues no certificates yet); certificates issued there
# stay *pending*, with the reason recorded, until a key is configured.
CERTIFICATE_SIGNING_KEY_GENERATE = False
if not (CERTIFICATE_SIGNING_KEY or "").strip() and not env_bool(
    "CERTIFICATE_SIGNING_KEY_OPTIONAL"
):
    raise ImproperlyConfigured(
        "The environment variable CERTIFICATE_SIGNING_KEY must be set (an Ed25519 "
        "private key in PEM; see README). To start without certificate signing, "
        "set CERTIFICATE_SIGNING_KEY_OPTIONAL=1."
    )
