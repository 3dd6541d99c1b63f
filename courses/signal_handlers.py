"""Receivers of the courses app, each for named senders (connected by
``CoursesConfig.ready``).

What ``courses.selectors`` and ``courses.serving`` cache under ``CONTENT``
(course structures, the catalogue, routes, a course's upcoming classes) is
read from pages, sites, view restrictions, images, IP areas, audience groups,
training classes and their sessions: a save or a delete of one
of them, or a moved subtree (treebeard moves by UPDATE, without a save), bumps
the generation.

``Enrollment.trained_on`` (``courses.trained``) follows the admin's edits of
what its rule reads: a class (its end date, its minimum attendance), its
sessions, and a course's "awards a certificate", which changes on publish.
"""

from django.db.models.signals import post_delete, post_save
from wagtail.images import get_image_model
from wagtail.models import Page, PageViewRestriction, Site, get_page_models
from wagtail.signals import page_published, post_page_move

from directory.models import AudienceGroup

from .content_cache import CONTENT
from .models import ClassSession, TrainingClass
from .pages import CoursePage, IPArea
from .trained import enrollment_trained_refresh

UID = "courses.content_changed"
TRAINED_UID = "courses.trained"


def content_changed(sender, **kwargs) -> None:
    CONTENT.bump()


def class_changed(sender, instance, raw=False, **kwargs) -> None:
    if not raw:
        enrollment_trained_refresh(training_class_id=instance.pk)


def session_changed(sender, instance, raw=False, **kwargs) -> None:
    if not raw:
        enrollment_trained_refresh(training_class_id=instance.training_class_id)


def course_published(sender, instance, **kwargs) -> None:
    enrollment_trained_refresh(course_id=instance.pk)


def content_models() -> list:
    """Every model whose rows the cached content is read from."""
    others = [
        Site,
        PageViewRestriction,
        get_image_model(),
        IPArea,
        AudienceGroup,
        TrainingClass,  # a course page's upcoming classes
        ClassSession,
    ]
    return list(dict.fromkeys([Page, *get_page_models(), *others]))


def connect() -> None:
    for model in content_models():
        for signal in (post_save, post_delete):
            signal.connect(content_changed, sender=model, dispatch_uid=UID)
    for model in get_page_models():
        post_page_move.connect(content_changed, sender=model, dispatch_uid=UID)
    post_save.connect(class_changed, sender=TrainingClass, dispatch_uid=TRAINED_UID)
    page_published.connect(
        course_published, sender=CoursePage, dispatch_uid=TRAINED_UID
    )
    for signal in (post_save, post_delete):
        signal.connect(session_changed, sender=ClassSession, dispatch_uid=TRAINED_UID)
