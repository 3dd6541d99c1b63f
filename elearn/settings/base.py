"""Settings shared by every environment.

Every value that differs between deployments comes from the environment; see the
configuration table in README.md. ``dev``, ``test`` and ``production`` only adjust
what this module sets.
"""

from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from .env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent

SECRET_KEY = env_str("SECRET_KEY", "")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
# Reverse proxies in front of the site that append the client's address to
# X-Forwarded-For (0: the header is ignored, it can be forged). See core.http.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
WAGTAILADMIN_BASE_URL = SITE_URL
WAGTAIL_SITE_NAME = "SHTT Hậu Giang"

# Project apps come first so that their templates and translations (including the
# Vietnamese for django-allauth, which ships none) take precedence.
PROJECT_APPS = [
    "core",
    "directory",
    "accounts",
    "courses",
    "quizzes",
    "certificates",
    "plan",
    "learning",
]

INSTALLED_APPS = [
    *PROJECT_APPS,
    "wagtail.contrib.settings",
    "wagtail.contrib.redirects",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail.api.v2",
    "wagtail",
    "modelcluster",
    "taggit",
    "rest_framework",
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "django_celery_beat",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "core.middleware.SiteLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # A learner at /admin/ gets a 403 page, not a redirect loop.
    "accounts.middleware.AdminAccessMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "elearn.urls"
# A refused form says why in the site's frame and language, not Django's English.
CSRF_FAILURE_VIEW = "core.errors.csrf_failure"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "wagtail.contrib.settings.context_processors.settings",
                "core.context_processors.site_chrome",
            ],
        },
    },
]

