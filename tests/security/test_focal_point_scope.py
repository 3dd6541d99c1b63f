"""The permission matrix's focal points, after one edits their own profile.

``focal_other`` (assigned unit B) moves their profile to unit A, the unit of
``learner``. Their scope must not follow: unit A's people, figures and exports
stay out of reach, unit B's stay in it.
"""

import pytest
from django.core.cache import cache
from django.urls import reverse

from tests.security.world import build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    world = build_world()
    focal = world.users["focal_other"]
    client = world.client("focal_other")
    profile = focal.profile
    response = client.post(
        reverse("accounts:profile"),
        {
            "full_name": profile.full_name,
            "audience_group": profile.audience_group_id,
            "organisation": profile.organisation,
            "unit": world.unit_a.pk,
            "position": profile.position,
        },
    )
    assert response.status_code == 302
    profile.refresh_from_db()
    assert profile.unit == world.unit_a  # the edit itself is allowed
    cache.clear()
    return world


def _body(response) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode("utf-8-sig")
    return response.content.decode()


def test_the_focal_point_cannot_ask_for_the_unit_on_their_profile(world):
    client = world.client("focal_other")
    unit_a = world.unit_a.pk
    for name in ("plan_admin:dashboard", "plan_admin:headcount", "plan_admin:people"):
        response = client.get(reverse(name), {"unit": unit_a})
        assert response.status_code == 403, name


def test_the_focal_points_lists_and_exports_still_hold_only_their_scope(world):
    learner_email = world.users["learner"].email
    other_email = world.users["other_learner"].email
    from courses.services import enrollment_create

    enrollment_create(user=world.users["other_learner"], course=world.course)
    focal_other = world.client("focal_other")
    focal_own = world.client("focal_own")
    for url in (
        reverse("courses_admin:progress"),
        reverse("courses_admin:progress") + "?export=csv",
        reverse("plan_admin:people") + "?metric=enrolled",
        reverse("plan_admin:people") + "?metric=enrolled&export=csv",
    ):
        body = _body(focal_other.get(url))
        assert learner_email not in body, url
        assert other_email in body, url
        # The focal point of unit A, unchanged, still sees their own person.
        assert learner_email in _body(focal_own.get(url)), url


def test_the_profile_page_tells_the_focal_point_where_their_scope_comes_from(world):
    page = world.client("focal_other").get(reverse("accounts:profile"))
    html = page.content.decode()
    assert "Với vai trò đầu mối, bạn theo dõi học viên và số liệu của:" in html
    assert "Đơn vị B" in html
