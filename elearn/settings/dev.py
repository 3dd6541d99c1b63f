"""Local development and `make demo`: SQLite, console e-mail, eager Celery."""

from .base import *  # noqa: F401,F403
from .env import env_bool, env_str

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = env_str("SECRET_KEY", "") or "dev-only-insecure-key-never-in-production"
ALLOWED_HOSTS = ["*"]
ACCOUNT_EMAIL_VERIFICATION = env_str("ACCOUNT_EMAIL_VERIFICATION", "optional")
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
