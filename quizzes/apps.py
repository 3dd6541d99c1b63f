from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QuizzesConfig(AppConfig):
    """Question banks, quizzes, attempts and grading."""

    name = "quizzes"
    verbose_name = _("Quizzes")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from courses.steps import register_step_provider

        from .models import Quiz
        from .selectors import quiz_changed
        from .steps import quiz_steps

        # Lesson quizzes and final exams in a course's outline (courses.steps).
        register_step_provider("quizzes", quiz_steps)
        # The final exams of a course and the course of a quiz are cached with
        # the page tree (courses.selectors.CONTENT).
        for signal in (post_save, post_delete):
            signal.connect(quiz_changed, sender=Quiz, dispatch_uid="quizzes.changed")
