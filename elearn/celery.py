"""Celery application.

Tasks live in each app's ``tasks.py`` and are autodiscovered. Without a broker
(``CELERY_BROKER_URL`` unset) the settings make Celery run tasks eagerly, so the
demo and the default test run need no Redis.
"""

import os

from celery import Celery

from core.worker import FlushOutboxOnConnect

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "elearn.settings.dev")

app = Celery("elearn")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
# Publish what the outbox kept while the broker was away, on every connection.
app.steps["consumer"].add(FlushOutboxOnConnect)
