"""Receivers of the quizzes app, for named senders (connected by
``QuizzesConfig.ready``).

The final exams of a course and the course of a quiz are cached with the page
tree (``courses.content_cache.CONTENT``): saving or deleting a quiz (its pass mark,
its final-exam page) bumps that generation.
"""

from django.db.models.signals import post_delete, post_save

from courses.content_cache import CONTENT

from .models import Quiz


def quiz_changed(sender, **kwargs) -> None:
    CONTENT.bump()


def connect() -> None:
    for signal in (post_save, post_delete):
        signal.connect(quiz_changed, sender=Quiz, dispatch_uid="quizzes.changed")
