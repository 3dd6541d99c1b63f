from django import template
from django.template.loader import TemplateDoesNotExist, get_template

register = template.Library()

_CACHE_ATTR = "_courses_catalogue_url"


@register.simple_tag(takes_context=True)
def catalogue_url(context) -> str:
    """The URL of the live course catalogue (one query per request, then cached)."""
    from courses.models import CourseIndexPage

    request = context.get("request")
    if request is not None and hasattr(request, _CACHE_ATTR):
        return getattr(request, _CACHE_ATTR)
    page = CourseIndexPage.objects.live().order_by("path").first()
    url = (page.get_url(request) if page else None) or "/"
    if request is not None:
        setattr(request, _CACHE_ATTR, url)
    return url


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
