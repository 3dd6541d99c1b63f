"""Course content as a Wagtail page tree, and the IP-area snippet for tagging courses.

CourseIndexPage (catalogue) → CoursePage → ModulePage → LessonPage. The page models
hold content and read helpers only; enrolment and progress live in courses.models
and change through courses.services.
"""

from django.db import models
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.functional import cached_property
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from rest_framework import serializers
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from core.text import fold

from .blocks import LessonBodyBlock
from .wagtail_internals import page_parent_give, page_parent_known


class ChildRouteMixin:
    """Route to a child with one query: the catalogue, course and module each
    have exactly one child page type (``subpage_types``), so the child is read
    as that model at once, where Wagtail reads the base page and then its
    specific page (two queries per level of every course, module and lesson
    URL)."""

    def route(self, request, path_components):
        (child_model,) = self.allowed_subpage_models()
        if not path_components:
            return super().route(request, path_components)
        try:
            child = child_model.objects.child_of(self).get(slug=path_components[0])
        except child_model.DoesNotExist as exc:
            raise Http404 from exc
        page_parent_give(child, self)
        return child.route(request, path_components[1:])


class CachedRestrictionsMixin:
    """Skip Wagtail's two queries per request for view restrictions (ancestors,
    then their restrictions) while the site has none, which is the usual case:
    whether any exists is cached until one is added, changed or removed."""

    def get_view_restrictions(self):
        from wagtail.models import PageViewRestriction

        from .selectors import view_restrictions_exist

        if not view_restrictions_exist():
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()


class IPArea(models.Model):
    """An area of intellectual property a course covers (editable data, not an enum).

    The plan names three groups of rights (industrial property; copyright and related
    rights; plant varieties) plus cross-cutting topics; editors may add more.
    """

    code = models.SlugField(_("code"), max_length=80, unique=True)
    name = models.CharField(_("name (Vietnamese)"), max_length=255)
    name_en = models.CharField(_("name (English)"), max_length=255, blank=True)
    sort_order = models.PositiveIntegerField(_("order"), default=0)

    panels = [
        FieldPanel("name"),
        FieldPanel("name_en"),
        FieldPanel("code"),
        FieldPanel("sort_order"),
    ]

    class Meta:
        verbose_name = _("IP area")
        verbose_name_plural = _("IP areas")
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        if (get_language() or "vi").startswith("en") and self.name_en:
            return self.name_en
        return self.name


class Level(models.TextChoices):
    BASIC = "basic", _("Basic")
    INTERMEDIATE = "intermediate", _("Intermediate")
    ADVANCED = "advanced", _("Advanced")


LEVEL_RANK = {Level.BASIC: 1, Level.INTERMEDIATE: 2, Level.ADVANCED: 3}


class EnrolmentMode(models.TextChoices):
    OPEN = "open", _("Open: anybody with a complete profile")
    APPROVAL = "approval", _("Approval required")
    INVITATION = "invitation", _("Invitation only")


class CourseIndexPage(CachedRestrictionsMixin, ChildRouteMixin, Page):
    """The catalogue: lists, filters and searches the live courses below it.

    It sits under the home page and may only hold courses, so every course is
    reachable from exactly one catalogue. Filtering and search live in
    ``courses.selectors.catalogue_search``; this page only renders them.
    """

    intro = RichTextField(
        _("introduction"), blank=True, features=["bold", "italic", "link"]
    )

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["core.HomePage"]
    subpage_types = ["courses.CoursePage"]
    max_count_per_parent = 1
    api_fields = [APIField("intro")]

    PER_PAGE = 12

    class Meta:
        verbose_name = _("course catalogue")

    def get_context(self, request, *args, **kwargs):
        from .page_context.catalogue import catalogue_html

        context = super().get_context(request, *args, **kwargs)
        context["catalogue"] = catalogue_html(index=self, request=request)
        return context


