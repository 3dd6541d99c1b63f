"""Essays graded by hand: the attempt waits, a grader marks it in the admin
queue, the learner sees the mark and comment and is e-mailed, completion follows."""

import pytest
from django.core import mail
from django.urls import reverse

from courses.models import LessonProgress
from learning.services import attempt_start, attempt_submit, essay_grade
from quizzes.models import AttemptAnswer, AttemptState
from quizzes.qtypes import QuestionType
from quizzes.services import attempt_save_answers
from quizzes.services.attempts import QuizError
from quizzes.statistics import question_stats

from .factories import (
    QuestionFactory,
    course_tree,
    enrol,
    place_quiz,
    quiz_with_questions,
    right_answers,
)


@pytest.fixture
def essay_setup(db, home_page, learner):
    course, _module, (lesson,) = course_tree(home_page, lessons=1)
    choice = QuestionFactory(title="Chọn một")
    essay = QuestionFactory(
        qtype=QuestionType.ESSAY,
        title="Tự luận nhãn hiệu",
        text="Trình bày khái niệm nhãn hiệu.",
        points=3,
        answers=[],
        grader_info="Nêu đủ: dấu hiệu nhìn thấy được, phân biệt.",
        options={"max_chars": 200},
    )
    intro = QuestionFactory(
        qtype=QuestionType.DESCRIPTION, title="Giới thiệu", points=0, answers=[]
    )
    quiz = quiz_with_questions(
        [intro, choice, essay], shuffle_questions=False, shuffle_choices=False
    )
    place_quiz(lesson, quiz)
    enrol(learner, course)
    return {"quiz": quiz, "lesson": lesson, "user": learner, "essay": essay}


def in_vietnamese(text: str) -> str:
    """The pages are in Vietnamese (the site's language) whatever the tests read."""
    from django.utils import translation

    with translation.override("vi"):
        return translation.gettext(text)


def submitted(setup, text="Nhãn hiệu là dấu hiệu dùng để phân biệt."):
    attempt = attempt_start(
        user=setup["user"], quiz=setup["quiz"], lesson=setup["lesson"]
    )
    slots = {s.question_id: s for s in attempt.slots.all()}
    answers = right_answers(attempt)
    answers[slots[setup["essay"].pk].pk] = text
    attempt_save_answers(attempt=attempt, user=setup["user"], answers=answers)
    attempt, _ = attempt_submit(attempt=attempt, user=setup["user"])
    essay_answer = AttemptAnswer.objects.get(slot=slots[setup["essay"].pk])
    return attempt, essay_answer


def test_an_answered_essay_leaves_the_attempt_waiting_and_completes_nothing(
    essay_setup,
):
    attempt, answer = submitted(essay_setup)
    assert attempt.state == AttemptState.PENDING
    assert (attempt.percent, attempt.passed) == (None, None)
    assert answer.state == "pending" and answer.response["text"].startswith("Nhãn")
    assert not LessonProgress.objects.filter(user=essay_setup["user"]).exists()


def test_the_last_grade_closes_the_attempt_completes_the_lesson_and_emails(
    essay_setup, editor, django_capture_on_commit_callbacks
):
    from certificates.models import Certificate

    attempt, answer = submitted(essay_setup)
    # The only lesson completes the course: the certificate waits for the grade.
    assert not Certificate.objects.filter(user=essay_setup["user"]).exists()
    with django_capture_on_commit_callbacks(execute=True):
        essay_grade(
            answer=answer, points=2, comment="Thiếu ý phân biệt.", grader=editor
        )
    assert Certificate.objects.filter(user=essay_setup["user"]).exists()
    attempt.refresh_from_db()
    assert attempt.state == AttemptState.SUBMITTED
    assert (attempt.score, attempt.max_score, attempt.percent) == (3.0, 4.0, 75.0)
    assert attempt.passed is True
    assert LessonProgress.objects.filter(user=essay_setup["user"]).exists()
    essay_mails = [m for m in mail.outbox if "Thiếu ý phân biệt." in m.body]
    assert len(essay_mails) == 1
    assert "2 / 3" in essay_mails[0].body
    assert essay_mails[0].to == [essay_setup["user"].email]


def test_a_mark_outside_the_points_or_before_submission_is_refused(essay_setup, editor):
    _attempt, answer = submitted(essay_setup)
    with pytest.raises(QuizError, match="from 0 to 3"):
        essay_grade(answer=answer, points=4, comment="", grader=editor)
    answer.refresh_from_db()
    assert answer.state == "pending"


def test_an_essay_longer_than_its_limit_is_refused_and_the_saved_text_kept(
    essay_setup,
):
    from quizzes.responses import ResponseError

    attempt = attempt_start(
        user=essay_setup["user"], quiz=essay_setup["quiz"], lesson=essay_setup["lesson"]
    )
    slot = attempt.slots.get(question=essay_setup["essay"])
    attempt_save_answers(
        attempt=attempt, user=essay_setup["user"], answers={slot.pk: "Bản nháp\nhai"}
    )
    with pytest.raises((ResponseError, QuizError)):
        attempt_save_answers(
            attempt=attempt, user=essay_setup["user"], answers={slot.pk: "x" * 201}
        )
    assert AttemptAnswer.objects.get(slot=slot).response == {"text": "Bản nháp\nhai"}


