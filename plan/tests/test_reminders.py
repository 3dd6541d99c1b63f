"""Reminders on 1 December: the annual report and missing attendance."""

import datetime

import pytest
from django.core import mail

from accounts.services import units_set
from plan.models import AnnualReport
from plan.services import (
    annual_report_reminders_send,
    annual_report_render,
    attendance_reminders_send,
    periodic_tasks_ensure,
)
from plan.tests.factories import enrol, headcount_world, training_class

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(home_page):
    world = headcount_world(home_page)
    world["plan"].is_current = True
    world["plan"].period_start, world["plan"].period_end = 2021, 2030
    world["plan"].save()
    return world


def test_plan_managers_are_reminded_until_the_report_exists(world, plan_manager):
    today = datetime.date(2022, 12, 1)
    assert annual_report_reminders_send(today=today) == 1
    assert mail.outbox[0].to == [plan_manager.email]
    assert "2022" in mail.outbox[0].subject
    annual_report_render(
        report=AnnualReport.objects.create(plan=world["plan"], year=2022)
    )
    assert annual_report_reminders_send(today=today) == 1 - 1


def test_focal_points_hear_about_their_people_without_attendance(world, focal_point):
    units_set(user=focal_point, units=[world["u1"]])
    klass = training_class(world["c"], "k2", sessions=2)
    learner = world["p"][1]
    enrol(
        learner,
        world["c"],
        unit=world["u1"],
        group=world["g1"],
        commune=None,
        year=2022,
        status="active",
        klass=klass,
    )
    assert attendance_reminders_send() == 1
    assert mail.outbox[0].to == [focal_point.email]
    assert learner.email in mail.outbox[0].body
    assert world["p"][4].email not in mail.outbox[0].body  # u2, and recorded


def test_periodic_tasks_are_created_once(db):
    from django_celery_beat.models import PeriodicTask

    periodic_tasks_ensure()
    lines = periodic_tasks_ensure()
    assert all(line.startswith("periodic task kept") for line in lines)
    tasks = PeriodicTask.objects.filter(name__startswith="plan:")
    assert tasks.count() == 2
    assert {t.crontab.day_of_month for t in tasks} == {"1"}
    assert {t.crontab.month_of_year for t in tasks} == {"12"}


def test_every_migrated_database_has_the_reminders(db):
    """The test database is built by ``migrate``: no demo loader has run."""
    from django_celery_beat.models import PeriodicTask

    tasks = PeriodicTask.objects.filter(name__startswith="plan:").select_related(
        "crontab"
    )
    assert {t.task for t in tasks if t.enabled} == {
        "plan.tasks.annual_report_reminders",
        "plan.tasks.attendance_reminders",
    }
    assert {
        (t.crontab.hour, t.crontab.day_of_month, t.crontab.month_of_year) for t in tasks
    } == {("8", "1", "12")}


def test_migrate_recreates_missing_reminders_and_keeps_an_admins_choice(db):
    from django.core.management import call_command
    from django_celery_beat.models import PeriodicTask

    PeriodicTask.objects.filter(name="plan: missing attendance reminder").delete()
    PeriodicTask.objects.filter(name="plan: annual report reminder").update(
        enabled=False
    )
    call_command("migrate", verbosity=0)
    tasks = {t.name: t for t in PeriodicTask.objects.filter(name__startswith="plan:")}
    assert tasks["plan: missing attendance reminder"].enabled
    assert not tasks["plan: annual report reminder"].enabled


def test_a_new_reminder_date_moves_the_schedules(db, settings):
    from django_celery_beat.models import PeriodicTask

    settings.PLAN_REMINDER_DATE = (11, 20)
    lines = periodic_tasks_ensure()
    assert all(line.startswith("periodic task updated") for line in lines)
    tasks = PeriodicTask.objects.filter(name__startswith="plan:")
    assert {(t.crontab.day_of_month, t.crontab.month_of_year) for t in tasks} == {
        ("20", "11")
    }


def test_a_focal_point_hears_about_a_grandchild_units_people(world, focal_point):
    from tests.factories import UnitFactory

    child = UnitFactory(parent=world["u1"])
    grandchild = UnitFactory(parent=child)
    units_set(user=focal_point, units=[world["u1"]])
    klass = training_class(world["c"], "k3", sessions=2)
    learner = world["p"][1]
    enrol(
        learner,
        world["c"],
        unit=grandchild,
        group=world["g1"],
        commune=None,
        year=2022,
        status="active",
        klass=klass,
    )
    assert attendance_reminders_send() == 1
    assert mail.outbox[0].to == [focal_point.email]
    assert learner.email in mail.outbox[0].body
