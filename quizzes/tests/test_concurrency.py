"""Two simultaneous starts cannot exceed the attempt limit; two submits grade once
(PostgreSQL: threads with their own connections)."""

import threading

import pytest
from django.db import connection

from quizzes.models import Attempt, AttemptState
from quizzes.services import QuizError, attempt_start, attempt_submit

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def run_together(target, n=2):
    barrier = threading.Barrier(n)
    results = []

    def worker():
        try:
            barrier.wait()
            results.append(target())
        except QuizError as exc:
            results.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_simultaneous_starts_do_not_exceed_the_attempt_limit(
    postgres_only, lesson_setup
):
    quiz, user = lesson_setup["quiz"], lesson_setup["user"]
    quiz.max_attempts = 2
    quiz.save()
    first = attempt_start(user=user, quiz=quiz, lesson=lesson_setup["lesson"])
    attempt_submit(attempt=first, user=user)

    def start_and_submit():
        attempt = attempt_start(user=user, quiz=quiz, lesson=lesson_setup["lesson"])
        attempt_submit(attempt=attempt, user=user)
        return attempt

    results = run_together(start_and_submit, n=4)
    assert Attempt.objects.filter(user=user, quiz=quiz).count() == 2
    # The others resumed that same second attempt (or were refused): never a third.
    started = {r.pk for r in results if isinstance(r, Attempt)}
    assert len(started) == 1
    # Those that came after it was submitted read why they cannot start.
    refused = [r for r in results if isinstance(r, QuizError)]
    assert all(r.code == "limit" for r in refused)
    assert all("2" in r.message for r in refused)


def test_simultaneous_submits_grade_once(postgres_only, lesson_setup):
    user = lesson_setup["user"]
    attempt = attempt_start(
        user=user, quiz=lesson_setup["quiz"], lesson=lesson_setup["lesson"]
    )
    results = run_together(lambda: attempt_submit(attempt=attempt, user=user), n=4)
    graded_now = [r[1] for r in results if isinstance(r, tuple)]
    assert graded_now.count(True) == 1 and len(graded_now) == 4
    attempt.refresh_from_db()
    assert attempt.state == AttemptState.SUBMITTED
