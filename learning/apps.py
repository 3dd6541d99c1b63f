from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LearningConfig(AppConfig):
    """The learner's path: what finishing a step changes further on.

    The top layer of the apps (core → directory → accounts → courses → quizzes
    → certificates → plan → learning): a lesson marked done, an attempt graded
    or attendance saved completes lessons and courses and issues the
    certificate, by direct calls of the services below. No models.
    """

    name = "learning"
    verbose_name = _("Learning path")
