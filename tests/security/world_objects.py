"""Objects of the apps, created for the security tests when the app provides them.

Every builder is defensive: an app still under construction contributes nothing
and the URL that needs its object then fails to build (so it is noticed).
"""

from __future__ import annotations

import logging

logger = logging.getLogger(__name__)


def build(world) -> dict:
    objects: dict = {}
    from core.services import site_home_ensure

    objects["home"] = site_home_ensure()
    for builder in (_courses, _quizzes, _certificates, _plan):
        try:
            objects.update(builder(world, objects) or {})
        except (ImportError, AttributeError) as exc:  # app not there yet
            logger.info("security world: %s skipped (%s)", builder.__name__, exc)
    return objects


def _courses(world, objects):
    import datetime

    from courses.models import TrainingClass
    from courses.pages import CourseIndexPage, CoursePage, LessonPage, ModulePage
    from courses.services import enrollment_create

    home = objects["home"]
    index = home.add_child(
        instance=CourseIndexPage(title="Danh mục khóa học", slug="khoa-hoc")
    )
    course = index.add_child(
        instance=CoursePage(
            title="Sở hữu trí tuệ cơ bản",
            slug="shtt-co-ban",
            summary="Khái niệm, đối tượng và thủ tục xác lập quyền.",
            level="basic",
            estimated_hours=4,
        )
    )
    module = course.add_child(instance=ModulePage(title="Học phần 1", slug="hp-1"))
    lesson = module.add_child(
        instance=LessonPage(
            title="Bài 1: Quyền tác giả",
            slug="bai-1",
            body=[("paragraph", "<p>Nội dung chỉ dành cho học viên đã ghi danh.</p>")],
        )
    )
    preview = module.add_child(
        instance=LessonPage(title="Bài 0: Giới thiệu", slug="bai-0", free_preview=True)
    )
    today = datetime.date.today()
    training_class = TrainingClass.objects.create(
        course=course,
        title="Lớp tập huấn Vị Thanh",
        code="lop-vi-thanh",
        start_date=today,
        end_date=today + datetime.timedelta(days=2),
    )
    enrollment = enrollment_create(user=world.users["learner"], course=course)
    return {
        "catalogue": index,
        "course": course,
        "module": module,
        "lesson": lesson,
        "preview_lesson": preview,
        "training_class": training_class,
        "enrollment": enrollment,
    }


def _quizzes(world, objects):
    return {}


def _certificates(world, objects):
    return {}


def _plan(world, objects):
    return {}
