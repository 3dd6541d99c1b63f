"""The benchmark's people: learners with profiles, and the signed-in sessions of
the load test's learners, plan manager and focal points (bench/seed.py)."""

from __future__ import annotations

import datetime as dt
import random

from bench.seeding import (
    BENCH_PASSWORD,
    FOCAL_POINTS,
    SIGN_IN_BACKEND,
    TZ,
    copy_rows,
    ids,
    log,
)


def seed_people(n: dict, rng: random.Random) -> dict:
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import Group

    from accounts.models import LearnerProfile, User
    from accounts.roles import Role
    from directory.models import AudienceGroup, Commune, Unit

    units, communes = ids(Unit), ids(Commune)
    groups = ids(AudienceGroup)
    password = make_password(BENCH_PASSWORD)
    first = User.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    now = dt.datetime.now(TZ)
    copy_rows(
        User,
        [
            "email",
            "password",
            "is_active",
            "is_staff",
            "is_superuser",
            "date_joined",
            "first_name",
            "last_name",
        ],
        (
            (f"hv{i:06d}@bench.haugiang.vn", password, True, False, False, now, "", "")
            for i in range(n["learners"])
        ),
    )
    users = ids(User, pk__gt=first, email__endswith="@bench.haugiang.vn")
    learner_group = Group.objects.get(name=Role.LEARNER.value)
    copy_rows(
        User.groups.through, ["user", "group"], ((u, learner_group.pk) for u in users)
    )
    families = ["Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Võ", "Đặng", "Bùi"]
    given = ["Văn An", "Thị Bình", "Minh Châu", "Quốc Dũng", "Thu Hà", "Hữu Phúc"]
    profiles = {}
    rows = []
    for index, user in enumerate(users):
        profile = (rng.choice(groups), units[index % len(units)], rng.choice(communes))
        profiles[user] = profile
        rows.append(
            (
                user,
                f"{families[index % 8]} {given[index % 6]} {index}",
                profile[0],
                "Cơ quan nhà nước tỉnh Hậu Giang",
                profile[1],
                profile[2],
                "Chuyên viên",
                "",
                now,
                now,
            )
        )
    copy_rows(
        LearnerProfile,
        [
            "user",
            "full_name",
            "audience_group",
            "organisation",
            "unit",
            "commune",
            "position",
            "phone",
            "created_at",
            "updated_at",
        ],
        rows,
    )
    log(f"{len(users)} learners with profiles")
    return {"users": users, "profiles": profiles}


def seed_bench_sessions(n, people, courses) -> list[dict]:
    """Signed-in sessions for the load test's users (no password hashing under load)."""
    from accounts.models import User
    from accounts.roles import Role

    sessions = []
    from courses.models import Enrollment
    from quizzes.models import Quiz

    users = User.objects.filter(pk__in=people["users"][-n["bench_users"] :])
    by_course = {c["id"]: c for c in courses}
    slugs = dict(Quiz.objects.values_list("final_exam_page_id", "slug"))
    enrolled = dict(
        Enrollment.objects.filter(user__in=users, status="active").values_list(
            "user_id", "course_id"
        )
    )
    for user in users:
        course = by_course.get(enrolled.get(user.pk))
        if course is None:
            continue
        slug = slugs[course["id"]]
        sessions.append(
            {
                "user": user.pk,
                "session": _session_key(user),
                "role": "learner",
                "course_url": course["url"],
                "lesson_url": course["lesson_urls"][1],
                "quiz_url": f"/kiem-tra/{slug}/",
                "quiz_start_url": f"/kiem-tra/{slug}/bat-dau/",
            }
        )
    sessions.append(_staff_session("ql.kehoach", Role.PLAN_MANAGER, "plan_manager"))
    # During a campaign the units' focal points watch their own figures too: the
    # plan pages then get enough requests in (b) for a p95 that means something.
    from directory.models import Unit

    for unit in Unit.objects.order_by("pk")[:FOCAL_POINTS]:
        sessions.append(
            _staff_session(
                f"daumoi.{unit.pk}", Role.UNIT_FOCAL_POINT, "focal_point", unit=unit
            )
        )
    return sessions


def _staff_session(name, role, label, unit=None) -> dict:
    """A signed-in session for a plan manager or a unit focal point."""
    from django.contrib.auth.models import Group

    from accounts.models import LearnerProfile, User
    from directory.models import AudienceGroup

    user, _ = User.objects.get_or_create(email=f"{name}@bench.haugiang.vn")
    user.set_password(BENCH_PASSWORD)
    user.save()
    user.groups.add(Group.objects.get(name=role.value))
    if unit is not None:
        LearnerProfile.objects.update_or_create(
            user=user,
            defaults={
                "full_name": f"Đầu mối {unit}",
                "audience_group": AudienceGroup.objects.order_by("pk").first(),
                "organisation": str(unit),
                "unit": unit,
                "position": "Chuyên viên",
            },
        )
        from accounts.services import unit_assign

        unit_assign(user=user, unit=unit)
    return {"user": user.pk, "session": _session_key(user), "role": label}


def _session_key(user) -> str:
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = SIGN_IN_BACKEND
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.set_expiry(7 * 24 * 3600)
    store.save()
    return store.session_key
