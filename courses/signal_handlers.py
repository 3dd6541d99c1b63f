"""Receivers of the courses app, each for named senders (connected by
``CoursesConfig.ready``).

What ``courses.selectors`` and ``courses.serving`` cache under ``CONTENT``
(course structures, the catalogue, routes) is read from pages, sites, view
restrictions, images, IP areas and audience groups: a save or a delete of one
of them, or a moved subtree (treebeard moves by UPDATE, without a save), bumps
the generation.
"""

from django.db.models.signals import post_delete, post_save
from wagtail.images import get_image_model
from wagtail.models import Page, PageViewRestriction, Site, get_page_models
from wagtail.signals import post_page_move

from directory.models import AudienceGroup

from .content_cache import CONTENT
from .pages import IPArea

UID = "courses.content_changed"


def content_changed(sender, **kwargs) -> None:
    CONTENT.bump()


def content_models() -> list:
    """Every model whose rows the cached content is read from."""
    others = [Site, PageViewRestriction, get_image_model(), IPArea, AudienceGroup]
    return list(dict.fromkeys([Page, *get_page_models(), *others]))


def connect() -> None:
    for model in content_models():
        for signal in (post_save, post_delete):
            signal.connect(content_changed, sender=model, dispatch_uid=UID)
    for model in get_page_models():
        post_page_move.connect(content_changed, sender=model, dispatch_uid=UID)
