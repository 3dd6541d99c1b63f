"""Reads for the catalogue: search, ordering, prerequisites, recommended order."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import (
    Case,
    IntegerField,
    When,
)
from wagtail.models import PageViewRestriction

from core.text import fold

from ..content_cache import content_cached
from ..models import (
    CourseIndexPage,
    CoursePage,
)

ORDERINGS = {
    "": ("path",),
    "title": ("title",),
    "level": ("level_order", "path"),
    "newest": ("-first_published_at", "path"),
    "hours": ("estimated_hours", "path"),
}


def _level_rank_expression():
    return Case(
        When(level="basic", then=1),
        When(level="intermediate", then=2),
        When(level="advanced", then=3),
        default=4,
        output_field=IntegerField(),
    )


def page_search(pages, q: str):
    """Wagtail search over ``pages`` that forgives accents and case: the query
    is folded as the pages' ``search_folded`` field is ("NHÃN HIỆU", "nhan hieu"
    and "nhãn hiệu" find the same pages, on SQLite as on PostgreSQL)."""
    return pages.search(fold(q), operator="and")


def catalogue_search(
    *,
    index,
    q: str = "",
    audience_group=None,
    ip_area=None,
    level: str = "",
    ordering: str = "",
    **_ignored,
):
    """Live courses of the catalogue ``index`` matching the filters, ordered.

    Full-text search uses Wagtail search (PostgreSQL full-text search on
    PostgreSQL); when searching, results keep their relevance order unless an
    explicit ordering is chosen.
    """
    courses = CoursePage.objects.live().public().child_of(index)
    if audience_group:
        courses = courses.filter(audience_groups=audience_group)
    if ip_area:
        courses = courses.filter(ip_areas=ip_area)
    if level:
        courses = courses.filter(level=level)
    courses = courses.annotate(level_order=_level_rank_expression())
    q = fold(q or "")
    if q:
        hits = page_search(CoursePage.objects.live().child_of(index), q)
        ids = [hit.pk for hit in hits[:500]]
        courses = courses.filter(pk__in=ids)
        if not ordering:
            relevance = Case(
                *[When(pk=pk, then=rank) for rank, pk in enumerate(ids)],
                default=len(ids),
                output_field=IntegerField(),
            )
            return _catalogue_related(courses.annotate(relevance=relevance)).order_by(
                "relevance", "path"
            )
    return _catalogue_related(courses).order_by(*ORDERINGS.get(ordering, ("path",)))


def catalogue_url_get(*, request=None) -> str:
    """The URL of the live course catalogue ("/" when there is none).

    Every page's header links it, so it is cached (per host name, as Wagtail
    writes a page's URL relative to the request's site) instead of a page query
    and a URL lookup on every request.
    """

    def build() -> str:
        page = CourseIndexPage.objects.live().order_by("path").first()
        return (page.get_url(request) if page else None) or "/"

    host = request.get_host() if request is not None else ""
    return content_cached(f"catalogue-url:{host}", build)


def view_restrictions_exist() -> bool:
    """Whether any page of the site has a view restriction (cached)."""
    return content_cached("view-restrictions", PageViewRestriction.objects.exists)


def _catalogue_related(courses):
    return (
        courses.select_related("cover_image")
        .prefetch_related("ip_areas", "audience_groups", "prerequisites")
        .distinct()
    )


def prerequisite_map() -> dict[int, list[int]]:
    """Course id → the ids of its direct prerequisites, for every course (cached)."""

    def build() -> dict[int, list[int]]:
        found: dict[int, list[int]] = defaultdict(list)
        for source, target in CoursePage.prerequisites.through.objects.values_list(
            "from_coursepage_id", "to_coursepage_id"
        ).order_by("pk"):
            found[source].append(target)
        return dict(found)

    return content_cached("prerequisite-map", build)


def prerequisite_depth(course_id: int, requires: dict[int, list[int]]) -> int:
    """How many courses deep ``course_id``'s longest prerequisite chain is (0: an
    entry course); a cycle an editor made by mistake counts once."""
    depth, seen = 0, set()
    level = set(requires.get(course_id, ()))
    while level - seen:
        seen |= level
        depth += 1
        level = {pk for item in level for pk in requires.get(item, ())}
    return depth


def recommended_order(courses) -> list:
    """``courses`` in the order to take them: entry courses first, then each
    course after its prerequisites; by level, then catalogue order."""
    requires = prerequisite_map()
    return sorted(
        courses,
        key=lambda course: (
            prerequisite_depth(course.pk, requires),
            course.level_rank,
            course.path,
        ),
    )
