"""The people (and, as the apps grow, the objects) the security tests act on.

Two units, A and B. ``learner`` and ``focal_own`` belong to unit A, while
``other_learner`` and ``focal_other`` belong to unit B; ``learner`` owns the
objects (enrolment, attempt, certificate) that ``other_learner`` must not reach.
Objects of apps that do not exist yet stay ``None``; the expectations table
skips no URL because of that: a URL whose object is missing fails to build.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlparse

from django.test import Client
from django.urls import NoReverseMatch, reverse

from accounts.roles import Role
from tests.factories import UnitFactory, UserFactory

ROLES = (
    "anonymous",
    "learner",
    "other_learner",
    "editor",
    "focal_own",
    "focal_other",
    "plan_manager",
)


@dataclass
class World:
    unit_a: object
    unit_b: object
    users: dict = field(default_factory=dict)
    objects: dict = field(default_factory=dict)

    def __getattr__(self, name):
        try:
            return self.__dict__["objects"][name]
        except KeyError:
            raise AttributeError(name) from None

    def client(self, role: str, **kwargs) -> Client:
        client = Client(**kwargs)
        user = self.users.get(role)
        if user is not None:
            client.force_login(user)
        return client


def build_world() -> World:
    unit_a = UnitFactory(code="unit-a", name="Đơn vị A")
    unit_b = UnitFactory(code="unit-b", name="Đơn vị B")
    world = World(unit_a=unit_a, unit_b=unit_b)
    world.users = {
        "anonymous": None,
        "learner": UserFactory(role=Role.LEARNER, profile={"unit": unit_a}),
        "other_learner": UserFactory(role=Role.LEARNER, profile={"unit": unit_b}),
        "editor": UserFactory(role=Role.EDITOR),
        "focal_own": UserFactory(role=Role.UNIT_FOCAL_POINT, profile={"unit": unit_a}),
        "focal_other": UserFactory(
            role=Role.UNIT_FOCAL_POINT, profile={"unit": unit_b}
        ),
        "plan_manager": UserFactory(role=Role.PLAN_MANAGER),
    }
    from tests.security import world_objects

    world.objects.update(world_objects.build(world))
    return world


def _paths(*names: str) -> set[str]:
    paths = set()
    for name in names:
        try:
            paths.add(reverse(name))
        except NoReverseMatch:
            pass
    return paths


def outcome(response, requested: str, *, authenticated: bool = False) -> str:
    """The response as one word of the expectations table.

    A redirect to a login page is "login" for an anonymous visitor and "denied"
    for a signed-in user (Wagtail and the Django admin refuse that way).
    """
    code = response.status_code
    if code in (301, 302, 303, 307, 308):
        target = urlparse(response["Location"]).path
        if target in _paths("account_login", "admin:login", "wagtailcore_login"):
            return "denied" if authenticated else "login"
        if target in _paths("wagtailadmin_home") and requested != target:
            return "denied"  # Wagtail's permission_denied: back to the dashboard
        return "redirect"
    return {
        200: "ok",
        400: "bad",
        403: "denied",
        404: "notfound",
        405: "method",
        429: "throttled",
    }.get(code, str(code))
