"""Attempt lifecycle: start, autosave, submit, close, review, and what a grade
completes (through ``learning.services``, as the views call it)."""

import datetime

import pytest
from django.utils import timezone

from courses.models import LessonProgress
from learning.services import (
    attempt_start,
    attempt_submit,
    attempts_close_expired,
)
from quizzes.models import Attempt, AttemptState, ReviewPolicy
from quizzes.presentation import attempt_review
from quizzes.selectors import (
    final_exam_passed,
    quiz_grade,
    quiz_grade_stored,
)
from quizzes.services import QuizError, attempt_save_answers

from .factories import (
    CategoryFactory,
    QuestionFactory,
    QuizFactory,
    quiz_with_questions,
)

pytestmark = pytest.mark.django_db


def right_position(slot):
    """Position (as shown) of the right answer of a factory question."""
    for position, choice_id in enumerate(slot.layout["choices"]):
        if slot.question.choices.get(pk=choice_id).fraction == 1:
            return position
    raise AssertionError


def start(setup, **kwargs):
    return attempt_start(
        user=setup["user"], quiz=setup["quiz"], lesson=setup["lesson"], **kwargs
    )


def answer_all(attempt, user, right=True):
    answers = {}
    for slot in attempt.slots.select_related("question"):
        position = right_position(slot)
        answers[slot.pk] = position if right else (position + 1) % 3
    return answers


def test_start_fixes_the_questions_and_the_order_of_their_answers(lesson_setup):
    attempt = start(lesson_setup)
    slots = list(attempt.slots.order_by("order"))
    assert [s.question_id for s in slots] == [q.pk for q in lesson_setup["questions"]]
    assert all(len(s.layout["choices"]) == 3 for s in slots)
    assert attempt.number == 1 and attempt.state == AttemptState.IN_PROGRESS
    assert start(lesson_setup) == attempt  # a second start resumes it


def test_shuffled_quiz_keeps_the_same_order_for_the_attempt(lesson_setup):
    quiz = lesson_setup["quiz"]
    quiz.shuffle_questions = quiz.shuffle_choices = True
    quiz.save()
    attempt = start(lesson_setup)
    first = [(s.question_id, s.layout) for s in attempt.slots.order_by("order")]
    again = start(lesson_setup)
    assert [(s.question_id, s.layout) for s in again.slots.order_by("order")] == first


def test_random_draw_takes_n_distinct_questions_from_a_category_and_its_children(
    lesson_setup,
):
    parent = CategoryFactory()
    child = CategoryFactory(parent=parent)
    pool = [QuestionFactory(category=parent) for _ in range(3)] + [
        QuestionFactory(category=child) for _ in range(3)
    ]
    quiz = QuizFactory()
    quiz.random_draws.create(category=parent, count=5)
    from quizzes.services import quiz_draw

    drawn = quiz_draw(quiz=quiz)
    assert len(drawn) == 5 == len(set(drawn))
    assert set(drawn) <= {q.pk for q in pool}


def test_the_attempt_limit_is_enforced(lesson_setup):
    lesson_setup["quiz"].max_attempts = 1
    lesson_setup["quiz"].save()
    attempt = start(lesson_setup)
    attempt_submit(attempt=attempt, user=lesson_setup["user"])
    with pytest.raises(QuizError) as refused:
        start(lesson_setup)
    assert refused.value.code == "limit"
    assert Attempt.objects.count() == 1


def test_open_and_close_dates_are_enforced(lesson_setup):
    quiz = lesson_setup["quiz"]
    now = timezone.now()
    quiz.opens_at = now + datetime.timedelta(days=1)
    quiz.save()
    with pytest.raises(QuizError, match="not open yet"):
        start(lesson_setup)
    quiz.opens_at, quiz.closes_at = None, now - datetime.timedelta(minutes=1)
    quiz.save()
    with pytest.raises(QuizError, match="closed"):
        start(lesson_setup)
    assert not Attempt.objects.exists()


def test_a_learner_not_enrolled_cannot_start(lesson_setup):
    lesson_setup["enrollment"].delete()
    with pytest.raises(QuizError) as refused:
        start(lesson_setup)
    assert refused.value.code == "forbidden"


def test_autosave_stores_answers_and_rejects_forged_ones_without_changing_anything(
    lesson_setup,
):
    user = lesson_setup["user"]
    attempt = start(lesson_setup)
    slot = attempt.slots.order_by("order").first()
    attempt_save_answers(attempt=attempt, user=user, answers={slot.pk: 1})
    slot.answer.refresh_from_db()
    assert slot.answer.response == {"choice": slot.layout["choices"][1]}
    for forged in ({slot.pk: 7}, {slot.pk: [0, 1]}, {999999: 0}, {slot.pk: True}):
        with pytest.raises(QuizError):
            attempt_save_answers(attempt=attempt, user=user, answers={**forged})
    slot.answer.refresh_from_db()
    assert slot.answer.response == {"choice": slot.layout["choices"][1]}


