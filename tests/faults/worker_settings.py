"""Settings of the Celery workers that the fault tests start.

The test settings, plus what the tests need to observe from outside: Celery
not eager (a real broker), e-mail written to files the test counts, the test's
own Redis as cache, media in the test's folder, and the unacknowledged-message
scan every second (the visibility timeout itself comes from
CELERY_VISIBILITY_TIMEOUT, as in production).
"""

import os

from elearn.settings.test import *  # noqa: F401,F403

CELERY_TASK_ALWAYS_EAGER = False
EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = os.environ["FAULT_EMAIL_DIR"]
MEDIA_ROOT = os.environ["FAULT_MEDIA_ROOT"]
CACHES = {
    "default": {
        "BACKEND": "core.cache.TolerantRedisCache",
        "LOCATION": os.environ["REDIS_CACHE_URL"],
        "RETRY_AFTER": 1,
    }
}
CELERY_BROKER_TRANSPORT_OPTIONS = {
    **CELERY_BROKER_TRANSPORT_OPTIONS,  # noqa: F405
    "unacked_restore_interval": 1,
    "unacked_restore_throttle": 1,
}
CERTIFICATE_SWEEP_GRACE_SECONDS = 0
LOGGING["root"]["level"] = "INFO"  # noqa: F405
