from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QuizzesConfig(AppConfig):
    """Question banks, quizzes, attempts and grading."""

    name = "quizzes"
    verbose_name = _("Quizzes")

    def ready(self) -> None:
        from courses.completion import register_rule

        from .selectors import final_exam_rule

        # "Final exam passed": None for courses without a final exam.
        register_rule("final_exam_passed", final_exam_rule)