def test_the_learner_sees_waiting_then_the_mark_and_comment(
    client, essay_setup, editor
):
    attempt, answer = submitted(essay_setup)
    client.force_login(essay_setup["user"])
    url = reverse("quizzes:review", args=[attempt.pk])
    page = client.get(url).content.decode()
    assert (
        in_vietnamese(
            "An essay in this attempt is waiting for a teacher to grade it; "
            "the result will follow."
        )
        in page
    )
    essay_grade(answer=answer, points=3, comment="Rất tốt.", grader=editor)
    page = client.get(url).content.decode()
    grade_box = page[page.index("quiz-essay-grade") :]
    assert "Rất tốt." in grade_box
    assert "3 / 3" in grade_box or ("3 of 3" in grade_box or "3 trên 3" in grade_box)


def test_the_admin_queue_lists_grades_and_moves_to_the_next_essay(
    client, essay_setup, editor
):
    from tests.factories import UserFactory

    first_attempt, first = submitted(essay_setup)
    other = UserFactory()
    essay_setup_other = {**essay_setup, "user": other}
    from courses.models import CoursePage

    enrol(other, CoursePage.objects.get())
    _second_attempt, second = submitted(essay_setup_other, text="Câu trả lời khác")
    client.force_login(editor)
    index = client.get(reverse("quizzes_admin:grading")).content.decode()
    assert essay_setup["quiz"].title in index
    queue_page = client.get(
        reverse("quizzes_admin:grading_quiz", args=[essay_setup["quiz"].pk])
        + f"?question={essay_setup['essay'].pk}"
    ).content.decode()
    assert (
        in_vietnamese("%(pending)s of %(total)s awaiting grading")
        % {
            "pending": 2,
            "total": 2,
        }
        in queue_page
    )
    url = reverse("quizzes_admin:grading_answer", args=[first.pk])
    page = client.get(url).content.decode()
    assert "phân biệt" in page and "Nêu đủ" in page  # answer and rubric
    assert reverse("quizzes_admin:grading_answer", args=[second.pk]) in page  # next
    response = client.post(url, {"points": "1.5", "comment": "Được."})
    assert response.status_code == 302
    assert response.url == reverse("quizzes_admin:grading_answer", args=[second.pk])
    first.refresh_from_db()
    assert (first.points, first.comment, first.graded_by) == (1.5, "Được.", editor)
    bad = client.post(
        reverse("quizzes_admin:grading_answer", args=[second.pk]), {"points": "9"}
    )
    expected = in_vietnamese("The mark must be a number from 0 to %(max)s.")
    assert bad.status_code == 200
    assert expected % {"max": 3} in bad.content.decode()


def test_a_learner_cannot_open_the_grading_queue(client, essay_setup):
    _attempt, answer = submitted(essay_setup)
    client.force_login(essay_setup["user"])
    for url in (
        reverse("quizzes_admin:grading"),
        reverse("quizzes_admin:grading_answer", args=[answer.pk]),
    ):
        assert client.get(url).status_code in (302, 403)
    assert client.post(
        reverse("quizzes_admin:grading_answer", args=[answer.pk]), {"points": "3"}
    ).status_code in (302, 403)
    answer.refresh_from_db()
    assert answer.state == "pending"


def test_item_statistics_include_essay_marks_and_skip_descriptions(essay_setup, editor):
    _attempt, answer = submitted(essay_setup)
    assert essay_setup["essay"].pk not in {
        r.question_id for r in question_stats(quiz=essay_setup["quiz"])
    }
    essay_grade(answer=answer, points=1.5, comment="", grader=editor)
    rows = {r.title: r for r in question_stats(quiz=essay_setup["quiz"])}
    assert rows["Tự luận nhãn hiệu"].facility == 50.0
    assert "Giới thiệu" not in rows


def test_the_learner_writes_the_essay_on_the_page_and_autosave_keeps_it(
    client, essay_setup
):
    import json

    attempt = attempt_start(
        user=essay_setup["user"], quiz=essay_setup["quiz"], lesson=essay_setup["lesson"]
    )
    slot = attempt.slots.get(question=essay_setup["essay"])
    client.force_login(essay_setup["user"])
    page = client.get(reverse("quizzes:attempt", args=[attempt.pk])).content.decode()
    assert f'<textarea name="q{slot.pk}"' in page and 'maxlength="200"' in page
    assert "Nêu đủ" not in page  # the rubric stays on the server
    response = client.post(
        reverse("quizzes:autosave", args=[attempt.pk]),
        data=json.dumps({"answers": {str(slot.pk): "Dòng một\r\nDòng hai"}}),
        content_type="application/json",
    )
    assert response.status_code == 200
    assert AttemptAnswer.objects.get(slot=slot).response == {
        "text": "Dòng một\nDòng hai"
    }
    too_long = client.post(
        reverse("quizzes:autosave", args=[attempt.pk]),
        data=json.dumps({"answers": {str(slot.pk): "x" * 201}}),
        content_type="application/json",
    )
    assert too_long.status_code == 400
    assert "200" in too_long.json()["error"]