class CoursePage(CachedRestrictionsMixin, ChildRouteMixin, Page):
    """One course: what it teaches, for whom, how to enrol, and its modules below it.

    Rules of enrolment (mode, capacity, prerequisites) are data the services read;
    the page itself never changes an enrolment.
    """

    title_en = models.CharField(_("title (English)"), max_length=255, blank=True)
    summary = models.TextField(_("summary"))
    level = models.CharField(
        _("level"),
        max_length=20,
        choices=Level.choices,
        default=Level.BASIC,
        db_index=True,
    )
    ip_areas = ParentalManyToManyField(
        "courses.IPArea", verbose_name=_("IP areas"), blank=True, related_name="courses"
    )
    audience_groups = ParentalManyToManyField(
        "directory.AudienceGroup",
        verbose_name=_("target audience groups"),
        blank=True,
        related_name="courses",
    )
    estimated_hours = models.DecimalField(
        _("estimated hours"), max_digits=5, decimal_places=1, default=4
    )
    learning_outcomes = models.TextField(
        _("learning outcomes"), blank=True, help_text=_("One outcome per line.")
    )
    prerequisites = ParentalManyToManyField(
        "courses.CoursePage",
        verbose_name=_("prerequisites"),
        blank=True,
        related_name="required_by",
        symmetrical=False,
        help_text=_("Courses a learner must complete before enrolling in this one."),
    )
    enrolment_mode = models.CharField(
        _("enrolment mode"),
        max_length=20,
        choices=EnrolmentMode.choices,
        default=EnrolmentMode.OPEN,
    )
    capacity = models.PositiveIntegerField(
        _("capacity"),
        null=True,
        blank=True,
        help_text=_(
            "Leave empty for no limit. Full courses put learners on a waiting list."
        ),
    )
    awards_certificate = models.BooleanField(_("awards a certificate"), default=True)
    cover_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("cover image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    plan_tasks = ParentalManyToManyField(
        "plan.PlanTask",
        verbose_name=_("plan tasks"),
        blank=True,
        related_name="courses",
        help_text=_("The tasks of the provincial plan this course serves."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("title_en"),
        FieldPanel("summary"),
        FieldPanel("cover_image"),
        MultiFieldPanel(
            [
                FieldPanel("level"),
                FieldPanel("ip_areas"),
                FieldPanel("audience_groups"),
                FieldPanel("estimated_hours"),
                FieldPanel("learning_outcomes"),
            ],
            heading=_("What the course teaches and for whom"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("prerequisites"),
                FieldPanel("enrolment_mode"),
                FieldPanel("capacity"),
                FieldPanel("awards_certificate"),
            ],
            heading=_("Enrolment"),
        ),
        FieldPanel("plan_tasks"),
    ]
    parent_page_types = ["courses.CourseIndexPage"]
    subpage_types = ["courses.ModulePage"]

    search_fields = Page.search_fields + [
        index.SearchField("title_en"),
        index.SearchField("summary"),
        index.SearchField("learning_outcomes"),
        index.SearchField("search_folded"),
        index.AutocompleteField("summary"),
        index.FilterField("level"),
    ]
    api_fields = [
        APIField("title_en"),
        APIField("summary"),
        APIField("level"),
        APIField("estimated_hours"),
        APIField("learning_outcomes"),
        APIField("enrolment_mode"),
        APIField("capacity"),
        APIField("awards_certificate"),
        APIField("ip_area_codes"),
        APIField("audience_group_codes"),
        APIField("prerequisite_ids"),
    ]

    def search_folded(self) -> str:
        """Title, summary and outcomes without accents, for searches typed
        without them ("nhan hieu" finds "nhãn hiệu"): see ``core.text.fold``."""
        parts = [self.title, self.title_en, self.summary, self.learning_outcomes]
        return fold(" ".join(p or "" for p in parts))

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")

    @property
    def display_title(self) -> str:
        if (get_language() or "vi").startswith("en") and self.title_en:
            return self.title_en
        return self.title

    @property
    def outcomes(self) -> list[str]:
        return [
            line.strip() for line in self.learning_outcomes.splitlines() if line.strip()
        ]

    @property
    def level_rank(self) -> int:
        return LEVEL_RANK.get(self.level, 0)

    @property
    def ip_area_codes(self) -> list[str]:
        return [area.code for area in self.ip_areas.all()]

    @property
    def audience_group_codes(self) -> list[str]:
        return [group.code for group in self.audience_groups.all()]

    @property
    def prerequisite_ids(self) -> list[int]:
        return [course.pk for course in self.prerequisites.all()]

    def get_context(self, request, *args, **kwargs):
        from .page_context.course import course_page_context

        context = super().get_context(request, *args, **kwargs)
        context.update(course_page_context(course=self, user=request.user))
        return context


class ModulePage(CachedRestrictionsMixin, ChildRouteMixin, Page):
    """A chapter of a course grouping lessons; it has no page of its own to study.

    Visiting it shows its lessons; the course page shows the whole outline.
    """

    summary = models.TextField(_("summary"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("summary")]
    parent_page_types = ["courses.CoursePage"]
    subpage_types = ["courses.LessonPage"]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("search_folded"),
    ]
    api_fields = [APIField("summary")]

    def search_folded(self) -> str:
        """Title and summary without accents (``core.text.fold``)."""
        return fold(f"{self.title} {self.summary}")

    class Meta:
        verbose_name = _("module")
        verbose_name_plural = _("modules")

    def serve(self, request, *args, **kwargs):
        return redirect(self.get_parent().get_url(request) or "/")


class LessonBodyAPIField(serializers.Field):
    """The body only for free-preview lessons.

    The API is public and read-only, so a lesson body that needs enrolment is
    never written out, whoever asks.
    """

    def __init__(self):
        super().__init__(source="*", read_only=True)

    def to_representation(self, lesson):
        if not lesson.free_preview:
            return None
        return lesson.body.stream_block.get_api_representation(
            lesson.body, self.context
        )


class LessonPage(CachedRestrictionsMixin, Page):
    """A lesson: StreamField content a learner studies and marks as done.

    Only free-preview lessons are public. Other bodies are served to enrolled
    learners and editors only; the body is therefore kept out of the search index
    and of the API (see ``LessonBodyAPIField``).
    """

    free_preview = models.BooleanField(
        _("free preview"),
        default=False,
        help_text=_("Anybody may read a free-preview lesson without enrolling."),
    )
    is_optional = models.BooleanField(
        _("optional"),
        default=False,
        help_text=_("Optional lessons do not count towards course completion."),
    )
    estimated_minutes = models.PositiveSmallIntegerField(
        _("estimated minutes"), default=20
    )
    body = StreamField(LessonBodyBlock(), verbose_name=_("body"), blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("free_preview"),
        FieldPanel("is_optional"),
        FieldPanel("estimated_minutes"),
        FieldPanel("body"),
    ]
    parent_page_types = ["courses.ModulePage"]
    subpage_types: list[str] = []
    # Title only: indexing the body would let a search reveal private text.
    search_fields = Page.search_fields + [index.SearchField("search_folded")]
    api_fields = [
        APIField("free_preview"),
        APIField("estimated_minutes"),
        APIField("body", serializer=LessonBodyAPIField()),
    ]

    def search_folded(self) -> str:
        """The title without accents (``core.text.fold``)."""
        return fold(self.title)

    class Meta:
        verbose_name = _("lesson")
        verbose_name_plural = _("lessons")

    @cached_property
    def module(self) -> "ModulePage | None":
        # Routing leaves the parent on the page (no query); else read it.
        parent = page_parent_known(self)
        if isinstance(parent, ModulePage):
            return parent
        return ModulePage.objects.filter(path=self.path[: -self.steplen]).first()

    @cached_property
    def course(self) -> "CoursePage | None":
        module = page_parent_known(self)
        course = page_parent_known(module) if module is not None else None
        if isinstance(course, CoursePage):
            return course
        return CoursePage.objects.ancestor_of(self).first()

    def serve(self, request, *args, **kwargs):
        from .page_context.course import lesson_page_context

        context = self.get_context(request, *args, **kwargs)
        context.update(lesson_page_context(lesson=self, user=request.user))
        if context["can_read"]:
            return TemplateResponse(request, self.get_template(request), context)
        if not request.user.is_authenticated:
            from django.contrib.auth.views import redirect_to_login

            return redirect_to_login(request.get_full_path())
        return TemplateResponse(
            request, "courses/lesson_locked.html", context, status=403
        )
