"""Redis stops in the middle of a run; learners carry on; nothing is lost.

The test starts its own redis-server (broker on db 0, cache on db 1) and a real
``celery worker`` on the test database, then stops Redis. A learner signs in
(allauth's rate limits live in the cache), asks to join a course that needs
approval (an e-mail to send) and passes the final quiz of another course (a
certificate to render and e-mail), all through the real views. Every request
answers normally and every row is saved; the messages wait in the outbox.
When Redis is back, the worker connects again, flushes the outbox, renders the
certificate and sends each e-mail exactly once.

What was lost: nothing (the counts at the end).
"""

import time

import pytest
from django.test import Client
from django.urls import reverse

from certificates.models import Certificate, CertificateStatus
from core.models import DeferredTask, TaskReceipt
from courses.models import Enrollment, EnrollmentStatus, EnrolmentMode
from quizzes.models import Attempt, AttemptState
from quizzes.tests.factories import (
    QuestionFactory,
    course_tree,
    enrol,
    place_quiz,
    quiz_with_questions,
    right_answers,
)
from tests.factories import PASSWORD

from .redis import celery_on, sent_emails, wait_for

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.redis_server,
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def courses(home_page, learner):
    """An approval course, and an open course whose only lesson holds a quiz
    that completes it (the learner is enrolled there already)."""
    approval, _module, _lessons = course_tree(home_page, slug="can-duyet")
    approval.enrolment_mode = EnrolmentMode.APPROVAL
    approval.save()
    course, _module, (lesson,) = course_tree(home_page, slug="co-chung-nhan")
    course.awards_certificate = True
    course.save()
    quiz = quiz_with_questions(
        [QuestionFactory() for _ in range(2)],
        shuffle_questions=False,
        shuffle_choices=False,
    )
    place_quiz(lesson, quiz)
    return {
        "approval": approval,
        "course": course,
        "lesson": lesson,
        "quiz": quiz,
        "enrollment": enrol(learner, course),
    }


def test_with_redis_stopped_learners_carry_on_and_nothing_is_lost(
    postgres_only, settings, redis_server, start_worker, fault_dirs, learner, courses
):
    settings.CACHES = {
        "default": {
            "BACKEND": "core.cache.TolerantRedisCache",
            "LOCATION": redis_server.url(1),
            "RETRY_AFTER": 1,
        }
    }
    worker = start_worker()
    mail = fault_dirs["mail"]

    with celery_on(redis_server.url(0)):
        redis_server.stop()

        # Sign in through allauth (its rate limits use the cache).
        client = Client()
        signed_in = client.post(
            reverse("account_login"), {"login": learner.email, "password": PASSWORD}
        )
        assert signed_in.status_code == 302, signed_in.content[:500]

        # Ask to join the approval course: the request is saved, its e-mail waits.
        asked = client.post(reverse("courses:enrol", args=[courses["approval"].pk]))
        assert asked.status_code == 302
        request = Enrollment.objects.get(user=learner, course=courses["approval"])
        assert request.status == EnrollmentStatus.PENDING

        # Take and pass the final quiz of the other course.
        quiz, lesson = courses["quiz"], courses["lesson"]
        started = client.post(
            reverse("quizzes:start", args=[quiz.slug]), {"lesson": lesson.pk}
        )
        assert started.status_code == 302
        attempt = Attempt.objects.get(user=learner)
        assert client.get(started.url).status_code == 200
        answers = {f"q{slot}": str(pos) for slot, pos in right_answers(attempt).items()}
        submitted = client.post(reverse("quizzes:submit", args=[attempt.pk]), answers)
        assert submitted.status_code == 302
        assert client.get(submitted.url).status_code == 200

        attempt.refresh_from_db()
        assert attempt.state == AttemptState.SUBMITTED and attempt.percent == 100
        enrollment = courses["enrollment"]
        enrollment.refresh_from_db()
        assert enrollment.status == EnrollmentStatus.COMPLETED
        certificate = Certificate.objects.get(enrollment=enrollment)
        assert certificate.status == CertificateStatus.PENDING
        assert sorted(DeferredTask.objects.values_list("task", flat=True)) == [
            "certificates.tasks.render_certificate",
            "courses.tasks.enrollment_notify",
        ]
        assert sent_emails(mail) == []

        # Redis comes back: the worker reconnects and flushes the outbox.
        redis_server.start()

        def delivered():
            certificate.refresh_from_db()
            return certificate.status == CertificateStatus.ISSUED and (
                len(sent_emails(mail)) >= 2
            )

        wait_for(
            delivered,
            timeout=45,
            message=lambda: (
                "not delivered after Redis came back:\n" + worker.log()[-3000:]
            ),
        )
        # Give a duplicate, if there were one, the time to arrive.
        time.sleep(2)

    # What was lost: nothing. Each row once, each e-mail exactly once.
    messages = sent_emails(mail)
    assert [m["To"] for m in messages] == [learner.email, learner.email]
    subjects = sorted(m["Subject"] for m in messages)
    assert len(set(subjects)) == 2, subjects
    assert certificate.pdf and Certificate.objects.count() == 1
    assert Enrollment.objects.filter(user=learner).count() == 2
    assert Attempt.objects.filter(user=learner).count() == 1
    assert not DeferredTask.objects.exists()
    notified = TaskReceipt.objects.filter(task="courses.tasks.enrollment_notify")
    assert notified.count() == 1
