"""Load the demo curriculum: catalogue, IP areas, courses from JSON, two classes.

Idempotent: everything is matched by slug or code and left alone when it exists,
so a second run changes nothing. Quiz blocks name a quiz by slug; they are stored
only when that quiz exists. ``attach_quiz_blocks`` (called by the quizzes loader
after it creates the quizzes) adds the ones that were skipped. The plan loader
links the courses to plan tasks and may call ``attach_plan_tasks`` to give the
demo classes their course's tasks.
"""

from __future__ import annotations

import datetime
import json
import re
from pathlib import Path

from django.apps import apps
from django.db import transaction
from django.utils import timezone

from core.services import site_home_ensure
from core.text import ascii_slug as text_ascii_slug
from directory.models import AudienceGroup

from ..catalogue import catalogue_ensure, ip_areas_load
from ..models import (
    ClassSession,
    CoursePage,
    Enrollment,
    IPArea,
    LessonPage,
    ModulePage,
    TrainingClass,
)

CURRICULUM_DIR = Path(__file__).resolve().parent / "curriculum"
DEMO_LEARNER = "hocvien@demo.shtt.vn"
BLOCK_TYPES = {"heading", "rich_text", "callout", "legal_citation", "quiz"}


def _files(curriculum_dir: Path) -> list[Path]:
    return sorted(Path(curriculum_dir).glob("*.json"))


