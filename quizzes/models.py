"""Question banks, quizzes and attempts.

Bank: ``QuestionCategory`` → ``Question`` → ``Choice`` (snippets edited in the
Wagtail admin, imported from GIFT/Aiken). A ``Quiz`` holds fixed questions
(``QuizQuestion``) and/or random draws from categories (``QuizRandomDraw``).
An ``Attempt`` fixes its questions and their order at start (``AttemptQuestion``)
and keeps the learner's responses (``AttemptAnswer``); all state changes go through
``quizzes.services``.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
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
)
from wagtail.models import Orderable
from wagtail.search import index

from .qtypes import QuestionType, TextFormat


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
        InlinePanel("choices", label=_("Answers"), min_num=1),
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


class GradingMethod(models.TextChoices):
    HIGHEST = "highest", _("Highest attempt")
    LAST = "last", _("Last attempt")
    AVERAGE = "average", _("Average of attempts")


class ReviewPolicy(models.TextChoices):
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
        default=ReviewPolicy.IMMEDIATELY,
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
        FieldPanel("title"),
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


class AttemptState(models.TextChoices):
    IN_PROGRESS = "in_progress", _("In progress")
    SUBMITTED = "submitted", _("Submitted")
    ABANDONED = "abandoned", _("Closed when time ran out")


class Attempt(models.Model):
    """One learner's try at a quiz, numbered 1, 2, … per learner and quiz."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="quiz_attempts"
    )
    quiz = models.ForeignKey(Quiz, on_delete=models.CASCADE, related_name="attempts")
    lesson = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The lesson the quiz was taken in, completed when it is passed."),
    )
    number = models.PositiveSmallIntegerField(_("attempt number"))
    started_at = models.DateTimeField(_("started at"), default=timezone.now)
    deadline = models.DateTimeField(_("deadline"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    state = models.CharField(
        _("state"),
        max_length=12,
        choices=AttemptState.choices,
        default=AttemptState.IN_PROGRESS,
    )
    score = models.FloatField(_("score"), null=True, blank=True)
    max_score = models.FloatField(_("maximum score"), null=True, blank=True)
    percent = models.FloatField(_("percent"), null=True, blank=True)
    passed = models.BooleanField(_("passed"), null=True, blank=True)

    class Meta:
        verbose_name = _("attempt")
        verbose_name_plural = _("attempts")
        ordering = ["quiz", "user", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "quiz", "number"], name="quizzes_attempt_number_unique"
            ),
        ]
        indexes = [
            models.Index(fields=["state", "deadline"], name="quizzes_attempt_due")
        ]

    def __str__(self) -> str:
        return f"{self.quiz} #{self.number} ({self.user})"

    @property
    def is_finished(self) -> bool:
        return self.state != AttemptState.IN_PROGRESS


class AttemptQuestion(models.Model):
    """A question as drawn for one attempt: its position and the order of its
    answers (``layout``), fixed at start so a reload shows the same page."""

    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="slots")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+")
    order = models.PositiveSmallIntegerField()
    max_points = models.FloatField()
    layout = models.JSONField(default=dict)

    class Meta:
        ordering = ["attempt", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["attempt", "order"], name="quizzes_slot_order"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.attempt_id} #{self.order + 1}"


class AttemptAnswer(models.Model):
    """The learner's latest response to one slot, and its grade once submitted."""

    slot = models.OneToOneField(
        AttemptQuestion, on_delete=models.CASCADE, related_name="answer"
    )
    response = models.JSONField(default=dict)
    saved_at = models.DateTimeField(default=timezone.now)
    points = models.FloatField(null=True, blank=True)
    state = models.CharField(max_length=12, blank=True)
    feedback = models.JSONField(default=list, blank=True)

    class Meta:
        verbose_name = _("answer")

    def __str__(self) -> str:
        return f"{self.slot_id}: {self.response}"
