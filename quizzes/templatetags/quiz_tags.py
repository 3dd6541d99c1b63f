from django import template

from ..models import AttemptState
from ..selectors import (
    attempt_limit_message,
    attempts_of,
    quiz_access_error,
    quiz_grade,
)

register = template.Library()


@register.inclusion_tag("quizzes/includes/quiz_panel.html", takes_context=True)
def quiz_panel(context, quiz, lesson=None):
    """The quiz card shown inside a lesson: rules, the learner's attempts, a button."""
    request = context.get("request")
    user = getattr(request, "user", None)
    attempts = attempts_of(user=user, quiz=quiz) if user is not None else []
    refusal = (
        quiz_access_error(user=user, quiz=quiz, lesson=lesson)
        if user is not None
        else None
    )
    return {
        "request": request,
        "quiz": quiz,
        "lesson": lesson,
        "attempts": attempts,
        "grade": quiz_grade(attempts=attempts, method=quiz.grading_method),
        "running": next(
            (a for a in attempts if a.state == AttemptState.IN_PROGRESS), None
        ),
        "refusal": refusal,
        "can_start": not quiz.max_attempts or len(attempts) < quiz.max_attempts,
        "is_open": quiz.is_open(),
        "limit_message": (
            attempt_limit_message(quiz.max_attempts) if quiz.max_attempts else ""
        ),
    }
