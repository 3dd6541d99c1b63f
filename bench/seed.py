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
#: 4: certificate dates handed to courses (Enrollment.certified_on).
DATASET_VERSION = 4

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "elearn.settings.bench")

from bench.seed_learning import (  # noqa: E402
    seed_attendance,
    seed_certificates,
    seed_quizzes,
)
from bench.seed_people import seed_bench_sessions, seed_people  # noqa: E402
from bench.seeding import OUT, TZ, copy_rows, ids, log, when  # noqa: E402

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