def _read(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _rich_text(html: str) -> str:
    """Wagtail's rich-text format uses <b> and <i> for bold and italic."""
    html = re.sub(r"<(/?)strong>", r"<\1b>", html)
    return re.sub(r"<(/?)em>", r"<\1i>", html)


def _quizzes_by_slug(slugs) -> dict:
    Quiz = apps.get_model("quizzes", "Quiz")
    return {quiz.slug: quiz for quiz in Quiz.objects.filter(slug__in=set(slugs))}


def _quiz_slugs(data: dict) -> list[str]:
    return [
        block["value"]
        for module in data.get("modules", [])
        for lesson in module.get("lessons", [])
        for block in lesson.get("body", [])
        if block.get("type") == "quiz"
    ]


def body_raw(blocks: list[dict], quizzes: dict) -> list[dict]:
    """StreamField raw data for a lesson's JSON blocks (unknown quizzes left out)."""
    raw = []
    for block in blocks:
        kind, value = block.get("type"), block.get("value")
        if kind not in BLOCK_TYPES:
            continue
        if kind == "quiz":
            quiz = quizzes.get(value)
            if quiz is None:
                continue
            value = quiz.pk
        elif kind == "rich_text":
            value = _rich_text(value)
        raw.append({"type": kind, "value": value})
    return raw


def ascii_slug(title: str, taken: set[str]) -> str:
    """ASCII slug of a Vietnamese title ("Điều" → "dieu"), unique in ``taken``."""
    base = text_ascii_slug(title, max_length=70) or "bai"
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    taken.add(slug)
    return slug


def _publish(page) -> None:
    page.save_revision().publish()


def course_load(data: dict, catalogue, quizzes: dict) -> tuple[CoursePage, bool]:
    """Create the course of ``data`` under ``catalogue`` unless its slug exists."""
    existing = CoursePage.objects.filter(slug=data["slug"]).first()
    if existing is not None:
        return existing, False
    course = CoursePage(
        title=data["title"],
        title_en=data.get("title_en", ""),
        slug=data["slug"],
        summary=data.get("summary", ""),
        level=data.get("level", "basic"),
        estimated_hours=data.get("estimated_hours") or 4,
        learning_outcomes="\n".join(data.get("learning_outcomes", [])),
        enrolment_mode=data.get("enrolment_mode", "open"),
        capacity=data.get("capacity"),
        awards_certificate=data.get("awards_certificate", True),
    )
    course.ip_areas = list(IPArea.objects.filter(code__in=data.get("ip_areas", [])))
    course.audience_groups = list(
        AudienceGroup.objects.filter(code__in=data.get("audience_groups", []))
    )
    catalogue.add_child(instance=course)
    _publish(course)
    module_slugs: set[str] = set()
    for module_data in data.get("modules", []):
        module = course.add_child(
            instance=ModulePage(
                title=module_data["title"],
                slug=ascii_slug(module_data["title"], module_slugs),
                summary=module_data.get("summary", ""),
            )
        )
        lesson_slugs: set[str] = set()
        _publish(module)
        for lesson_data in module_data.get("lessons", []):
            lesson = module.add_child(
                instance=LessonPage(
                    title=lesson_data["title"],
                    slug=ascii_slug(lesson_data["title"], lesson_slugs),
                    free_preview=lesson_data.get("free_preview", False),
                    estimated_minutes=lesson_data.get("estimated_minutes") or 20,
                    body=json.dumps(body_raw(lesson_data.get("body", []), quizzes)),
                )
            )
            _publish(lesson)
    return course, True


def _prerequisites_set(course: CoursePage, slugs: list[str]) -> None:
    if not slugs:
        return
    course.prerequisites = list(CoursePage.objects.filter(slug__in=slugs))
    _publish(course)


def attach_plan_tasks() -> int:
    """Give the demo classes their course's plan tasks (for the plan loader to call
    after it has linked the courses); classes that have tasks are left alone."""
    linked = 0
    for training_class in TrainingClass.objects.filter(code__in=DEMO_CLASS_CODES):
        tasks = list(training_class.course.plan_tasks.all())
        if tasks and not training_class.plan_tasks.exists():
            training_class.plan_tasks.set(tasks)
            linked += 1
    return linked


@transaction.atomic
def attach_quiz_blocks(curriculum_dir: Path = CURRICULUM_DIR) -> int:
    """Add the quiz blocks that were skipped because their quiz did not exist yet.

    Returns the number of lessons changed; a second call changes nothing.
    """
    changed = 0
    for path in _files(curriculum_dir):
        data = _read(path)
        quizzes = _quizzes_by_slug(_quiz_slugs(data))
        if not quizzes:
            continue
        course = CoursePage.objects.filter(slug=data["slug"]).first()
        if course is None:
            continue
        lessons = {
            lesson.title: lesson
            for lesson in LessonPage.objects.descendant_of(course).order_by("path")
        }
        for module_data in data.get("modules", []):
            for lesson_data in module_data.get("lessons", []):
                lesson = lessons.get(lesson_data["title"])
                if lesson is not None and _lesson_quizzes_attach(
                    lesson, lesson_data, quizzes
                ):
                    changed += 1
    return changed


def _lesson_quizzes_attach(
    lesson: LessonPage, lesson_data: dict, quizzes: dict
) -> bool:
    """False when nothing had to change."""
    present = {block.value.pk for block in lesson.body if block.block_type == "quiz"}
    raw = list(lesson.body.raw_data)
    inserted = False
    for position, block in enumerate(lesson_data.get("body", [])):
        if block.get("type") != "quiz":
            continue
        quiz = quizzes.get(block["value"])
        if quiz is None or quiz.pk in present:
            continue
        raw.insert(min(position, len(raw)), {"type": "quiz", "value": quiz.pk})
        present.add(quiz.pk)
        inserted = True
    if not inserted:
        return False
    lesson.body = json.dumps([{"type": b["type"], "value": b["value"]} for b in raw])
    _publish(lesson)
    return True


DEMO_CLASS_CODES = ("vt-shtt-co-ban-2026", "truc-tuyen-ocop-2026")


def _local(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(
        datetime.datetime.combine(day, datetime.time(hour, minute))
    )


def _classes_ensure(courses: list[CoursePage]) -> list[str]:
    lines = []
    if not courses:
        return lines
    today = timezone.localdate()
    specs = [
        {
            "code": DEMO_CLASS_CODES[0],
            "course": courses[0],
            "title": "Lớp tập huấn sở hữu trí tuệ cơ bản — TP. Vị Thanh",
            "place": "Hội trường Sở Khoa học và Công nghệ, số 6 đường Ngô Quốc Trị, "
            "Phường V, TP. Vị Thanh",
            "online_url": "",
            "trainer": "ThS. Nguyễn Minh Trí — Phòng Quản lý chuyên ngành, Sở KH&CN",
            "capacity": 40,
            "start": today + datetime.timedelta(days=14),
            "topics": [
                "Tổng quan về sở hữu trí tuệ và Kế hoạch 66/KH-UBND",
                "Quyền sở hữu công nghiệp: nhãn hiệu, sáng chế, kiểu dáng",
                "Quyền tác giả, giống cây trồng và thực hành tra cứu",
            ],
        },
        {
            "code": DEMO_CLASS_CODES[1],
            "course": courses[1] if len(courses) > 1 else courses[0],
            "title": "Lớp trực tuyến: nhãn hiệu và chỉ dẫn địa lý cho sản phẩm OCOP",
            "place": "",
            "online_url": "https://meet.jit.si/shtt-haugiang-ocop-2026",
            "trainer": "Luật sư Trần Thị Mỹ Linh — Đoàn Luật sư tỉnh Hậu Giang",
            "capacity": 60,
            "start": today + datetime.timedelta(days=21),
            "topics": [
                "Xây dựng và đăng ký nhãn hiệu tập thể cho sản phẩm OCOP",
                "Chỉ dẫn địa lý: điều kiện, hồ sơ và quản lý sau bảo hộ",
            ],
        },
    ]
    for spec in specs:
        if TrainingClass.objects.filter(code=spec["code"]).exists():
            continue
        start = spec["start"]
        training_class = TrainingClass.objects.create(
            code=spec["code"],
            course=spec["course"],
            title=spec["title"],
            place=spec["place"],
            online_url=spec["online_url"],
            trainer=spec["trainer"],
            capacity=spec["capacity"],
            start_date=start,
            end_date=start + datetime.timedelta(days=len(spec["topics"]) - 1),
            min_attendance_percent=80,
        )
        for offset, topic in enumerate(spec["topics"]):
            day = start + datetime.timedelta(days=offset)
            ClassSession.objects.create(
                training_class=training_class,
                starts_at=_local(day, 8),
                ends_at=_local(day, 11, 30),
                topic=topic,
                sort_order=offset,
            )
        lines.append(f"training class: {training_class.title}")
    return lines


def _demo_learner_ensure(course: CoursePage) -> list[str]:
    from accounts.models import User

    from .. import services

    user = User.objects.filter(email=DEMO_LEARNER).first()
    if user is None or Enrollment.objects.filter(user=user, course=course).exists():
        return []
    training_class = TrainingClass.objects.filter(
        code=DEMO_CLASS_CODES[0], course=course
    ).first()
    services.enrollment_create(user=user, course=course, training_class=training_class)
    for lesson in LessonPage.objects.live().descendant_of(course).order_by("path")[:2]:
        services.lesson_complete(user=user, lesson=lesson)
    return [f"demo learner enrolled in: {course.title}"]


def load(curriculum_dir: Path = CURRICULUM_DIR) -> list[str]:
    """Load (or leave as it is) the demo catalogue; return lines to print."""
    lines = []
    home = site_home_ensure()
    areas = ip_areas_load()
    catalogue = catalogue_ensure(home=home)
    lines.append(f"catalogue: {catalogue.title} ({areas} IP areas created)")
    datas = [_read(path) for path in _files(curriculum_dir)]
    quizzes = _quizzes_by_slug(slug for data in datas for slug in _quiz_slugs(data))
    courses, created_courses = [], []
    for data in datas:
        course, created = course_load(data, catalogue, quizzes)
        courses.append(course)
        if created:
            created_courses.append((course, data))
            lines.append(f"course: {course.title}")
    for course, data in created_courses:
        _prerequisites_set(course, data.get("prerequisites", []))
    lines += _classes_ensure(courses)
    if courses:
        lines += _demo_learner_ensure(courses[0])
    lines.append(f"{len(courses)} courses in the catalogue")
    return lines
