"""Factories and builders for the quizzes tests (bank, quizzes, course pages)."""

import factory

from quizzes.models import Choice, Question, QuestionCategory, Quiz, QuizQuestion
from quizzes.qtypes import QuestionType


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = QuestionCategory

    name = factory.Sequence(lambda n: f"Danh mục {n}")


class QuestionFactory(factory.django.DjangoModelFactory):
    """A single-choice question "Câu n" with a right answer "ĐÚNG-n" and two wrong."""

    class Meta:
        model = Question
        skip_postgeneration_save = True

    category = factory.SubFactory(CategoryFactory)
    qtype = QuestionType.SINGLE
    title = factory.Sequence(lambda n: f"Câu {n}")
    text = factory.Sequence(lambda n: f"Nội dung câu hỏi {n}?")

    @factory.post_generation
    def answers(obj, create, extracted, **kwargs):
        if not create:
            return
        rows = extracted
        if rows is None:
            rows = [
                (f"RIGHTKEY-{obj.pk}", 1.0),
                (f"Sai thứ nhất {obj.pk}", 0.0),
                (f"Sai thứ hai {obj.pk}", 0.0),
            ]
        for order, row in enumerate(rows):
            text, fraction, *rest = row
            extra = rest[0] if rest else {}
            Choice.objects.create(
                question=obj, sort_order=order, text=text, fraction=fraction, **extra
            )


class QuizFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Quiz

    title = factory.Sequence(lambda n: f"Bài kiểm tra {n}")
    slug = factory.Sequence(lambda n: f"bai-kiem-tra-{n}")
    pass_mark = 50


def quiz_with_questions(questions, **kwargs) -> Quiz:
    quiz = QuizFactory(**kwargs)
    for order, question in enumerate(questions):
        QuizQuestion.objects.create(quiz=quiz, question=question, sort_order=order)
    return quiz


def course_tree(home_page, *, lessons: int = 1, slug: str = "khoa-hoc"):
    """CourseIndexPage → CoursePage → ModulePage → ``lessons`` LessonPages."""
    from courses.models import CourseIndexPage, CoursePage, LessonPage, ModulePage

    index = CourseIndexPage.objects.filter(slug="khoa-hoc-index").first()
    if index is None:
        index = home_page.add_child(
            instance=CourseIndexPage(title="Khóa học", slug="khoa-hoc-index")
        )
    course = index.add_child(
        instance=CoursePage(
            title=f"Khóa {slug}", slug=slug, summary="Tóm tắt", level="basic"
        )
    )
    module = course.add_child(
        instance=ModulePage(title="Chương 1", slug=f"{slug}-chuong-1")
    )
    pages = [
        module.add_child(instance=LessonPage(title=f"Bài {i}", slug=f"{slug}-bai-{i}"))
        for i in range(lessons)
    ]
    return course, module, pages


def place_quiz(lesson, quiz):
    lesson.body = [("quiz", quiz)]
    lesson.save_revision().publish()
    lesson.refresh_from_db()
    return lesson


def enrol(user, course, status="active"):
    from courses.models import Enrollment

    return Enrollment.objects.create(user=user, course=course, status=status)


def right_answers(attempt) -> dict[int, int]:
    """Slot id → position (as shown) of the right answer of each choice question,
    read from the bank as it is now."""
    answers = {}
    for slot in attempt.slots.all():
        for position, choice_id in enumerate(slot.layout.get("choices", [])):
            if Choice.objects.get(pk=choice_id).fraction == 1:
                answers[slot.pk] = position
    return answers
