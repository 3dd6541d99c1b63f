import json

import pytest
from django.urls import reverse

from certificates import services

from . import factories


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def course(home_page):
    return factories.course_page(home_page)


@pytest.fixture
def training_class(course):
    return factories.training_class(course)


@pytest.fixture
def completed(learner, course, training_class):
    """The learner's completed enrolment in a class of a course with a certificate."""
    learner.profile.full_name = "Nguyễn Thị Thu Hà"
    learner.profile.save()
    return factories.enrollment(learner, course, training_class=training_class)


@pytest.fixture
def badge(client, completed, django_capture_on_commit_callbacks):
    """The Open Badges 3.0 credential of a freshly issued certificate, as its
    holder downloads it."""
    with django_capture_on_commit_callbacks(execute=True):
        certificate = services.certificate_issue(enrollment=completed)
    client.force_login(certificate.user)
    response = client.get(reverse("certificates:badge", args=[certificate.pk]))
    return json.loads(response.content)
