"""The demo curriculum opens a path for every audience group, and the demo
learner has a course in progress they can finish by clicking."""

import json
from pathlib import Path

import pytest

from courses.demo.loader import CURRICULUM_DIR

pytestmark = pytest.mark.django_db


def _curriculum() -> list[dict]:
    return [
        json.loads(path.read_text(encoding="utf-8"))
        for path in sorted(Path(CURRICULUM_DIR).glob("*.json"))
    ]


def test_every_active_audience_group_has_an_entry_course_without_prerequisites(
    directory_seed,
):
    from directory.models import AudienceGroup

    entry = {
        group
        for data in _curriculum()
        if not data.get("prerequisites")
        for group in data["audience_groups"]
    }
    active = set(
        AudienceGroup.objects.filter(is_active=True).values_list("code", flat=True)
    )
    assert active and active <= entry, active - entry


def test_the_demo_learner_has_a_completed_course_and_one_to_finish_by_clicking(
    directory_seed, home_page, settings, tmp_path
):
    from django.conf import settings as django_settings
    from django.utils.module_loading import import_string

    from accounts.models import User
    from courses.models import Enrollment
    from courses.page_context.course import course_outline_for
    from courses.steps import AVAILABLE
    from learning.demo import DEMO_IN_PROGRESS_COURSE

    settings.MEDIA_ROOT = tmp_path
    for name in django_settings.DEMO_LOADERS:
        if name != "plan.demo.load":
            import_string(name)()
    user = User.objects.get(email="hocvien@demo.shtt.vn")
    statuses = dict(
        Enrollment.objects.filter(user=user).values_list("course__slug", "status")
    )
    assert "completed" in statuses.values()
    studying = Enrollment.objects.get(user=user, course__slug=DEMO_IN_PROGRESS_COURSE)
    assert studying.status == "active" and studying.training_class is None
    outline = course_outline_for(
        course=studying.course.specific, user=user, enrollment=studying
    )
    # Every step is open to them: the next lesson now, the final exam after.
    assert outline.next_step.kind == "lesson"
    exams = [step for step in outline.closing if step.kind == "exam"]
    assert exams and all(step.state == AVAILABLE for step in exams)
    assert not any(item.step.state == "locked" for item in outline.lessons)
