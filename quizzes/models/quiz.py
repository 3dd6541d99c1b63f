"""Quizzes: their rules, fixed questions and random draws from categories."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    PageChooserPanel,
    TitleFieldPanel,
)
from wagtail.models import Orderable

from .bank import Question, QuestionCategory


class GradingMethod(models.TextChoices):
    HIGHEST = "highest", _("Highest attempt")
    LAST = "last", _("Last attempt")
    AVERAGE = "average", _("Average of attempts")


class ReviewPolicy(models.TextChoices):
    AFTER_PASS = "after_pass", _("After passing or using the last attempt")
    IMMEDIATELY = "immediately", _("Immediately after submitting")
    AFTER_CLOSE = "after_close", _("After the quiz closes")
    NEVER = "never", _("Never")


class Quiz(ClusterableModel):
    """A quiz placed in a lesson (a lesson block chooses it) or standing as the
    final exam of a module or course (``final_exam_page``)."""

    title = models.CharField(_("title"), max_length=255)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    intro = models.TextField(_("introduction"), blank=True)
    shuffle_questions = models.BooleanField(_("shuffle questions"), default=True)
    shuffle_choices = models.BooleanField(_("shuffle answers"), default=True)
    time_limit_minutes = models.PositiveIntegerField(
        _("time limit (minutes)"),
        null=True,
        blank=True,
        help_text=_("Empty: no limit."),
    )
    max_attempts = models.PositiveSmallIntegerField(
        _("attempts allowed"), null=True, blank=True, help_text=_("Empty: unlimited.")
    )
    pass_mark = models.DecimalField(
        _("pass mark (%)"),
        max_digits=5,
        decimal_places=2,
        default=70,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    grading_method = models.CharField(
        _("grading method"),
        max_length=10,
        choices=GradingMethod.choices,
        default=GradingMethod.HIGHEST,
    )
    review_policy = models.CharField(
        _("show correct answers"),
        max_length=12,
        choices=ReviewPolicy.choices,
        # Safe by default: a review after every attempt hands out the key, and
        # a few attempts then pass an exam without knowledge (issue 16).
        default=ReviewPolicy.AFTER_PASS,
        help_text=_(
            'Final exams: keep "after passing or using the last attempt" so '
            "that the correct answers cannot be collected from failed attempts."
        ),
    )
    opens_at = models.DateTimeField(_("opens at"), null=True, blank=True)
    closes_at = models.DateTimeField(_("closes at"), null=True, blank=True)
    final_exam_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("final exam of"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="final_exams",
        help_text=_("The course or module this quiz closes; empty for a lesson quiz."),
    )

    panels = [
        # The title fills the slug as on pages (ASCII: core.text.slug_formatters).
        TitleFieldPanel("title", targets=["slug"]),
        FieldPanel("slug"),
        FieldPanel("intro"),
        MultiFieldPanel(
            [
                InlinePanel("quiz_questions", label=_("Fixed questions")),
                InlinePanel(
                    "random_draws", label=_("Random questions from categories")
                ),
                FieldRowPanel(
                    [FieldPanel("shuffle_questions"), FieldPanel("shuffle_choices")]
                ),
            ],
            heading=_("Questions"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [FieldPanel("time_limit_minutes"), FieldPanel("max_attempts")]
                ),
                FieldRowPanel([FieldPanel("pass_mark"), FieldPanel("grading_method")]),
                FieldPanel("review_policy"),
                FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")]),
            ],
            heading=_("Rules"),
        ),
        PageChooserPanel(
            "final_exam_page", ["courses.CoursePage", "courses.ModulePage"]
        ),
    ]

    class Meta:
        verbose_name = _("quiz")
        verbose_name_plural = _("quizzes")

    def __str__(self) -> str:
        return self.title

    def is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return (self.opens_at is None or now >= self.opens_at) and (
            self.closes_at is None or now < self.closes_at
        )

    @property
    def is_final_exam(self) -> bool:
        return self.final_exam_page_id is not None


class QuizQuestion(Orderable):
    """A question every attempt of the quiz gets."""

    quiz = ParentalKey(Quiz, on_delete=models.CASCADE, related_name="quiz_questions")
    question = models.ForeignKey(
        Question, verbose_name=_("question"), on_delete=models.CASCADE, related_name="+"
    )

    panels = [FieldPanel("question")]

    class Meta(Orderable.Meta):
        verbose_name = _("fixed question")
        constraints = [
            models.UniqueConstraint(
                fields=["quiz", "question"], name="quizzes_slot_unique"
            )
        ]


class QuizRandomDraw(Orderable):
    """Draw ``count`` questions at random from a category for each attempt."""

    quiz = ParentalKey(Quiz, on_delete=models.CASCADE, related_name="random_draws")
    category = models.ForeignKey(
        QuestionCategory,
        verbose_name=_("category"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    count = models.PositiveSmallIntegerField(
        _("number of questions"), default=5, validators=[MinValueValidator(1)]
    )
    include_subcategories = models.BooleanField(
        _("include subcategories"), default=True
    )

    panels = [
        FieldPanel("category"),
        FieldPanel("count"),
        FieldPanel("include_subcategories"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("random draw")
