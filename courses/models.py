"""Course content as a Wagtail page tree (skeleton; the courses work fills it in).

CourseIndexPage (catalogue) → CoursePage → ModulePage → LessonPage.
"""

from django.utils.translation import gettext_lazy as _
from wagtail.models import Page


class CourseIndexPage(Page):
    """The catalogue: lists, filters and searches the courses below it."""

    parent_page_types = ["core.HomePage"]
    subpage_types = ["courses.CoursePage"]

    class Meta:
        verbose_name = _("course catalogue")


class CoursePage(Page):
    """One course: its description, rules and the modules below it."""

    parent_page_types = ["courses.CourseIndexPage"]
    subpage_types = ["courses.ModulePage"]

    class Meta:
        verbose_name = _("course")


class ModulePage(Page):
    """A chapter of a course grouping lessons."""

    parent_page_types = ["courses.CoursePage"]
    subpage_types = ["courses.LessonPage"]

    class Meta:
        verbose_name = _("module")


class LessonPage(Page):
    """A lesson: StreamField content a learner studies and marks as done."""

    parent_page_types = ["courses.ModulePage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("lesson")
