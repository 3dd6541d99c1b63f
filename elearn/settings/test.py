"""Test settings: fast hashing, in-memory e-mail, eager Celery by default.

With DATABASE_URL and CELERY_BROKER_URL set (CI), the same suite runs against
PostgreSQL; tests marked ``real_worker`` switch eager mode off for themselves.
"""

import os

from .base import *  # noqa: F401,F403
from .env import env_str

SECRET_KEY = "test-only-key"
DEBUG = False
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CELERY_TASK_ALWAYS_EAGER = True
CACHES["default"] = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}  # noqa: F405
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
MEDIA_ROOT = BASE_DIR / ".test-media"  # noqa: F405
SITE_URL = "http://testserver"
WAGTAILADMIN_BASE_URL = SITE_URL
if os.environ.get("TEST_DATABASE_NAME"):
    # A fixed name lets the Celery worker started by .ci/run reach the test DB.
    DATABASES["default"]["TEST"] = {"NAME": env_str("TEST_DATABASE_NAME")}  # noqa: F405
# Tests see a change on the next request; the 60-second window has its own tests.
PLAN_DASHBOARD_FRESH_SECONDS = 0
LOGGING["root"]["level"] = "WARNING"  # noqa: F405
