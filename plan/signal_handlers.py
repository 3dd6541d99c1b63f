"""Receivers of the plan app, each for named senders (connected by
``PlanConfig.ready``).

- The cached dashboards follow the plan and its targets as the Wagtail admin
  saves them (changes of enrolments move courses' ``ENROLLMENTS``, which the
  headcount's generation follows: see ``plan.headcount_cache``).
- The reports' cached filter options follow the models they offer
  (``plan.filters.FILTER_OPTIONS``).
- Every deployment gets the 1 December reminders: their schedules are ensured
  after each ``migrate``.
"""

from django.db import connections
from django.db.models.signals import post_delete, post_migrate, post_save

from .headcount_cache import generation_bump
from .models import Plan, YearlyTarget
from .options_cache import FILTER_OPTION_MODELS, FILTER_OPTIONS
from .services import periodic_tasks_ensure

UID = "plan.headcount"


def plan_changed(sender, raw=False, **kwargs):
    # Targets and the plan's period are on the dashboard too.
    if not raw:
        generation_bump()


def filter_options_changed(sender, **kwargs) -> None:
    FILTER_OPTIONS.bump()


def reminders_after_migrate(sender, using="default", verbosity=1, **kwargs):
    if kwargs.get("plan") is None:
        # ``flush`` (between transactional tests) also sends post_migrate, without
        # a migration plan; recreating the rows there would collide with the rows
        # a serialized rollback restores. Only a real ``migrate`` ensures them.
        return
    if (
        "django_celery_beat_periodictask"
        not in connections[using].introspection.table_names()
    ):
        return  # django-celery-beat not migrated yet (``migrate plan`` alone)
    for line in periodic_tasks_ensure(using=using):
        if verbosity > 1:
            print(f"  plan: {line}")


def connect(app_config) -> None:
    post_migrate.connect(reminders_after_migrate, sender=app_config)
    for signal in (post_save, post_delete):
        for model in (Plan, YearlyTarget):
            signal.connect(plan_changed, sender=model, dispatch_uid=UID)
        for model in FILTER_OPTION_MODELS:
            signal.connect(
                filter_options_changed, sender=model, dispatch_uid="plan.filters"
            )
