"""The periodic sweep closes attempts that have no deadline (no time limit, no
close date) once nobody has touched them for QUIZ_ABANDON_AFTER_HOURS, grading
the answers saved, and what their grades complete (``learning.services``)."""

import datetime

import pytest
from django.test import override_settings
from django.utils import timezone

from courses.models import LessonProgress
from learning.services import attempts_close_expired
from quizzes.models import AttemptState
from quizzes.services import attempt_finish, attempt_save_answers, attempt_start

from .factories import right_answers

pytestmark = pytest.mark.django_db
HOUR = datetime.timedelta(hours=1)


def start(setup, now):
    return attempt_start(
        user=setup["user"], quiz=setup["quiz"], lesson=setup["lesson"], now=now
    )


@override_settings(QUIZ_ABANDON_AFTER_HOURS=72)
def test_an_untouched_attempt_without_a_deadline_is_closed_and_graded(lesson_setup):
    user = lesson_setup["user"]
    t0 = timezone.now()
    attempt = start(lesson_setup, t0)
    assert attempt.deadline is None
    attempt_save_answers(
        attempt=attempt, user=user, answers=right_answers(attempt), now=t0
    )
    assert attempts_close_expired(now=t0 + 71 * HOUR) == 0
    assert attempts_close_expired(now=t0 + 73 * HOUR) == 1
    attempt.refresh_from_db()
    assert attempt.state == AttemptState.ABANDONED
    assert (attempt.score, attempt.passed) == (3, True)  # saved answers kept
    assert attempt.submitted_at == t0 + 73 * HOUR
    assert LessonProgress.objects.filter(user=user).exists()
    assert attempts_close_expired(now=t0 + 80 * HOUR) == 0


@override_settings(QUIZ_ABANDON_AFTER_HOURS=72)
def test_saving_an_answer_keeps_the_attempt_open(lesson_setup):
    user = lesson_setup["user"]
    t0 = timezone.now()
    attempt = start(lesson_setup, t0)
    slot = min(right_answers(attempt))
    attempt_save_answers(attempt=attempt, user=user, answers={slot: 0}, now=t0)
    attempt_save_answers(
        attempt=attempt, user=user, answers={slot: 1}, now=t0 + 70 * HOUR
    )
    assert attempts_close_expired(now=t0 + 100 * HOUR) == 0
    assert attempts_close_expired(now=t0 + 143 * HOUR) == 1


@override_settings(QUIZ_ABANDON_AFTER_HOURS=72)
def test_an_answer_saved_while_the_sweep_ran_wins(lesson_setup):
    """The sweep re-checks under the attempt's lock before closing it."""
    user = lesson_setup["user"]
    t0 = timezone.now()
    attempt = start(lesson_setup, t0)
    slot = min(right_answers(attempt))
    attempt_save_answers(
        attempt=attempt, user=user, answers={slot: 0}, now=t0 + 99 * HOUR
    )
    closed = attempt_finish(
        attempt=attempt, now=t0 + 100 * HOUR, idle_since=t0 + 28 * HOUR
    )
    attempt.refresh_from_db()
    assert closed is False and attempt.state == AttemptState.IN_PROGRESS


@override_settings(QUIZ_ABANDON_AFTER_HOURS=72)
def test_an_attempt_with_a_close_date_waits_for_it(lesson_setup):
    quiz = lesson_setup["quiz"]
    t0 = timezone.now()
    quiz.closes_at = t0 + 10 * 24 * HOUR
    quiz.save()
    attempt = start(lesson_setup, t0)
    assert attempts_close_expired(now=t0 + 5 * 24 * HOUR) == 0
    assert attempts_close_expired(now=t0 + 11 * 24 * HOUR) == 1
    attempt.refresh_from_db()
    assert attempt.state == AttemptState.ABANDONED


@override_settings(QUIZ_ABANDON_AFTER_HOURS=0)
def test_the_idle_rule_can_be_turned_off(lesson_setup):
    t0 = timezone.now()
    start(lesson_setup, t0)
    assert attempts_close_expired(now=t0 + 1000 * HOUR) == 0


def test_the_default_is_72_hours(lesson_setup, settings):
    del settings.QUIZ_ABANDON_AFTER_HOURS
    t0 = timezone.now()
    start(lesson_setup, t0)
    assert attempts_close_expired(now=t0 + 71 * HOUR) == 0
    assert attempts_close_expired(now=t0 + 73 * HOUR) == 1
