from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoursesConfig(AppConfig):
    """Course content, enrolment, training classes and progress."""

    name = "courses"
    verbose_name = _("Courses")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_delete, post_save
        from wagtail.signals import post_page_move

        from .selectors import content_changed

        # What courses.selectors and courses.serving cache (CONTENT: structures,
        # the catalogue, routes): any page, site, view restriction, image, IP
        # area or audience group saved (publishing, unpublishing, a draft, a page
        # added by a loader) or deleted, or a subtree moved (treebeard moves by
        # UPDATE). content_changed picks these out of every model's signals.
        uid = "courses.content_changed"
        for signal in (post_save, post_delete):
            signal.connect(content_changed, dispatch_uid=uid)
        post_page_move.connect(content_changed, dispatch_uid=uid)
