"""Build the benchmark dataset on PostgreSQL, fast.

    DATABASE_URL=postgres://…/elearn_bench .venv/bin/python bench/seed.py --scale 1

At scale 1: 100,000 learners with profiles spread over every unit, commune and
audience group; 60 courses (3 levels, all IP areas) of 2 modules and 10 lessons
(660+ Wagtail pages, built with add_child); 120 training classes with sessions;
200,000 enrolments and 1,000,000 lesson-progress rows dated 2021–2026; one
20-question final exam per course with 50,000 submitted attempts and 1,000,000
answers; 30,000 issued certificates linked to their enrolments; one course in
four without certificate, whose class enrolments have attendance rows; plan
66/KH-UBND as the current plan, with yearly targets, each course serving one or
two of its training tasks; signed-in sessions for the load test's learners, the
plan manager and four units' focal points. Rows go in with PostgreSQL COPY, one
statement per table, never one ORM save per row. Pages, quizzes and questions (a
few thousand rows) use the ORM.

A ``bench_meta`` table remembers the scale that was seeded, so a second run
with the same scale returns at once.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import sys
import time
from pathlib import Path

#: Bumped when the dataset changes shape: bench/run.py then seeds it again.
#: 2: the current plan with targets and course tasks; focal points' sessions.
#: 3: sessions name the site's one sign-in backend (accounts.backends).
DATASET_VERSION = 4
FOCAL_POINTS = 4  # unit focal points in the load test, beside the plan manager
#: How people sign in (e-mail and password through allauth), as their sessions say.
SIGN_IN_BACKEND = "accounts.backends.CachedPermissionsBackend"

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "elearn.settings.bench")

FULL = {
    "learners": 100_000,
    "courses": 60,
    "lessons_per_course": 10,
    "enrollments": 200_000,
    "progress": 1_000_000,
    "attempts": 50_000,
    "questions_per_quiz": 20,
    "certificates": 30_000,
    "bench_users": 200,
    "bulk_class_size": 1_000,
}
TZ = dt.timezone(dt.timedelta(hours=7))
START = dt.datetime(2021, 1, 4, 8, tzinfo=TZ)
SPAN_SECONDS = int((dt.datetime(2026, 11, 30, tzinfo=TZ) - START).total_seconds())
BENCH_PASSWORD = "bench-password-1"
OUT = ROOT / "bench" / "results" / "tmp"


def log(message: str) -> None:
    print(f"[seed {time.strftime('%H:%M:%S')}] {message}", flush=True)


def copy_rows(model, fields: list[str], rows) -> int:
    """COPY ``rows`` (tuples in ``fields`` order) into ``model``'s table.

    Non-null columns not given get the field's default (``""`` for blank text,
    now for auto_now), so a new non-null column does not break the seeder.
    """
    from django.db import connection
    from django.db.models import NOT_PROVIDED
    from django.utils import timezone

    opts = model._meta
    given = [opts.get_field(name) for name in fields]
    extra, extra_values = [], []
    for field in opts.concrete_fields:
        if field in given or field.primary_key or field.null:
            continue
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            value = timezone.now()
        elif field.default is not NOT_PROVIDED:
            value = field.get_default()
        elif field.blank:
            value = ""
        else:
            raise RuntimeError(f"{opts.label}.{field.name} needs a value for COPY")
        if isinstance(value, dict | list):
            value = json.dumps(value)
        extra.append(field)
        extra_values.append(value)
    columns = ", ".join(f'"{f.column}"' for f in given + extra)
    count = 0
    with connection.cursor() as cursor:
        with cursor.cursor.copy(
            f'COPY "{opts.db_table}" ({columns}) FROM STDIN'
        ) as copy:
            for row in rows:
                copy.write_row((*row, *extra_values))
                count += 1
    return count


def ids(model, **filters) -> list[int]:
    return list(
        model.objects.filter(**filters).order_by("pk").values_list("pk", flat=True)
    )


def when(rng: random.Random) -> dt.datetime:
    return START + dt.timedelta(seconds=rng.randrange(SPAN_SECONDS))


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


def seed_courses(n: dict, rng: random.Random) -> list[dict]:
    from core.services import site_home_ensure
    from courses.models import ClassSession, TrainingClass
    from courses.pages import (
        CourseIndexPage,
        CoursePage,
        IPArea,
        LessonPage,
        ModulePage,
    )
    from directory.models import AudienceGroup

    home = site_home_ensure()
    index = CourseIndexPage.objects.first()
    if index is None:
        index = home.add_child(
            instance=CourseIndexPage(title="Khóa học", slug="khoa-hoc")
        )
    areas = list(IPArea.objects.all())
    if not areas:
        areas = [
            IPArea.objects.create(code=code, name=name)
            for code, name in [
                ("so-huu-cong-nghiep", "Quyền sở hữu công nghiệp"),
                ("quyen-tac-gia", "Quyền tác giả và quyền liên quan"),
                ("giong-cay-trong", "Quyền đối với giống cây trồng"),
            ]
        ]
    groups = list(AudienceGroup.objects.all())
    levels = ["basic", "intermediate", "advanced"]
    paragraph = (
        "<p>Theo Luật Sở hữu trí tuệ năm 2005, sửa đổi, bổ sung năm 2009, 2019 và "
        "2022, quyền sở hữu công nghiệp đối với nhãn hiệu được xác lập trên cơ sở "
        "quyết định cấp văn bằng bảo hộ của cơ quan nhà nước có thẩm quyền.</p>"
    ) * 6
    courses = []
    per_module = n["lessons_per_course"] // 2
    for c in range(n["courses"]):
        course = index.add_child(
            instance=CoursePage(
                title=f"Khóa học SHTT số {c + 1}: nhãn hiệu và chỉ dẫn địa lý",
                slug=f"khoa-hoc-{c + 1}",
                summary="Bồi dưỡng kiến thức sở hữu trí tuệ cho cán bộ, doanh nghiệp.",
                level=levels[c % 3],
                estimated_hours=8,
                # One course in four trains by class attendance, without certificate
                # (the plan's "trained" rule for them reads the attendance).
                awards_certificate=c % 4 != 3,
            )
        )
        course.ip_areas.set([areas[c % len(areas)]])
        course.audience_groups.set(rng.sample(groups, k=min(3, len(groups))))
        course.save_revision().publish()
        lessons = []
        for m in range(2):
            module = course.add_child(
                instance=ModulePage(title=f"Học phần {m + 1}", slug=f"hoc-phan-{m + 1}")
            )
            for k in range(per_module):
                lessons.append(
                    module.add_child(
                        instance=LessonPage(
                            title=f"Bài {m * per_module + k + 1}",
                            slug=f"bai-{k + 1}",
                            free_preview=(m == 0 and k == 0),
                            body=[("paragraph", paragraph)],
                        )
                    ).pk
                )
        classes = []
        for k in range(2):
            start = dt.date(2021 + (c + k) % 6, 3 + k * 4, 10)
            klass = TrainingClass.objects.create(
                course=course,
                title=f"Lớp {k + 1} – {course.title[:40]}",
                code=f"bench-{c + 1}-{k + 1}",
                start_date=start,
                end_date=start + dt.timedelta(days=2),
                place="Hội trường Sở KH&CN, Vị Thanh",
            )
            for day in range(3):
                begin = dt.datetime.combine(start, dt.time(8), TZ) + dt.timedelta(
                    days=day
                )
                ClassSession.objects.create(
                    training_class=klass,
                    starts_at=begin,
                    ends_at=begin + dt.timedelta(hours=4),
                    topic=f"Buổi {day + 1}",
                )
            classes.append(klass.pk)
        lesson_urls = [p.url for p in LessonPage.objects.filter(pk__in=lessons[:2])]
        courses.append(
            {
                "id": course.pk,
                "lessons": lessons,
                "classes": classes,
                "url": course.url,
                "lesson_urls": sorted(lesson_urls),
                "awards_certificate": course.awards_certificate,
            }
        )
    log(f"{len(courses)} courses, {sum(len(c['lessons']) for c in courses)} lessons")
    return courses


def seed_enrolments(n, rng, people, courses) -> list[tuple]:
    from courses.models import Enrollment, LessonProgress

    users, profiles = people["users"], people["profiles"]
    per_user = max(1, n["enrollments"] // len(users))
    lessons_total = sum(len(c["lessons"]) for c in courses) / len(courses)
    # Completed enrolments read every lesson; the others some: tune the share of
    # completions so that the progress rows come to n["progress"].
    complete_share = min(0.9, n["progress"] / n["enrollments"] / lessons_total)
    enrolments, progress = [], []
    bulk_course = courses[0]
    bulk_users = set(users[: n["bulk_class_size"]])
    for user in users:
        picks = rng.sample(range(len(courses)), per_user)
        if user in bulk_users and 0 not in picks:
            picks[0] = 0
        for pick in picks:
            course = courses[pick]
            enrolled = when(rng)
            in_bulk_class = user in bulk_users and pick == 0
            completed = in_bulk_class or rng.random() < complete_share
            done = (
                course["lessons"]
                if completed
                else course["lessons"][
                    : rng.randrange(0, max(1, len(course["lessons"]) // 3))
                ]
            )
            klass = (
                course["classes"][0]
                if in_bulk_class
                else (rng.choice(course["classes"][1:]) if rng.random() < 0.3 else None)
            )
            finished = enrolled + dt.timedelta(days=rng.randrange(3, 60))
            group, unit, commune = profiles[user]
            enrolments.append(
                (
                    user,
                    course["id"],
                    klass,
                    "completed" if completed else "active",
                    group,
                    unit,
                    commune,
                    enrolled,
                    finished if completed else None,
                )
            )
            for k, lesson in enumerate(done):
                progress.append((user, lesson, enrolled + dt.timedelta(days=k)))
    copy_rows(
        Enrollment,
        [
            "user",
            "course",
            "training_class",
            "status",
            "audience_group",
            "unit",
            "commune",
            "enrolled_at",
            "completed_at",
        ],
        enrolments,
    )
    # COPY keeps the order of the rows: the n-th new enrolment is the n-th row.
    pks = ids(Enrollment)[-len(enrolments) :]
    enrolments = [(*e, pk) for e, pk in zip(enrolments, pks, strict=True)]
    copy_rows(LessonProgress, ["user", "lesson", "completed_at"], progress)
    log(
        f"{len(enrolments)} enrolments, {len(progress)} lesson-progress rows "
        f"(bulk class: course {bulk_course['id']} class {bulk_course['classes'][0]})"
    )
    return enrolments


def seed_quizzes(n, rng, courses, enrolments) -> dict:
    from quizzes.models import (
        Attempt,
        AttemptAnswer,
        AttemptQuestion,
        Choice,
        Question,
        QuestionCategory,
        Quiz,
        QuizQuestion,
    )

    quizzes = {}
    question_rows = {}
    for course in courses:
        category = QuestionCategory.objects.create(
            name=f"Ngân hàng câu hỏi khóa {course['id']}", course_id=course["id"]
        )
        quiz = Quiz.objects.create(
            title=f"Bài kiểm tra cuối khóa {course['id']}",
            slug=f"bench-final-{course['id']}",
            final_exam_page_id=course["id"],
            shuffle_questions=False,
            shuffle_choices=False,
            pass_mark=50,
        )
        slots = []
        for q in range(n["questions_per_quiz"]):
            question = Question.objects.create(
                category=category,
                qtype="single",
                title=f"Câu {q + 1}",
                text=f"Thời hạn bảo hộ nhãn hiệu là bao nhiêu năm? (câu {q + 1})",
            )
            choices = Choice.objects.bulk_create(
                [
                    Choice(
                        question=question, text=text, fraction=fraction, sort_order=i
                    )
                    for i, (text, fraction) in enumerate(
                        [
                            ("10 năm", 1.0),
                            ("5 năm", 0.0),
                            ("20 năm", 0.0),
                            ("Vô thời hạn", 0.0),
                        ]
                    )
                ]
            )
            QuizQuestion.objects.create(quiz=quiz, question=question, sort_order=q)
            slots.append((question.pk, [c.pk for c in choices]))
        quizzes[course["id"]] = quiz.pk
        question_rows[course["id"]] = slots
    # Attempts: by completed enrolments first (a final exam is what they passed).
    completed = [e for e in enrolments if e[3] == "completed"]
    rng.shuffle(completed)
    chosen = completed[: n["attempts"]]
    first = Attempt.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    copy_rows(
        Attempt,
        [
            "user",
            "quiz",
            "number",
            "started_at",
            "submitted_at",
            "state",
            "score",
            "max_score",
            "percent",
            "passed",
        ],
        (
            (
                e[0],
                quizzes[e[1]],
                1,
                e[8] - dt.timedelta(minutes=30),
                e[8],
                "submitted",
                17.0,
                20.0,
                85.0,
                True,
            )
            for e in chosen
        ),
    )
    attempts = list(
        Attempt.objects.filter(pk__gt=first).order_by("pk").values_list("pk", "quiz_id")
    )
    by_quiz = {quiz: course for course, quiz in quizzes.items()}
    first_slot = (
        AttemptQuestion.objects.order_by("-pk").values_list("pk", flat=True).first()
        or 0
    )

    def slot_rows():
        for attempt, quiz in attempts:
            for order, (question, choices) in enumerate(question_rows[by_quiz[quiz]]):
                yield (attempt, question, order, 1.0, json.dumps({"choices": choices}))

    copy_rows(
        AttemptQuestion,
        ["attempt", "question", "order", "max_points", "layout"],
        slot_rows(),
    )
    # COPY keeps the order of the rows, so the n-th new slot is the n-th row
    # generated above; read the ids only (a COPY cannot run while a cursor
    # streams on the same connection).
    slot_ids = ids(AttemptQuestion, pk__gt=first_slot)
    answered = dt.datetime.now(TZ)

    def answer_rows():
        slots = iter(slot_ids)
        for _attempt, quiz in attempts:
            for _question, choices in question_rows[by_quiz[quiz]]:
                right = rng.random() < 0.85
                yield (
                    next(slots),
                    json.dumps({"choice": choices[0 if right else 1]}),
                    answered,
                    1.0 if right else 0.0,
                    "right" if right else "wrong",
                    "[]",
                )

    count = copy_rows(
        AttemptAnswer,
        ["slot", "response", "saved_at", "points", "state", "feedback"],
        answer_rows(),
    )
    log(f"{len(quizzes)} quizzes, {len(attempts)} attempts, {count} answers")
    return quizzes


def seed_attendance(rng, courses, enrolments) -> int:
    """Attendance of the class enrolments of courses without certificate: each
    session present with probability 0.9 (3 sessions, minimum 80 %: ~73 % pass)."""
    from courses.models import Attendance, ClassSession

    no_certificate = {c["id"] for c in courses if not c["awards_certificate"]}
    sessions: dict[int, list[int]] = {}
    for session, klass in ClassSession.objects.order_by("pk").values_list(
        "pk", "training_class_id"
    ):
        sessions.setdefault(klass, []).append(session)
    rows = [
        (session, e[0], rng.random() < 0.9)
        for e in enrolments
        if e[1] in no_certificate and e[2] is not None
        for session in sessions.get(e[2], [])
    ]
    copy_rows(Attendance, ["session", "user", "present"], rows)
    log(f"{len(rows)} attendance rows")
    return len(rows)


def seed_certificates(n, rng, enrolments, courses) -> int:
    import secrets

    from certificates.models import Certificate, SerialCounter

    prefix = "SHTT"
    awarding = {c["id"] for c in courses if c["awards_certificate"]}
    completed = [
        e
        for e in enrolments
        if e[3] == "completed" and e[2] is None and e[1] in awarding
    ]
    rng.shuffle(completed)
    numbers: dict[int, int] = {}
    rows = []
    for e in completed[: n["certificates"]]:
        issued = e[8]
        year = issued.year
        numbers[year] = numbers.get(year, 0) + 1
        serial = f"{prefix}-{year}-{numbers[year]:06d}"
        data = {
            "holder_name": f"Học viên {e[0]}",
            "course_title": f"Khóa {e[1]}",
            "serial": serial,
            "issued_on": issued.date().isoformat(),
        }
        rows.append(
            (
                e[0],
                e[1],
                e[9],
                0,
                serial,
                year,
                numbers[year],
                secrets.token_urlsafe(16),
                "issued",
                json.dumps(data, ensure_ascii=False),
                issued,
                issued,
            )
        )
    copy_rows(
        Certificate,
        [
            "user",
            "course",
            "enrollment",
            "offering_key",
            "serial",
            "serial_year",
            "serial_number",
            "verification_code",
            "status",
            "data",
            "created_at",
            "issued_at",
        ],
        rows,
    )
    for year, last in numbers.items():
        SerialCounter.objects.update_or_create(
            year=year, defaults={"last_number": last}
        )
    log(f"{len(rows)} certificates")
    return len(rows)


def seed_plan(rng: random.Random, courses: list[dict]) -> None:
    """Plan 66 as the current plan, with the demo's yearly targets, and every
    course serving one or two of its training tasks: the plan pages then show
    what they show in production (the targets, the plan-task breakdown)."""
    from courses.pages import CoursePage
    from plan.demo import demo_targets
    from plan.loader import SEED, plan_file_read, plan_load
    from plan.models import Plan, PlanTask

    plan = plan_load(data=plan_file_read(SEED)).plan
    Plan.objects.filter(pk=plan.pk).update(is_current=True)
    demo_targets(plan)
    tasks = ids(PlanTask, group__plan=plan, is_training=True)
    through = CoursePage.plan_tasks.through
    through.objects.bulk_create(
        through(coursepage_id=course["id"], plantask_id=task)
        for course in courses
        for task in rng.sample(tasks, rng.choice((1, 2)))
    )
    log(f"plan {plan.number} current, {len(tasks)} training tasks linked to courses")


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


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--scale", type=float, default=float(os.environ.get("BENCH_SCALE", 1))
    )
    parser.add_argument("--seed", type=int, default=66)
    args = parser.parse_args(argv)
    import django

    django.setup()
    from django.db import connection

    assert connection.vendor == "postgresql", "the benchmark dataset needs PostgreSQL"
    n = {key: max(1, int(value * args.scale)) for key, value in FULL.items()}
    n["courses"] = max(3, n["courses"])
    n["lessons_per_course"] = FULL["lessons_per_course"]
    n["questions_per_quiz"] = FULL["questions_per_quiz"]
    n["bench_users"] = FULL["bench_users"]
    n["bulk_class_size"] = min(FULL["bulk_class_size"], n["learners"])
    # The database is the source of truth: its manifest (bench_meta) is written
    # out again, so a manifest left by another database is never used with it.
    manifest_path = Path(os.environ.get("BENCH_MANIFEST") or OUT / "dataset.json")
    manifest_path.parent.mkdir(parents=True, exist_ok=True)
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE IF NOT EXISTS bench_meta (key text primary key, value text)"
        )
        cursor.execute("SELECT value FROM bench_meta WHERE key = 'dataset'")
        row = cursor.fetchone()
    if row:
        manifest = json.loads(row[0])
        if manifest.get("version") != DATASET_VERSION:
            raise SystemExit(
                "elearn_bench was seeded by an older bench/seed.py: drop the "
                "database first (bench/run.py does it by itself)"
            )
        if manifest.get("scale") == args.scale:
            log(f"dataset at scale {args.scale} already seeded")
            manifest_path.write_text(
                json.dumps(manifest, ensure_ascii=False), encoding="utf-8"
            )
            return manifest
        raise SystemExit("elearn_bench holds another scale: drop the database first")
    rng = random.Random(args.seed)
    started = time.monotonic()
    from accounts.roles import roles_sync
    from directory.services import directory_load

    directory_load()
    roles_sync()
    people = seed_people(n, rng)
    courses = seed_courses(n, rng)
    enrolments = seed_enrolments(n, rng, people, courses)
    quizzes = seed_quizzes(n, rng, courses, enrolments)
    certificates = seed_certificates(n, rng, enrolments, courses)
    seed_attendance(random.Random(args.seed + 1), courses, enrolments)
    seed_plan(random.Random(args.seed + 2), courses)
    # COPY skips the services: hand the certificate dates down, derive trained_on.
    from certificates.chains import enrollments_certified_sync

    log(f"trained_on set on {enrollments_certified_sync(everything=True)} enrolments")
    sessions = seed_bench_sessions(n, people, courses)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    counts = _counts()
    from certificates.models import Certificate
    from courses.pages import CourseIndexPage

    codes = list(
        Certificate.objects.order_by("?").values_list("verification_code", flat=True)[
            :300
        ]
    )
    manifest = {
        "scale": args.scale,
        "version": DATASET_VERSION,
        "catalogue_url": CourseIndexPage.objects.first().url,
        "verification_codes": codes,
        "seconds": round(time.monotonic() - started, 1),
        "counts": counts,
        "courses": courses,
        "quizzes": {str(k): v for k, v in quizzes.items()},
        "certificates": certificates,
        "bulk_class": courses[0]["classes"][0],
        "sessions": sessions,
    }
    manifest_path.write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO bench_meta VALUES ('dataset', %s) ON CONFLICT (key) DO UPDATE "
            "SET value = excluded.value",
            [json.dumps(manifest)],
        )
    log(f"seeded in {manifest['seconds']} s: {counts}")
    return manifest


def _counts() -> dict:
    from wagtail.models import Page

    from accounts.models import User
    from certificates.models import Certificate
    from courses.models import Enrollment, LessonProgress
    from quizzes.models import Attempt, AttemptAnswer

    return {
        "users": User.objects.count(),
        "pages": Page.objects.count(),
        "enrollments": Enrollment.objects.count(),
        "lesson_progress": LessonProgress.objects.count(),
        "attempts": Attempt.objects.count(),
        "answers": AttemptAnswer.objects.count(),
        "certificates": Certificate.objects.count(),
    }


if __name__ == "__main__":
    main()
