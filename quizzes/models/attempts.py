"""Attempts: one learner's try at a quiz, its questions as drawn (and frozen) at
start, and the learner's answers with their grades."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from ..snapshots import FrozenQuestion, question_snapshot
from .bank import Question
from .quiz import Quiz


class AttemptState(models.TextChoices):
    IN_PROGRESS = "in_progress", _("In progress")
    SUBMITTED = "submitted", _("Submitted")
    ABANDONED = "abandoned", _("Closed automatically")
    PENDING = "pending", _("Awaiting grading")


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
    """A question as drawn for one attempt: its position, the order of its
    answers (``layout``) and the question itself as it was then (``snapshot``),
    all fixed at start so a reload shows the same page and editing the bank
    later changes neither the grade nor the review of this attempt."""

    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="slots")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+")
    order = models.PositiveSmallIntegerField()
    max_points = models.FloatField()
    layout = models.JSONField(default=dict)
    snapshot = models.JSONField(
        _("question as drawn"),
        default=dict,
        db_default={},
        editable=False,
        help_text=_(
            "The question, its options and answers when the attempt started "
            "(server side only: it holds the answer key)."
        ),
    )

    class Meta:
        ordering = ["attempt", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["attempt", "order"], name="quizzes_slot_order"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.attempt_id} #{self.order + 1}"

    @cached_property
    def frozen(self) -> FrozenQuestion:
        """The question as drawn. Rows written without a snapshot (raw bulk
        loads) fall back to the bank; ``selectors.slots_with_data`` fills those
        in bulk so this never queries for the slots it returns."""
        if not self.snapshot:
            question = self.question
            self.snapshot = question_snapshot(question, question.choices.all())
        return FrozenQuestion.from_snapshot(self.snapshot)


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
    # Essays: the grader's comment, who graded and when (``services.essays``).
    comment = models.TextField(_("grader's comment"), blank=True)
    graded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    graded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("answer")

    def __str__(self) -> str:
        return f"{self.slot_id}: {self.response}"
