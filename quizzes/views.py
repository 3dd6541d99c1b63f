"""Learner views: quiz page, start, attempt form, autosave, submit, review.

Views parse and check the request, then call ``learning.services`` (a start or
a submit: the grade may complete a lesson, a course, a certificate) or
``quizzes.services``/``selectors``; every refusal is a 4xx page (or JSON for
autosave) with a clear message, its status chosen here (``QUIZ_ERROR_STATUS``).
"""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from courses.models import LessonPage
from courses.page_context.course import course_outline_for
from courses.selectors import enrollment_get
from courses.serving import site_prime
from learning import services as learning

from .models import Attempt, AttemptState, Quiz
from .presentation import attempt_page, attempt_review
from .responses import ResponseError, responses_from_json, responses_from_post
from .selectors import (
    attempt_history,
    attempt_limit_message,
    quiz_access_error,
    quiz_course,
    seconds_left,
    slots_with_data,
)
from .services import QuizError, attempt_save_answers

MAX_AUTOSAVE_BYTES = 256 * 1024

#: The HTTP status of each kind of refusal (``QuizError.code``); others are 400.
QUIZ_ERROR_STATUS = {
    "forbidden": 403,
    "not_open": 403,
    "closed": 403,
    "not_owner": 403,
    "limit": 409,
    "empty": 409,
    "conflict": 409,
    "finished": 409,
    "late": 409,
    "not_submitted": 409,
}


def _status(error: QuizError) -> int:
    return QUIZ_ERROR_STATUS.get(error.code, 400)


def _error(request, message: str, status: int, *, quiz=None):
    return TemplateResponse(
        request, "quizzes/error.html", {"message": message, "quiz": quiz}, status=status
    )


def _lesson_from(request):
    """The lesson a quiz is taken in (``lesson`` parameter), or None."""
    raw = request.POST.get("lesson") or request.GET.get("lesson") or ""
    if not raw:
        return None
    if not (raw.isascii() and raw.isdigit() and len(raw) <= 18):
        raise Http404
    return get_object_or_404(LessonPage.objects.live(), pk=int(raw))


def _own_attempt(request, pk: int) -> Attempt | None:
    """The visitor's attempt ``pk``; None when it is somebody else's."""
    attempt = get_object_or_404(Attempt.objects.select_related("quiz"), pk=pk)
    return attempt if attempt.user_id == request.user.pk else None


def _not_yours(request):
    return _error(request, _("This attempt is not yours."), 403)


@login_required
@require_GET
def quiz_detail(request, slug: str):
    quiz = get_object_or_404(Quiz, slug=slug)
    lesson = _lesson_from(request)
    history = attempt_history(user=request.user, quiz=quiz)
    context = {
        "quiz": quiz,
        "lesson": lesson,
        "history": history,
        "grade": history.grade,
        "refusal": quiz_access_error(
            user=request.user, quiz=quiz, lesson=lesson, session=request.session
        ),
        "running": history.running,
        "attempts_left": (
            None if not quiz.max_attempts else max(0, quiz.max_attempts - history.count)
        ),
        "is_open": quiz.is_open(),
        "limit_message": (
            attempt_limit_message(quiz.max_attempts) if quiz.max_attempts else ""
        ),
    }
    return TemplateResponse(request, "quizzes/quiz_detail.html", context)


@login_required
@require_POST
def quiz_start(request, slug: str):
    quiz = get_object_or_404(Quiz, slug=slug)
    lesson = _lesson_from(request)
    try:
        attempt = learning.attempt_start(
            user=request.user, quiz=quiz, lesson=lesson, session=request.session
        )
    except QuizError as exc:
        return _error(request, exc.message, _status(exc), quiz=quiz)
    return redirect("quizzes:attempt", pk=attempt.pk)


@login_required
@require_GET
def attempt_view(request, pk: int):
    attempt = _own_attempt(request, pk)
    if attempt is None:
        return _not_yours(request)
    if attempt.is_finished:
        return redirect("quizzes:review", pk=attempt.pk)
    slots = attempt_page(attempt=attempt)
    context = {
        "attempt": attempt,
        "quiz": attempt.quiz,
        "slots": slots,
        "seconds_left": seconds_left(attempt=attempt),
        "answered": sum(1 for s in slots if s.answered),
    }
    return TemplateResponse(request, "quizzes/attempt.html", context)


