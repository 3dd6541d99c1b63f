from pathlib import Path

import pytest
from wagtail.models import Page, Revision

from accounts.demo import load as accounts_load
from courses.demo import attach_quiz_blocks, load
from courses.demo.loader import CURRICULUM_DIR, ascii_slug
from courses.models import (
    ClassSession,
    CoursePage,
    Enrollment,
    IPArea,
    LessonPage,
    LessonProgress,
    TrainingClass,
)

pytestmark = pytest.mark.django_db
FIXTURE = Path(__file__).parent / "fixtures" / "curriculum"


@pytest.fixture
def seeded(directory_seed, home_page):
    accounts_load()


def snapshot():
    return (
        Page.objects.count(),
        Revision.objects.count(),
        IPArea.objects.count(),
        TrainingClass.objects.count(),
        ClassSession.objects.count(),
        Enrollment.objects.count(),
        LessonProgress.objects.count(),
        tuple(LessonPage.objects.order_by("pk").values_list("pk", "body")),
    )


def test_the_loader_builds_the_catalogue_from_json(seeded):
    load(FIXTURE)
    first = CoursePage.objects.get(slug="nhap-mon-thu-nghiem")
    second = CoursePage.objects.get(slug="nang-cao-thu-nghiem")
    assert first.get_parent().slug == "khoa-hoc"
    assert first.title_en == "IP basics (test)"
    assert first.outcomes == [
        "Phân biệt quyền tác giả và quyền sở hữu công nghiệp.",
        "Biết thời hạn bảo hộ nhãn hiệu.",
    ]
    assert sorted(first.ip_area_codes) == ["quyen-tac-gia", "so-huu-cong-nghiep"]
    assert first.audience_group_codes == ["can-bo-quan-ly-nha-nuoc"]
    assert list(second.prerequisites.all()) == [first]
    assert (second.enrolment_mode, second.capacity) == ("approval", 20)
    assert IPArea.objects.count() == 7
    lessons = list(LessonPage.objects.descendant_of(first).order_by("path"))
    assert [lesson.slug for lesson in lessons] == ["tai-san-tri-tue", "thoi-han-bao-ho"]
    assert lessons[0].free_preview and not lessons[1].free_preview
    kinds = [block.block_type for block in lessons[0].body]
    assert kinds == ["heading", "rich_text", "legal_citation"]  # quiz left for later
    assert "<b>sở hữu công nghiệp</b>" in lessons[0].body[1].value.source
    assert [block.block_type for block in lessons[1].body] == ["callout"]


def test_the_loader_adds_two_classes_and_a_demo_learner_with_progress(seeded):
    load(FIXTURE)
    classes = TrainingClass.objects.order_by("code")
    assert classes.count() == 2
    assert {bool(c.place) for c in classes} == {True, False}  # Vị Thanh and online
    assert all(c.sessions.exists() for c in classes)
    enrollment = Enrollment.objects.get(user__email="hocvien@demo.shtt.vn")
    assert enrollment.course.slug == "nhap-mon-thu-nghiem"
    assert enrollment.training_class is not None
    assert LessonProgress.objects.filter(user=enrollment.user).count() >= 1


def test_a_second_run_changes_nothing(seeded):
    load(FIXTURE)
    before = snapshot()
    lines = load(FIXTURE)
    assert snapshot() == before
    assert not [line for line in lines if line.startswith("course:")]


def test_quiz_blocks_are_attached_once_the_quiz_exists(seeded):
    from quizzes.models import Quiz

    load(FIXTURE)
    assert attach_quiz_blocks(FIXTURE) == 0
    quiz = Quiz.objects.create(title="Kiểm tra bài 1", slug="nhap-mon-thu-nghiem-bai-1")
    assert attach_quiz_blocks(FIXTURE) == 1
    lesson = LessonPage.objects.get(slug="tai-san-tri-tue")
    assert [b.block_type for b in lesson.body][-1] == "quiz"
    assert lesson.body[-1].value == quiz
    assert attach_quiz_blocks(FIXTURE) == 0  # idempotent


def test_an_existing_quiz_is_stored_at_first_load(seeded):
    from quizzes.models import Quiz

    Quiz.objects.create(title="Kiểm tra bài 1", slug="nhap-mon-thu-nghiem-bai-1")
    load(FIXTURE)
    lesson = LessonPage.objects.get(slug="tai-san-tri-tue")
    assert "quiz" in [b.block_type for b in lesson.body]


def test_ascii_slugs_drop_vietnamese_marks():
    taken = set()
    assert (
        ascii_slug("Điều kiện bảo hộ nhãn hiệu", taken) == "dieu-kien-bao-ho-nhan-hieu"
    )
    assert (
        ascii_slug("Điều kiện bảo hộ nhãn hiệu", taken)
        == "dieu-kien-bao-ho-nhan-hieu-2"
    )


def test_the_shipped_curriculum_files_are_valid_for_the_loader():
    import json

    files = sorted(CURRICULUM_DIR.glob("*.json"))
    slugs = set()
    for path in files:
        data = json.loads(path.read_text(encoding="utf-8"))
        assert data["level"] in ("basic", "intermediate", "advanced"), path.name
        assert data["enrolment_mode"] in ("open", "approval", "invitation"), path.name
        assert sum(len(m["lessons"]) for m in data["modules"]) >= 4, path.name
        slugs.add(data["slug"])
    for path in files:
        data = json.loads(path.read_text(encoding="utf-8"))
        assert set(data.get("prerequisites", [])) <= slugs, path.name


def test_the_real_curriculum_loads_and_a_second_run_changes_nothing(seeded):
    load()
    courses = CoursePage.objects.count()
    assert courses >= 6
    assert {c.level for c in CoursePage.objects.all()} == {
        "basic",
        "intermediate",
        "advanced",
    }
    for course in CoursePage.objects.all():
        assert LessonPage.objects.descendant_of(course).count() >= 4, course.slug
    before = snapshot()
    load()
    assert snapshot() == before
