from django import template
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe

from ..selectors import attempt_history, attempt_limit_message, quiz_access_error

register = template.Library()


@register.inclusion_tag("quizzes/includes/quiz_panel.html", takes_context=True)
def quiz_panel(context, quiz, lesson=None):
    """The quiz card shown inside a lesson: rules, the learner's attempts, a button."""
    request = context.get("request")
    user = getattr(request, "user", None)
    history = attempt_history(user=user, quiz=quiz) if user is not None else None
    refusal = (
        # The lesson is the page being served: Wagtail checked it is live and
        # visible; starting checks it again.
        quiz_access_error(user=user, quiz=quiz, lesson=lesson, place_served=True)
        if user is not None
        else None
    )
    return {
        "request": request,
        "quiz": quiz,
        "lesson": lesson,
        "history": history,
        "grade": history and history.grade,
        "running": history and history.running,
        "refusal": refusal,
        "can_start": not quiz.max_attempts
        or (history.count if history else 0) < quiz.max_attempts,
        "is_open": quiz.is_open(),
        "limit_message": (
            attempt_limit_message(quiz.max_attempts) if quiz.max_attempts else ""
        ),
    }


_CHOSEN = {True: mark_safe(" checked"), False: ""}  # noqa: S308 - constant
_DISABLED = {True: mark_safe(" disabled"), False: ""}  # noqa: S308 - constant


@register.simple_tag
def quiz_options(slot, readonly=False):
    """The radio buttons (one answer) or checkboxes (several) of a question.

    Written with ``format_html`` rather than a template loop: an attempt page
    has twenty questions of four to six answers, and the loop's variable
    lookups were most of the page's rendering time. Every value is escaped
    except the answer's HTML, which ``slot_view`` cleaned already.
    """
    kind = "checkbox" if slot.qtype == "multiple" else "radio"
    name = slot.field_name
    return format_html_join(
        "\n",
        '<li><input type="{}" name="{}" id="{}-{}" value="{}"{}{}>\n'
        '<label for="{}-{}">{}</label></li>',
        (
            (kind, name, name, o.index, o.index, _CHOSEN[bool(o.selected)])
            + (_DISABLED[bool(readonly)], name, o.index, o.html)
            for o in slot.options
        ),
    )
