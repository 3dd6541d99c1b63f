from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoursesConfig(AppConfig):
    """Course content, enrolment, training classes and progress."""

    name = "courses"
    verbose_name = _("Courses")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_delete, post_save
        from wagtail.models import Page, Site
        from wagtail.signals import page_published, page_unpublished, post_page_move

        from .completion import register_default_rules
        from .selectors import catalogue_urls_forget

        register_default_rules()
        # The cached catalogue URL (courses.selectors.catalogue_url_get).
        uid = "courses.catalogue_urls"
        for signal in (page_published, page_unpublished, post_page_move):
            signal.connect(catalogue_urls_forget, dispatch_uid=uid)
        post_delete.connect(catalogue_urls_forget, sender=Page, dispatch_uid=uid)
        for signal in (post_save, post_delete):
            signal.connect(catalogue_urls_forget, sender=Site, dispatch_uid=uid)
