"""Builders for course trees, classes and enrolments in tests.

Pages are added with ``add_child`` (live, no revisions) which is all the site
needs and keeps large trees (200 courses, 100 lessons) quick to build.
"""

import datetime
import itertools

from django.utils import timezone

from courses.catalogue import catalogue_ensure, ip_areas_load
from courses.models import (
    ClassSession,
    CourseIndexPage,
    CoursePage,
    LessonPage,
    ModulePage,
    TrainingClass,
)

_numbers = itertools.count(1)


def catalogue_make(home) -> CourseIndexPage:
    ip_areas_load()
    return catalogue_ensure(home=home)


def lesson_body(text: str = "Nội dung bài học bí mật") -> str:
    import json

    return json.dumps(
        [
            {"type": "heading", "value": "Tiêu đề"},
            {"type": "rich_text", "value": f"<p>{text}</p>"},
        ]
    )


def course_make(
    catalogue,
    *,
    title=None,
    modules: int = 1,
    lessons: int = 2,
    ip_areas=(),
    audience_groups=(),
    prerequisites=(),
    free_preview_first: bool = False,
    **fields,
) -> CoursePage:
    """A live course with ``modules`` modules of ``lessons`` lessons each."""
    number = next(_numbers)
    fields.setdefault("summary", f"Tóm tắt khóa học {number}")
    course = CoursePage(
        title=title or f"Khóa học {number}", slug=f"khoa-hoc-{number}", **fields
    )
    course.ip_areas = list(ip_areas)
    course.audience_groups = list(audience_groups)
    course.prerequisites = list(prerequisites)
    catalogue.add_child(instance=course)
    for m in range(modules):
        module = course.add_child(
            instance=ModulePage(title=f"Chương {m + 1}", slug=f"chuong-{m + 1}")
        )
        for n in range(lessons):
            module.add_child(
                instance=LessonPage(
                    title=f"Bài {m + 1}.{n + 1}",
                    slug=f"bai-{n + 1}",
                    body=lesson_body(),
                    free_preview=free_preview_first and m == 0 and n == 0,
                )
            )
    return course


def lessons_of(course) -> list[LessonPage]:
    return list(LessonPage.objects.descendant_of(course).order_by("path"))


def class_make(course, *, sessions: int = 2, capacity=None, **fields) -> TrainingClass:
    number = next(_numbers)
    start = fields.pop("start_date", timezone.localdate() + datetime.timedelta(days=7))
    training_class = TrainingClass.objects.create(
        course=course,
        title=fields.pop("title", f"Lớp {number}"),
        code=f"lop-{number}",
        start_date=start,
        end_date=start + datetime.timedelta(days=max(sessions - 1, 0)),
        place=fields.pop("place", "Vị Thanh"),
        capacity=capacity,
        **fields,
    )
    for index in range(sessions):
        day = timezone.make_aware(
            datetime.datetime.combine(
                start + datetime.timedelta(days=index), datetime.time(8)
            )
        )
        ClassSession.objects.create(
            training_class=training_class,
            starts_at=day,
            ends_at=day + datetime.timedelta(hours=3),
            topic=f"Buổi {index + 1}",
        )
    return training_class


def encode_cp1258(text: str) -> bytes:
    """Text as Windows-1258 writes it: precomposed where the code page has the
    letter (ơ, ư, â…), base letter + combining tone mark otherwise."""
    import unicodedata

    out = []
    for char in text:
        try:
            out.append(char.encode("cp1258"))
            continue
        except UnicodeEncodeError:
            pass
        base, *marks = unicodedata.normalize("NFD", char)
        for mark in marks:
            head = unicodedata.normalize("NFC", base + mark)
            rest = "".join(m for m in marks if m != mark)
            try:
                out.append(head.encode("cp1258") + rest.encode("cp1258"))
                break
            except UnicodeEncodeError:
                continue
        else:
            out.append((base + "".join(marks)).encode("cp1258"))
    return b"".join(out)


def class_held(training_class, *, days: int = 30) -> None:
    """Move the class's sessions ``days`` back: they have taken place (attendance
    is recorded only for sessions that have started, and a class completes only
    after its last one ends). Enrol first: a class that has ended takes nobody."""
    from django.db.models import F

    shift = datetime.timedelta(days=days)
    ClassSession.objects.filter(training_class=training_class).update(
        starts_at=F("starts_at") - shift, ends_at=F("ends_at") - shift
    )