WSGI_APPLICATION = "elearn.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation."
        "UserAttributeSimilarityValidator"
    },
    {
        # OWASP ASVS 4.0.3 V2.1.1: at least 12 characters.
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    # allauth's backend with each person's permissions cached (accounts/backends.py).
    "accounts.backends.CachedPermissionsBackend",
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"

# --- Internationalisation: Vietnamese first, English second -------------------
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
WAGTAIL_CONTENT_LANGUAGES = [("vi", "Tiếng Việt")]
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
# Translations live in each app's locale/ folder; core holds the shared templates'.
# locale/ fills what the Vietnamese catalogues of Wagtail, Django and allauth lack
# (core.vendor_locale).
LOCALE_PATHS: list = [BASE_DIR / "locale"]

# --- Static and media files ---------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
if env_str("AWS_STORAGE_BUCKET_NAME"):
    # S3-compatible object storage (MinIO in docker-compose) for media and
    # generated PDFs once the platform runs on more than one machine.
    STORAGES["default"] = {"BACKEND": "storages.backends.s3.S3Storage"}
    AWS_S3_ENDPOINT_URL = env_str("AWS_S3_ENDPOINT_URL")
    AWS_STORAGE_BUCKET_NAME = env_str("AWS_STORAGE_BUCKET_NAME")
    AWS_QUERYSTRING_AUTH = True
    AWS_DEFAULT_ACL = None

DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# --- Cache (rate limits, fragment cache); Redis when configured -----------------
REDIS_CACHE_URL = env_str("REDIS_CACHE_URL")
if REDIS_CACHE_URL:
    CACHES = {
        "default": {
            # Django's RedisCache, but a Redis outage degrades it to an empty
            # cache (rate limits fail open) instead of a 500 on every login.
            "BACKEND": "core.cache.TolerantRedisCache",
            "LOCATION": REDIS_CACHE_URL,
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Each process's copy of the entries kept under a cache generation (pages' routes,
# course outlines, permissions): core.cache.PROCESS_CACHE.
CACHES["process"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "elearn-process",
    "OPTIONS": {"MAX_ENTRIES": env_int("PROCESS_CACHE_ENTRIES", 2000)},
}

# --- E-mail ---------------------------------------------------------------------
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str(
    "DEFAULT_FROM_EMAIL", "SHTT Hậu Giang <no-reply@shtt.haugiang.gov.vn>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- django-allauth: e-mail is the login --------------------------------------
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = env_str("ACCOUNT_EMAIL_VERIFICATION", "mandatory")
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_CHANGE_EMAIL = True
# A password change keeps this session (allauth updates its auth hash) and ends
# every other one: Django checks each session's hash of the password.
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
# Adding, removing or changing an e-mail asks for the password again (a borrowed
# session cannot take the account over); the old address hears of every change
# of e-mail or password.
ACCOUNT_REAUTHENTICATION_REQUIRED = True
ACCOUNT_REAUTHENTICATION_TIMEOUT = 300
ACCOUNT_EMAIL_NOTIFICATIONS = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[SHTT Hậu Giang] "
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
ACCOUNT_FORMS = {"signup": "accounts.forms.SignupForm"}
# Rate limits (allauth keeps the counters in the cache; a client is the address
# core.http.client_ip tells through TRUSTED_PROXY_COUNT). See docs/security.md.
# - login_failed_client (ours, accounts.adapter): wrong passwords for one
#   account from one client, with backoff: 5 in 5 min, 10 an hour, 20 a day.
#   A whole office behind one NAT is never locked out by one person's typos.
# - login_failed: ceilings against spraying many accounts from one client
#   (60 failures a minute) and many clients guessing one account (50 an hour).
# - login: sign-ins per client; a training room signs in at once behind a NAT.
# - reset_password: e-mails per address (3 an hour) and per client.
ACCOUNT_RATE_LIMITS = {
    "login_failed_client": "5/5m/key,10/h/key,20/d/key",
    "login_failed": "60/m/ip,50/h/key",
    "login": "300/m/ip",
    "signup": "20/m/ip",
    "reset_password": "5/m/ip,30/h/ip,3/h/key",
    "reset_password_from_key": "20/m/ip",
    "confirm_email": "1/3m/key",
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
    "reauthenticate": "10/m/user",
}

# --- Single sign-on for officials (OpenID Connect), next to e-mail login ----------
# Configured from the environment; without OIDC_ISSUER_URL no button is shown.
OIDC_ISSUER_URL = env_str("OIDC_ISSUER_URL", "").rstrip("/")
OIDC_PROVIDER_ID = env_str("OIDC_PROVIDER_ID", "sso")
SOCIALACCOUNT_ADAPTER = "accounts.adapter.SocialAccountAdapter"
SOCIALACCOUNT_PROVIDERS = {
    "openid_connect": {
        "APPS": [
            {
                "provider_id": OIDC_PROVIDER_ID,
                "name": env_str("OIDC_BUTTON_LABEL", "Đăng nhập một lần (SSO)"),
                "client_id": env_str("OIDC_CLIENT_ID", ""),
                "secret": env_str("OIDC_CLIENT_SECRET", ""),
                "settings": {"server_url": OIDC_ISSUER_URL, "oauth_pkce_enabled": True},
            }
        ]
        if OIDC_ISSUER_URL
        else [],
    }
}
# The identity provider has verified the official's address; the account is
# created from its claims and the learner is then asked for the profile.
SOCIALACCOUNT_EMAIL_VERIFICATION = "none"
SOCIALACCOUNT_EMAIL_REQUIRED = True
SOCIALACCOUNT_AUTO_SIGNUP = True
SOCIALACCOUNT_LOGIN_ON_GET = False
SOCIALACCOUNT_STORE_TOKENS = False

# --- Wagtail --------------------------------------------------------------------
WAGTAILSEARCH_BACKENDS = {
    # The database backend uses PostgreSQL full-text search on PostgreSQL and
    # a simpler fallback on SQLite.
    "default": {"BACKEND": "wagtail.search.backends.database"},
}
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "doc", "xlsx", "pptx", "odt", "txt", "zip"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
# One sign-in for everybody (allauth: throttling, verified e-mail, notices).
# Wagtail's own doors are closed: its login and /_util/login/ redirect to
# allauth (elearn/urls.py), and its account page manages neither the password
# nor the e-mail (allauth's /accounts/password/change/ and /accounts/email/ do).
WAGTAILADMIN_LOGIN_URL = "/accounts/login/"
WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = False
WAGTAIL_PASSWORD_RESET_ENABLED = False
WAGTAIL_EMAIL_MANAGEMENT_ENABLED = False
# A page restricted to signed-in people sends visitors to the site's own sign-in
# (allauth), not Wagtail's bare one.
WAGTAIL_FRONTEND_LOGIN_URL = "/accounts/login/"
WAGTAIL_ENABLE_UPDATE_CHECK = False
# No Gravatar: the site must work offline, and the CSP allows no third-party image.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# ASCII page slugs: the admin transliterates Vietnamese titles ("Điều" → "dieu").
WAGTAIL_ALLOW_UNICODE_SLUGS = False
WAGTAIL_I18N_ENABLED = False
WAGTAILEMBEDS_RESPONSIVE_HTML = True

REST_FRAMEWORK = {
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
}

# --- Celery -----------------------------------------------------------------------
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", "")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_DEFAULT_QUEUE = "elearn"
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Publishing must not hang a web request when Redis is away: fail fast and keep
# the message in the outbox (core.outbox), flushed when the broker is back.
# A message a worker took but did not acknowledge (the worker was killed) goes
# back to the queue after the visibility timeout.
# Background jobs (bulk issue, imports, exports) hold a lease on their row:
# claiming the job and each progress step renew it. The sweep (beat, every
# JOB_SWEEP_SECONDS) queues again every running job whose lease ran out, so a
# job whose worker was killed resumes within lease + sweep (3 minutes), not
# after the visibility timeout. The lease must exceed the longest step between
# two progress reports (seconds: ten certificates, a thousand rows).
JOB_LEASE_SECONDS = env_int("JOB_LEASE_SECONDS", 120)
JOB_SWEEP_SECONDS = env_int("JOB_SWEEP_SECONDS", 60)
JOB_MAX_RESTARTS = env_int("JOB_MAX_RESTARTS", 3)
# The visibility timeout matches: past lease + sweep (+ margin), so for a job
# the sweep acts first, and the other messages of a dead worker (renderings,
# e-mails: idempotent) come back within five minutes. A job still running
# when its message comes back loses nothing: the copy finds the run lock held
# and steps aside (core.locks).
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "max_retries": 1,
    "interval_start": 0,
    "visibility_timeout": env_int(
        "CELERY_VISIBILITY_TIMEOUT", JOB_LEASE_SECONDS + JOB_SWEEP_SECONDS + 120
    ),
}
CELERY_TASK_PUBLISH_RETRY = False
# A Redis blip does not cancel the tasks running (Celery 6 will): a long job
# keeps going, and the copy of its message restored after the visibility timeout
# finds it done, or still running (core.locks), and does nothing.
CELERY_WORKER_CANCEL_LONG_RUNNING_TASKS_ON_CONNECTION_LOSS = False
CELERY_RESULT_BACKEND = None
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# Periodic tasks; django-celery-beat's DatabaseScheduler copies these into its
# tables at start-up, where editors may adjust them.
CELERY_BEAT_SCHEDULE = globals().get("CELERY_BEAT_SCHEDULE", {})
CELERY_BEAT_SCHEDULE["quizzes-close-expired-attempts"] = {
    "task": "quizzes.close_expired_attempts",
    "schedule": 60.0,
}
# Messages kept in the outbox while the broker was away (also flushed each time
# a worker connects; see core.worker).
CELERY_BEAT_SCHEDULE["core-deferred-tasks-flush"] = {
    "task": "core.deferred_tasks_flush",
    "schedule": 60.0,
}
# Running jobs whose worker died (their lease ran out) are queued again.
CELERY_BEAT_SCHEDULE["core-jobs-recover"] = {
    "task": "core.jobs_recover",
    "schedule": float(JOB_SWEEP_SECONDS),
}
# A second net for certificates: pending ones whose message was lost anyway are
# rendered (and their e-mails sent) by this sweep; see
# certificates.sweep.certificates_sweep.
CELERY_BEAT_SCHEDULE["certificates-render-pending"] = {
    "task": "certificates.tasks.render_pending",
    "schedule": 300.0,
}
# Seconds after a quiz's time limit during which answers are still accepted
# (network latency, a slow last autosave).
QUIZ_GRACE_SECONDS = 30
# An attempt with neither a time limit nor a close date that nobody touched for
# this many hours is closed and graded (saved answers kept) by the periodic
# sweep; 0 turns it off.
QUIZ_ABANDON_AFTER_HOURS = env_int("QUIZ_ABANDON_AFTER_HOURS", 72)

# --- Security headers (production tightens further) -------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
CONTENT_SECURITY_POLICY = {
    # The Wagtail admin relies on inline styles and scripts of its own; the
    # public site does not, so it gets the strict policy.
    "EXCLUDE_URL_PREFIXES": ["/admin/", "/django-admin/"],
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "frame-src": [
            "'self'",
            "https://www.youtube.com",
            "https://www.youtube-nocookie.com",
            "https://player.vimeo.com",
        ],
        "connect-src": ["'self'"],
        # The SSO button's form is answered by a redirect to the identity
        # provider, which browsers check against form-action.
        "form-action": ["'self'", *([OIDC_ISSUER_URL] if OIDC_ISSUER_URL else [])],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        # Wagtail's search-index and reference-index tasks log every run at INFO.
        "django_tasks": {"level": "WARNING"},
        "wagtail": {"level": "WARNING"},
    },
}

# --- Platform -----------------------------------------------------------------------
# Private Ed25519 key (PEM) that signs certificate payloads; see README.
CERTIFICATE_SIGNING_KEY = env_str("CERTIFICATE_SIGNING_KEY", "")
CERTIFICATE_SIGNING_KEY_ID = env_str("CERTIFICATE_SIGNING_KEY_ID", "")
# Without a configured key, development and the demo generate one and keep it
# (private half included) in the database. Production turns this off: a key
# stored in plaintext next to the data it vouches for is no key at all.
CERTIFICATE_SIGNING_KEY_GENERATE = True
CERTIFICATE_SERIAL_PREFIX = env_str("CERTIFICATE_SERIAL_PREFIX", "SHTT")
# Public verification (/verify/): requests per client address per window (s).
CERTIFICATE_VERIFY_RATE_LIMIT = env_int("CERTIFICATE_VERIFY_RATE_LIMIT", 30)
CERTIFICATE_VERIFY_RATE_WINDOW = env_int("CERTIFICATE_VERIFY_RATE_WINDOW", 60)
PLATFORM_NAME = _("Intellectual property training platform")

# Plan 66/KH-UBND: the day (month-day) plan managers are reminded of the annual
# report and focal points of missing attendance; exports above this many rows
# run as a Celery job with a progress bar.
PLAN_REMINDER_DATE = tuple(
    int(p) for p in env_str("PLAN_REMINDER_DATE", "12-01").split("-")
)
PLAN_EXPORT_SYNC_LIMIT = env_int("PLAN_EXPORT_SYNC_LIMIT", 5000)
# The plan dashboard shows figures counted at most this many seconds ago while
# a background task recounts (0: recount on the next view after every change).
PLAN_DASHBOARD_FRESH_SECONDS = env_int("PLAN_DASHBOARD_FRESH_SECONDS", 60)

# What `manage.py load_demo` runs, in order; each returns lines to print.
# The steps of a course's outline after its lessons (courses.steps), in order:
# lesson quizzes and final exams, then the certificate.
COURSE_OUTLINE_STEPS = [
    "quizzes.steps.quiz_steps",
    "certificates.steps.certificate_steps",
]

DEMO_LOADERS = [
    # The directory with its history, as setup_site, and a sample issuer of
    # the merged city.
    "directory.demo.load",
    "core.demo.load",
    "accounts.demo.load",
    "courses.demo.load",
    "quizzes.demo.load",
    # After the quizzes (it passes their exams), before the certificates.
    "learning.demo.load",
    "certificates.demo.load",
    # Keep last: it links the demo courses to the plan's tasks.
    "plan.demo.load",
]

# What `manage.py setup_site` runs for a real deployment, in order: reference data
# and empty pages only, no demo account or content. Each returns lines to print.
SETUP_STEPS = [
    "accounts.setup.load",
    "directory.setup.load",
    "core.setup.load",
    "courses.setup.load",
    "plan.setup.load",
]
# The site's name (Wagtail's site record, e-mails) and the plan files setup_site loads.
WAGTAIL_SITE_NAME = env_str("SITE_NAME", WAGTAIL_SITE_NAME)
PLAN_FILES = env_list(
    "PLAN_FILES", [str(BASE_DIR / "plan" / "seeds" / "66-KH-UBND-2021.json")]
)
