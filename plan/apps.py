from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class PlanConfig(AppConfig):
    """The provincial plan as data, headcount reports and the annual report."""

    name = "plan"
    verbose_name = _("Plan")

    def ready(self):
        # Every deployment gets the 1 December reminders: the schedules are
        # ensured after each ``migrate``.
        post_migrate.connect(_reminders_after_migrate, sender=self)
        from .filters import options_connect
        from .trained import signals_connect

        # Enrollment.trained_on and the cached dashboards follow their inputs;
        # the reports' cached filter options follow the models they offer.
        signals_connect()
        options_connect()


def _reminders_after_migrate(sender, using="default", verbosity=1, **kwargs):
    from django.db import connections

    from .services import periodic_tasks_ensure

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
