from django import template
from django.utils.safestring import mark_safe

from core.dates import long_date

register = template.Library()


@register.filter
def longdate(value):
    """``{{ some_date|longdate }}`` → "ngày 24 tháng 11 năm 2026" in Vietnamese."""
    return long_date(value)


@register.simple_tag(takes_context=True)
def active_nav(context, prefix: str) -> str:
    """``aria-current`` for the navigation link whose URL starts the current path."""
    request = context.get("request")
    if request and prefix and request.path.startswith(prefix):
        return mark_safe('aria-current="page"')
    return ""
