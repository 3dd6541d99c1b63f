from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QuizzesConfig(AppConfig):
    """Question banks, quizzes, attempts and grading."""

    name = "quizzes"
    verbose_name = _("Quizzes")

    def ready(self) -> None:
        from . import signal_handlers

        signal_handlers.connect()
