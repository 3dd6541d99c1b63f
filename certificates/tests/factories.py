"""Course offerings and completed enrolments for the certificate tests."""

import datetime
import itertools

from django.utils import timezone

from courses.models import (
    CourseIndexPage,
    CoursePage,
    Enrollment,
    EnrollmentStatus,
    TrainingClass,
)
from tests.factories import UserFactory

_counter = itertools.count(1)


def catalogue(home_page) -> CourseIndexPage:
    index = CourseIndexPage.objects.first()
    if index is None:
        index = home_page.add_child(
            instance=CourseIndexPage(title="Danh mục khóa học", slug="khoa-hoc")
        )
    return index


def course_page(home_page, **fields) -> CoursePage:
    n = next(_counter)
    values = {
        "title": f"Sở hữu trí tuệ cơ bản cho cán bộ quản lý {n}",
        "slug": f"shtt-co-ban-{n}",
        "summary": "Khái niệm, đối tượng và thủ tục xác lập quyền sở hữu trí tuệ.",
        "level": "basic",
        "estimated_hours": 8,
        "awards_certificate": True,
    }
    values.update(fields)
    return catalogue(home_page).add_child(instance=CoursePage(**values))


def training_class(course, **fields) -> TrainingClass:
    n = next(_counter)
    values = {
        "course": course,
        "title": f"Lớp tập huấn Vị Thanh đợt {n}",
        "code": f"lop-vi-thanh-{n}",
        "start_date": datetime.date(2026, 3, 2),
        "end_date": datetime.date(2026, 3, 6),
    }
    values.update(fields)
    return TrainingClass.objects.create(**values)


def enrollment(user, course, *, training_class=None, status=EnrollmentStatus.COMPLETED):
    return Enrollment.objects.create(
        user=user,
        course=course,
        training_class=training_class,
        status=status,
        completed_at=timezone.now() if status == EnrollmentStatus.COMPLETED else None,
    )


def completed_learners(course, count, *, training_class=None, name_prefix="Học viên"):
    """``count`` learners with completed enrolments (fast: no per-user role sync)."""
    result = []
    for i in range(count):
        user = UserFactory(profile={"full_name": f"{name_prefix} Số {i + 1}"})
        result.append(enrollment(user, course, training_class=training_class))
    return result
