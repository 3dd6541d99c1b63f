"""The catalogue page: its filters and results, cached for everyone, with each
card's "can you enrol now" line filled in per visitor."""

from __future__ import annotations

import re

from django.core.paginator import Paginator
from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from ..content_cache import CONTENT, STRUCTURE_SECONDS
from ..forms import CatalogueFilterForm
from ..models import LIVE_STATUSES, Enrollment, EnrolmentMode
from ..models import EnrollmentStatus as S
from ..selectors import catalogue_search, prerequisite_map, recommended_order

#: Pages of the unfiltered catalogue that are cached (a bound on the keys).
CACHED_CATALOGUE_PAGES = 50


def catalogue_context(*, index, request) -> dict:
    form = CatalogueFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    courses = catalogue_search(index=index, **filters)
    # An audience group's courses in the order to take them (entry course first),
    # unless the visitor chose an order or searched words.
    path_for = filters.get("audience_group")
    if path_for and not filters.get("ordering") and not filters.get("q"):
        courses = recommended_order(courses)
    else:
        path_for = None
    paginator = Paginator(courses, index.PER_PAGE)
    page_obj = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return {
        "page": index,
        "form": form,
        "page_obj": page_obj,
        "courses": page_obj.object_list,
        "result_count": paginator.count,
        "path_for": path_for,
        "querystring": query.urlencode(),
    }


def catalogue_html(*, index, request) -> str:
    """The catalogue's filters and results, rendered.

    The same for every visitor, so the unfiltered catalogue (the page everyone
    lands on; any ``?page=`` up to ``CACHED_CATALOGUE_PAGES``) is kept in the
    cache until the page tree or a course's tags change (``content_cache.CONTENT``),
    per language and host. Filtered views and searches are rendered each time:
    their keys would be as many as the query strings anyone sends.
    """

    def render() -> str:
        context = catalogue_context(index=index, request=request)
        return render_to_string("courses/includes/catalogue.html", context, request)

    # Rendered by our own template from our own data: safe when it was stored.
    number = request.GET.get("page", "1")
    if set(request.GET) - {"page"} or not (
        number.isdigit() and 0 < int(number) <= CACHED_CATALOGUE_PAGES
    ):
        html = render()
    else:
        name = (
            f"courses:catalogue:{index.pk}:{request.get_host()}:"
            f"{get_language()}:{number}"
        )
        html = CONTENT.cached(name, render, STRUCTURE_SECONDS)
    return mark_safe(enrol_now_fill(html, user=request.user))  # noqa: S308


#: Where a course card says whether this visitor can enrol now: the cards are
#: the same for everyone (and cached), this line is filled per visitor.
ENROL_NOW_MARK = re.compile(r"<!--enrol-now:(\d+):(\w+)-->")


def enrol_now_fill(html: str, *, user) -> str:
    """The catalogue's HTML with each card's "can you enrol now" line for
    ``user``: one query for their enrolments, whatever the number of cards."""
    marks = ENROL_NOW_MARK.findall(html)
    if not marks:
        return html
    requires = prerequisite_map()
    statuses = {}
    if user.is_authenticated:
        for row in Enrollment.objects.filter(user=user).order_by("enrolled_at", "pk"):
            if row.status in LIVE_STATUSES or row.course_id not in statuses:
                statuses[row.course_id] = row.status
    texts = {}
    for course_id, mode in set(marks):
        pk = int(course_id)
        status = statuses.get(pk)
        missing = [p for p in requires.get(pk, ()) if statuses.get(p) != S.COMPLETED]
        if status == S.COMPLETED:
            state, text = "done", _("You have completed this course")
        elif status == S.ACTIVE:
            state, text = "done", _("You are studying this course")
        elif status in (S.PENDING, S.WAITLISTED):
            state, text = "wait", _("Your request is waiting")
        elif missing:
            state, text = "locked", _("Not yet: complete the prerequisites first")
        elif mode == EnrolmentMode.INVITATION:
            state, text = "locked", _("By invitation only")
        elif mode == EnrolmentMode.APPROVAL:
            state, text = "open", _("You can apply now (approval needed)")
        else:
            state, text = "open", _("You can enrol now")
        texts[(course_id, mode)] = format_html(
            '<p class="enrol-now enrol-now-{}">{}</p>', state, text
        )
    return ENROL_NOW_MARK.sub(lambda m: texts[(m.group(1), m.group(2))], html)
