from django import template
from django.template.loader import TemplateDoesNotExist, get_template

from courses.page_context.dashboard import dashboard
from courses.selectors import catalogue_url_get

register = template.Library()


@register.simple_tag(takes_context=True)
def catalogue_url(context) -> str:
    """The URL of the live course catalogue, on every page's header."""
    return catalogue_url_get(request=context.get("request"))


@register.simple_tag(takes_context=True)
def quiz_block(context, quiz) -> str:
    """Render a lesson's quiz with the quizzes app's template when it has one."""
    if quiz is None:
        return ""
    try:
        tpl = get_template("quizzes/includes/lesson_quiz.html")
    except TemplateDoesNotExist:
        tpl = get_template("courses/blocks/quiz_fallback.html")
    flat = context.flatten()
    flat.update({"quiz": quiz})
    return tpl.render(flat, context.get("request"))


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


@register.simple_tag(takes_context=True)
def learner_next_step(context):
    """The signed-in learner's single next action (the dashboard's), or None."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    return dashboard(user=user)["resume"]
