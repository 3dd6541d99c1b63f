"""Receivers of the plan app, each for named senders (connected by
``PlanConfig.ready``).

- ``Enrollment.trained_on`` and the cached dashboards follow their inputs
  (``plan.trained``): the courses and certificates services announce changed
  enrolments with ``courses.signals.enrollments_changed``; edits made in the
  Wagtail admin to classes, sessions and courses, and to the plan and its
  targets, arrive as model signals.
- The reports' cached filter options follow the models they offer
  (``plan.filters.FILTER_OPTIONS``).
- Every deployment gets the 1 December reminders: their schedules are ensured
  after each ``migrate``.
"""

from django.db import connections
from django.db.models.signals import post_delete, post_migrate, post_save
from wagtail.signals import page_published

from courses.models import ClassSession, TrainingClass
from courses.pages import CoursePage
from courses.signals import enrollments_changed

from .filters import FILTER_OPTION_MODELS, FILTER_OPTIONS
from .headcount_cache import generation_bump
from .models import Plan, YearlyTarget
from .services import periodic_tasks_ensure
from .trained import headcount_changed

UID = "plan.trained"


def enrollments_changed_received(
    sender, *, enrollment_ids=None, training_class_id=None, course_id=None, **kwargs
):
    headcount_changed(
        enrollment_ids=enrollment_ids,
        training_class_id=training_class_id,
        course_id=course_id,
    )


def class_changed(sender, instance, raw=False, **kwargs):
    # The end date (the year counted), the minimum or a session changed.
    if not raw:
        headcount_changed(training_class_id=instance.pk)


def session_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        headcount_changed(training_class_id=instance.training_class_id)


def course_published(sender, instance, **kwargs):
    # "Awards a certificate" decides which rule applies; it changes on publish.
    headcount_changed(course_id=instance.pk)


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
    enrollments_changed.connect(enrollments_changed_received, dispatch_uid=UID)
    post_save.connect(class_changed, sender=TrainingClass, dispatch_uid=UID)
    page_published.connect(course_published, sender=CoursePage, dispatch_uid=UID)
    for signal in (post_save, post_delete):
        signal.connect(session_changed, sender=ClassSession, dispatch_uid=UID)
        for model in (Plan, YearlyTarget):
            signal.connect(plan_changed, sender=model, dispatch_uid=UID)
        for model in FILTER_OPTION_MODELS:
            signal.connect(
                filter_options_changed, sender=model, dispatch_uid="plan.filters"
            )
