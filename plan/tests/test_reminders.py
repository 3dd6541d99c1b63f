"""Reminders on 1 December: the annual report and missing attendance."""

import datetime

import pytest
from django.core import mail

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
    focal_point.profile.unit = world["u1"]
    focal_point.profile.save()
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
    periodic_tasks_ensure()
    tasks = PeriodicTask.objects.filter(name__startswith="plan:")
    assert tasks.count() == 2
    assert {t.crontab.day_of_month for t in tasks} == {"1"}
    assert {t.crontab.month_of_year for t in tasks} == {"12"}
