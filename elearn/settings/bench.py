"""Benchmark runs (make bench): production-like, on loopback, over plain HTTP.

DEBUG off, persistent DB connections, no HTTPS redirect (gunicorn is reached on
127.0.0.1 directly), and its own URLconf (bench.urls), the site's plus the
baseline view at /bench/baseline/ (see bench/views.py). Never use these
settings for a site.
"""

from .base import *  # noqa: F401,F403
from .env import env_int, env_str

DEBUG = False
ROOT_URLCONF = "bench.urls"
SECRET_KEY = env_str("SECRET_KEY", "") or "bench-only-key-not-secret-" + "x" * 30
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
DATABASES["default"]["CONN_MAX_AGE"] = env_int("DB_CONN_MAX_AGE", 600)  # noqa: F405
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
WHITENOISE_USE_FINDERS = True
MEDIA_ROOT = BASE_DIR / "bench" / "results" / "tmp" / "media"  # noqa: F405
TEMPLATES[0]["DIRS"] = [*TEMPLATES[0]["DIRS"], BASE_DIR / "bench" / "templates"]  # noqa: F405
ACCOUNT_EMAIL_VERIFICATION = "none"
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# The load test sends far more than a person would; allauth's limits stay on.
LOGGING["root"]["level"] = "WARNING"  # noqa: F405
LOGGING["loggers"]["django.request"] = {"level": "ERROR"}  # noqa: F405
# Every simulated learner comes from 127.0.0.1: the per-address limit of the
# public verification page would refuse them after 30 requests a minute.
CERTIFICATE_VERIFY_RATE_LIMIT = 1_000_000