@login_required
@require_POST
def attempt_autosave(request, pk: int):
    attempt = _own_attempt(request, pk)
    if attempt is None:
        return JsonResponse({"error": _("This attempt is not yours.")}, status=403)
    if len(request.body) > MAX_AUTOSAVE_BYTES:
        return JsonResponse({"error": _("The request is too large.")}, status=413)
    try:
        payload = json.loads(request.body.decode("utf-8"))
        answers = responses_from_json(slots_with_data(attempt=attempt), payload)
        saved = attempt_save_answers(
            attempt=attempt, user=request.user, answers=answers
        )
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        return JsonResponse({"error": _("The request is not valid JSON.")}, status=400)
    except ResponseError as exc:
        return JsonResponse({"error": str(exc)}, status=400)
    except QuizError as exc:
        return JsonResponse(
            {"error": exc.message, "code": exc.code}, status=_status(exc)
        )
    return JsonResponse(
        {
            "saved": saved,
            "saved_at": timezone.localtime().strftime("%H:%M:%S"),
            "seconds_left": seconds_left(attempt=attempt),
        }
    )


@login_required
@require_POST
def attempt_submit_view(request, pk: int):
    attempt = _own_attempt(request, pk)
    if attempt is None:
        return _not_yours(request)
    if attempt.is_finished:
        return _error(
            request,
            _("This attempt has already been submitted."),
            409,
            quiz=attempt.quiz,
        )
    try:
        answers = responses_from_post(slots_with_data(attempt=attempt), request.POST)
    except ResponseError as exc:
        return _error(request, str(exc), 400, quiz=attempt.quiz)
    try:
        attempt, _graded = learning.attempt_submit(
            attempt=attempt, user=request.user, answers=answers
        )
    except QuizError as exc:
        return _error(request, exc.message, _status(exc), quiz=attempt.quiz)
    if attempt.state == AttemptState.ABANDONED:
        messages.warning(
            request,
            _("Time was up: only the answers saved before the time limit were graded."),
        )
    else:
        messages.success(request, _("Your answers have been submitted and graded."))
    return redirect("quizzes:review", pk=attempt.pk)


@login_required
@require_GET
def attempt_review_view(request, pk: int):
    attempt = get_object_or_404(Attempt.objects.select_related("quiz", "user"), pk=pk)
    if attempt.user_id != request.user.pk and not request.user.has_perm(
        "quizzes.view_quiz"
    ):
        return _not_yours(request)
    if not attempt.is_finished:
        return redirect("quizzes:attempt", pk=attempt.pk)
    context = {
        "attempt": attempt,
        "quiz": attempt.quiz,
        **attempt_review(attempt=attempt),
        **_completion_moment(request, attempt),
    }
    return TemplateResponse(request, "quizzes/review.html", context)


def _completion_moment(request, attempt: Attempt) -> dict:
    """For the learner's own attempt: the result against the pass mark, the
    attempts left and, for a final exam, where the course stands now (its
    next step: the certificate once it is complete)."""
    quiz = attempt.quiz
    if attempt.user_id != request.user.pk:
        return {}
    history = attempt_history(user=request.user, quiz=quiz)
    left = None if not quiz.max_attempts else max(0, quiz.max_attempts - history.count)
    context = {
        "own": True,
        "attempts_left": left,
        "can_retry": not attempt.passed and left != 0 and history.running is None,
    }
    course = quiz_course(quiz=quiz)
    if course is None:
        return context

    site_prime(request)  # the outline links lessons
    enrollment = enrollment_get(user=request.user, course=course)
    outline = course_outline_for(
        course=course, user=request.user, enrollment=enrollment
    )
    context.update(
        course=course,
        course_completed=enrollment is not None and enrollment.status == "completed",
        course_outline=outline,
        next_step=outline.next_step,
    )
    return context