def test_someone_elses_attempt_is_refused(lesson_setup, editor):
    attempt = start(lesson_setup)
    with pytest.raises(QuizError) as refused:
        attempt_submit(attempt=attempt, user=editor)
    assert refused.value.code == "not_owner"
    attempt.refresh_from_db()
    assert attempt.state == AttemptState.IN_PROGRESS


def test_submit_grades_once_and_passing_completes_the_lesson(lesson_setup):
    user = lesson_setup["user"]
    attempt = start(lesson_setup)
    graded, first = attempt_submit(
        attempt=attempt, user=user, answers=answer_all(attempt, user)
    )
    assert first is True
    assert (graded.score, graded.max_score, graded.percent, graded.passed) == (
        3,
        3,
        100,
        True,
    )
    assert LessonProgress.objects.filter(
        user=user, lesson=lesson_setup["lesson"]
    ).exists()
    again, second = attempt_submit(attempt=attempt, user=user, answers={})
    assert second is False and again.submitted_at == graded.submitted_at
    with pytest.raises(QuizError) as refused:
        attempt_save_answers(attempt=attempt, user=user, answers={})
    assert refused.value.code == "finished"


def test_failing_does_not_complete_the_lesson(lesson_setup):
    user = lesson_setup["user"]
    attempt = start(lesson_setup)
    graded, _ = attempt_submit(
        attempt=attempt, user=user, answers=answer_all(attempt, user, False)
    )
    assert graded.passed is False and graded.score == 0
    assert not LessonProgress.objects.filter(user=user).exists()


def test_time_limit_late_answers_are_refused_and_the_saved_ones_graded(lesson_setup):
    user = lesson_setup["user"]
    lesson_setup["quiz"].time_limit_minutes = 10
    lesson_setup["quiz"].save()
    now = timezone.now()
    attempt = start(lesson_setup, now=now)
    assert attempt.deadline == now + datetime.timedelta(minutes=10)
    answers = answer_all(attempt, user)
    first_slot = min(answers)
    attempt_save_answers(
        attempt=attempt,
        user=user,
        answers={first_slot: answers[first_slot]},
        now=now + datetime.timedelta(minutes=10, seconds=20),  # inside the grace
    )
    late = now + datetime.timedelta(minutes=11)
    with pytest.raises(QuizError, match="Time is up"):
        attempt_save_answers(attempt=attempt, user=user, answers=answers, now=late)
    graded, _ = attempt_submit(attempt=attempt, user=user, answers=answers, now=late)
    assert graded.state == AttemptState.ABANDONED
    assert graded.score == 1  # only the answer saved in time counts


def test_the_scheduled_sweep_closes_and_grades_expired_attempts(lesson_setup):
    user = lesson_setup["user"]
    lesson_setup["quiz"].time_limit_minutes = 5
    lesson_setup["quiz"].save()
    now = timezone.now()
    attempt = start(lesson_setup, now=now)
    attempt_save_answers(
        attempt=attempt, user=user, answers=answer_all(attempt, user), now=now
    )
    assert attempts_close_expired(now=now + datetime.timedelta(minutes=5)) == 0
    assert attempts_close_expired(now=now + datetime.timedelta(minutes=6)) == 1
    attempt.refresh_from_db()
    assert attempt.state == AttemptState.ABANDONED and attempt.passed is True
    assert attempts_close_expired(now=now + datetime.timedelta(minutes=7)) == 0
    assert LessonProgress.objects.filter(user=user).exists()


def test_the_celery_task_runs_the_sweep(lesson_setup):
    from learning.tasks import close_expired_attempts

    assert close_expired_attempts.delay().get() == 0


def test_a_start_after_the_deadline_closes_the_old_attempt_and_opens_a_new_one(
    lesson_setup,
):
    lesson_setup["quiz"].time_limit_minutes = 5
    lesson_setup["quiz"].save()
    now = timezone.now()
    old = start(lesson_setup, now=now)
    new = start(lesson_setup, now=now + datetime.timedelta(hours=1))
    old.refresh_from_db()
    assert old.state == AttemptState.ABANDONED
    assert new.number == 2


@pytest.mark.parametrize(
    ("policy", "closes_in", "shown"),
    [
        (ReviewPolicy.IMMEDIATELY, None, True),
        (ReviewPolicy.NEVER, None, False),
        (ReviewPolicy.AFTER_CLOSE, 60, False),
        (ReviewPolicy.AFTER_CLOSE, -60, True),
    ],
)
def test_the_review_honours_the_policy(lesson_setup, policy, closes_in, shown):
    user = lesson_setup["user"]
    quiz = lesson_setup["quiz"]
    quiz.review_policy = policy
    quiz.save()
    attempt = start(lesson_setup)
    attempt_submit(attempt=attempt, user=user, answers=answer_all(attempt, user))
    now = timezone.now()
    if closes_in is not None:
        quiz.closes_at = now + datetime.timedelta(minutes=closes_in)
        quiz.save()
    attempt.refresh_from_db()
    review = attempt_review(attempt=attempt, now=now)
    assert review["show_answers"] is shown
    assert all(bool(item.right) is shown for item in review["items"])
    assert all((item.points is not None) is shown for item in review["items"])


