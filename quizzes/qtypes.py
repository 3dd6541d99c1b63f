"""Question types, shared by the parsers, the grading code and the models."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class QuestionType(models.TextChoices):
    SINGLE = "single", _("Single choice")
    MULTIPLE = "multiple", _("Multiple choice")
    TRUEFALSE = "truefalse", _("True/false")
    SHORT = "short", _("Short answer")
    NUMERICAL = "numerical", _("Numerical")
    MATCHING = "matching", _("Matching")
    ESSAY = "essay", _("Essay (graded by hand)")
    DESCRIPTION = "description", _("Description (no answer)")


#: Types a grader marks by hand, and types that are not answered at all.
MANUAL_TYPES = (QuestionType.ESSAY,)
UNANSWERED_TYPES = (QuestionType.DESCRIPTION,)


class TextFormat(models.TextChoices):
    PLAIN = "plain", _("Plain text")
    HTML = "html", _("HTML")
