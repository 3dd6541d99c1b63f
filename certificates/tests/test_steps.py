"""The certificate at the end of a course's outline and its status JSON, which
the page waiting for it polls."""

import pytest
from django.urls import reverse

from certificates import services
from certificates.rendering import certificate_render
from courses.steps import DONE, LOCKED, PENDING, steps_provided
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _certificate_step(user, course, enrollment):
    steps = steps_provided(
        user=user, courses=[course], enrollments={course.pk: enrollment}
    )[course.pk]
    return next(step for step in steps if step.kind == "certificate")


def test_before_completion_the_certificate_is_promised_not_linked(learner, course):
    step = _certificate_step(learner, course, None)
    assert step.state == LOCKED and step.url == ""


def test_a_completed_course_links_its_certificate_or_says_it_is_being_issued(
    completed, course
):
    user = completed.user
    pending = services.certificate_issue(enrollment=completed)
    step = _certificate_step(user, course, completed)
    assert step.state == PENDING
    assert step.status_url == reverse("certificates:status", args=[pending.pk])

    certificate_render(certificate_id=pending.pk, notify=False)
    pending.refresh_from_db()
    step = _certificate_step(user, course, completed)
    assert step.state == DONE and pending.serial in step.title
    assert (
        reverse("certificates:download", args=[pending.pk])
        in dict((str(label), url) for label, url in step.links).values()
    )


def test_the_status_json_answers_the_holder_while_it_renders_and_when_ready(
    client, completed
):
    certificate = services.certificate_issue(enrollment=completed)
    url = reverse("certificates:status", args=[certificate.pk])
    client.force_login(completed.user)
    data = client.get(url).json()
    assert data == {"status": "pending", "ready": False}

    certificate_render(certificate_id=certificate.pk, notify=False)
    response = client.get(url)
    data = response.json()
    assert data["ready"] is True and data["status"] == "issued"
    assert data["pdf_url"] == reverse("certificates:download", args=[certificate.pk])
    assert data["verify_url"].startswith("/verify/")
    assert response["Cache-Control"] == "no-store"


def test_the_status_json_is_the_holders_alone(client, completed):
    certificate = services.certificate_issue(enrollment=completed)
    url = reverse("certificates:status", args=[certificate.pk])
    assert client.get(url).status_code == 302  # to the login page
    client.force_login(UserFactory())
    assert client.get(url).status_code == 403
    assert client.post(url).status_code in (403, 405)