def test_grading_methods_highest_last_and_average():
    rows = [
        Attempt(number=1, percent=90, state="submitted"),
        Attempt(number=2, percent=30, state="submitted"),
    ]
    assert quiz_grade(attempts=rows, method="highest") == 90
    assert quiz_grade(attempts=rows, method="last") == 30
    assert quiz_grade(attempts=rows, method="average") == 60
    assert quiz_grade(attempts=[], method="highest") is None


@pytest.mark.parametrize(
    "method, expected", [("highest", 90), ("last", 30), ("average", 60)]
)
def test_the_stored_grade_is_the_grade_of_the_finished_attempts(
    lesson_setup, learner, method, expected
):
    """The database computes what ``quiz_grade`` computes from the rows: an
    attempt in progress or without a percentage does not count."""
    quiz = lesson_setup["quiz"]
    quiz.grading_method = method
    quiz.save()
    for number, percent, state in [
        (1, 90, "submitted"),
        (2, 30, "abandoned"),
        (3, 100, "in_progress"),
        (4, None, "in_progress"),
    ]:
        Attempt.objects.create(
            quiz=quiz, user=learner, number=number, percent=percent, state=state
        )
    rows = list(Attempt.objects.filter(quiz=quiz, user=learner))
    assert quiz_grade(attempts=rows, method=method) == expected
    assert quiz_grade_stored(user=learner, quiz=quiz) == expected


def test_the_stored_grade_of_a_learner_without_finished_attempts_is_none(
    lesson_setup, learner
):
    assert quiz_grade_stored(user=learner, quiz=lesson_setup["quiz"]) is None


def test_the_final_exam_rule_and_course_completion(lesson_setup):
    from courses.models import Enrollment
    from learning.services import lesson_complete

    user, course = lesson_setup["user"], lesson_setup["course"]
    assert final_exam_passed(user=user, course=course) is None
    exam = quiz_with_questions(
        [QuestionFactory() for _ in range(2)], final_exam_page=course, pass_mark=100
    )
    assert final_exam_passed(user=user, course=course) is False
    lesson_complete(user=user, lesson=lesson_setup["lesson"])
    assert Enrollment.objects.get(pk=lesson_setup["enrollment"].pk).status == "active"
    attempt = attempt_start(user=user, quiz=exam)
    attempt_submit(attempt=attempt, user=user, answers=answer_all(attempt, user))
    assert final_exam_passed(user=user, course=course) is True
    assert (
        Enrollment.objects.get(pk=lesson_setup["enrollment"].pk).status == "completed"
    )


def test_a_failed_final_exam_attempt_does_not_recheck_the_course(lesson_setup):
    """Nothing a failed attempt changes can complete the course, so the
    completion check (a row lock and its rules) is skipped for it."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from courses.models import Enrollment
    from learning.services import lesson_complete

    user, course = lesson_setup["user"], lesson_setup["course"]
    exam = quiz_with_questions(
        [QuestionFactory() for _ in range(2)], final_exam_page=course, pass_mark=100
    )
    lesson_complete(user=user, lesson=lesson_setup["lesson"])
    attempt = attempt_start(user=user, quiz=exam)
    with CaptureQueriesContext(connection) as queries:
        attempt_submit(attempt=attempt, user=user, answers={})
    assert not any("courses_enrollment" in q["sql"] for q in queries.captured_queries)
    assert Enrollment.objects.get(pk=lesson_setup["enrollment"].pk).status == "active"
    attempt = attempt_start(user=user, quiz=exam)
    attempt_submit(attempt=attempt, user=user, answers=answer_all(attempt, user))
    assert (
        Enrollment.objects.get(pk=lesson_setup["enrollment"].pk).status == "completed"
    )


def test_a_final_exam_needs_an_enrolment(lesson_setup, editor):
    course = lesson_setup["course"]
    exam = quiz_with_questions([QuestionFactory()], final_exam_page=course)
    from tests.factories import UserFactory

    stranger = UserFactory()
    with pytest.raises(QuizError) as refused:
        attempt_start(user=stranger, quiz=exam)
    assert refused.value.code == "forbidden"


def test_passing_a_quiz_started_outside_its_lesson_still_completes_the_lesson(
    lesson_setup,
):
    from quizzes.selectors import quiz_lessons

    user = lesson_setup["user"]
    assert quiz_lessons(quiz=lesson_setup["quiz"]) == [lesson_setup["lesson"]]
    attempt = attempt_start(user=user, quiz=lesson_setup["quiz"])
    attempt_submit(attempt=attempt, user=user, answers=answer_all(attempt, user))
    assert LessonProgress.objects.filter(
        user=user, lesson=lesson_setup["lesson"]
    ).exists()
