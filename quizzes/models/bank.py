"""The question bank: categories, questions and their answers (``Choice``)."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    PageChooserPanel,
)
from wagtail.models import Orderable
from wagtail.search import index

from ..qtypes import QuestionType, TextFormat


class QuestionCategory(models.Model):
    """A folder of the question bank, per course and/or IP area; may be nested."""

    name = models.CharField(_("name"), max_length=255)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent category"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    course = models.ForeignKey(
        "courses.CoursePage",
        verbose_name=_("course"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="question_categories",
    )
    ip_area = models.ForeignKey(
        "courses.IPArea",
        verbose_name=_("IP area"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="question_categories",
    )
    description = models.TextField(_("description"), blank=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("parent"),
        PageChooserPanel("course", "courses.CoursePage"),
        FieldPanel("ip_area"),
        FieldPanel("description"),
    ]

    class Meta:
        verbose_name = _("question category")
        verbose_name_plural = _("question categories")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["parent", "name"], name="quizzes_category_unique_in_parent"
            ),
            models.UniqueConstraint(
                fields=["name"],
                condition=Q(parent__isnull=True),
                name="quizzes_category_unique_top",
            ),
        ]

    def __str__(self) -> str:
        return self.path

    @property
    def path(self) -> str:
        names, node, seen = [], self, set()
        while node is not None and node.pk not in seen:
            seen.add(node.pk)
            names.append(node.name)
            node = node.parent
        return "/".join(reversed(names))


class Question(index.Indexed, ClusterableModel):
    """One question of the bank; its answers are ``Choice`` rows."""

    category = models.ForeignKey(
        QuestionCategory,
        verbose_name=_("category"),
        on_delete=models.PROTECT,
        related_name="questions",
    )
    qtype = models.CharField(
        _("type"),
        max_length=20,
        choices=QuestionType.choices,
        default=QuestionType.SINGLE,
    )
    title = models.CharField(_("title"), max_length=255)
    text = models.TextField(_("question text"))
    text_format = models.CharField(
        _("text format"),
        max_length=10,
        choices=TextFormat.choices,
        default=TextFormat.PLAIN,
    )
    general_feedback = models.TextField(
        _("general feedback"),
        blank=True,
        help_text=_("Shown to every learner in the review, whatever they answered."),
    )
    points = models.FloatField(
        _("points"),
        default=1.0,
        validators=[MinValueValidator(0.01), MaxValueValidator(1000)],
    )
    options = models.JSONField(
        _("options"),
        default=dict,
        blank=True,
        help_text=_(
            'For example {"partial_credit": true} for multiple choice or '
            '{"accept_without_diacritics": true} for short answers.'
        ),
    )
    idnumber = models.CharField(
        _("ID number"),
        max_length=100,
        blank=True,
        help_text=_("Moodle's question ID number, kept on import and export."),
    )
    tags = models.JSONField(_("tags"), default=list, blank=True)
    grader_info = models.TextField(
        _("information for graders"),
        blank=True,
        help_text=_("Essay questions: the rubric or model answer shown to graders."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    panels = [
        FieldPanel("category"),
        FieldPanel("qtype"),
        FieldPanel("title"),
        FieldPanel("text"),
        FieldRowPanel([FieldPanel("text_format"), FieldPanel("points")]),
        FieldPanel("options"),
        FieldPanel("general_feedback"),
        FieldPanel("grader_info"),
        FieldRowPanel([FieldPanel("idnumber"), FieldPanel("tags")]),
        InlinePanel("choices", label=_("Answers"), min_num=0),
    ]
    search_fields = [
        index.SearchField("title"),
        index.SearchField("text"),
        index.FilterField("category"),
        index.FilterField("qtype"),
    ]

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["category", "id"]

    def __str__(self) -> str:
        return self.title

    @property
    def partial_credit(self) -> bool:
        return bool(self.options.get("partial_credit", True))

    @property
    def accept_without_diacritics(self) -> bool:
        return bool(self.options.get("accept_without_diacritics", False))


class Choice(Orderable):
    """An answer: a choice with its fraction of the points, an accepted text or
    number, or one pair of a matching question (``text`` → ``match_text``)."""

    question = ParentalKey(Question, on_delete=models.CASCADE, related_name="choices")
    text = models.TextField(_("text"), blank=True)
    fraction = models.FloatField(
        _("fraction of the points"),
        default=0.0,
        validators=[MinValueValidator(-1.0), MaxValueValidator(1.0)],
        help_text=_("1 = right, 0 = wrong, 0.5 = half; negative values subtract."),
    )
    feedback = models.TextField(_("feedback"), blank=True)
    match_text = models.CharField(
        _("matches"),
        max_length=500,
        blank=True,
        help_text=_("Matching questions only."),
    )
    tolerance = models.FloatField(
        _("tolerance"), null=True, blank=True, help_text=_("Numerical questions only.")
    )

    panels = [
        FieldPanel("text"),
        FieldRowPanel([FieldPanel("fraction"), FieldPanel("tolerance")]),
        FieldPanel("match_text"),
        FieldPanel("feedback"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("answer")
        verbose_name_plural = _("answers")

    def __str__(self) -> str:
        return self.text[:80]
