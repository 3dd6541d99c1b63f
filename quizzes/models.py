"""Question banks, quizzes and attempts (skeleton; the quizzes work fills it in)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Quiz(models.Model):
    """A quiz placed in a lesson or standing as a module/course final exam."""

    title = models.CharField(_("title"), max_length=255)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)

    class Meta:
        verbose_name = _("quiz")
        verbose_name_plural = _("quizzes")

    def __str__(self) -> str:
        return self.title
