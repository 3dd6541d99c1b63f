"""A question bank import run in the background (big Moodle XML files)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import BackgroundJob

from .bank import QuestionCategory


class QuestionImportJob(BackgroundJob):
    """One uploaded bank: read and checked whole first (nothing written if any
    question is refused; ``errors`` keeps the first ones with their lines), then
    imported in one transaction. ``done``/``total`` count bytes read while
    checking, then questions written (kept in the cache until the commit)."""

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    file = models.FileField(_("file"), upload_to="question-imports/")
    filename = models.CharField(_("file name"), max_length=255)
    category = models.ForeignKey(
        QuestionCategory,
        verbose_name=_("into category"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    use_file_categories = models.BooleanField(default=False)
    errors = models.JSONField(_("errors"), default=list, blank=True)
    imported = models.PositiveIntegerField(_("questions imported"), default=0)

    # Its run writes in one transaction: a lost worker leaves nothing behind,
    # so the sweep may queue it again from the start.
    run_task = "quizzes.tasks.import_questions_job"

    class Meta:
        verbose_name = _("question import")
        verbose_name_plural = _("question imports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.filename
