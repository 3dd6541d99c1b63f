from wagtail.api.v2.views import PagesAPIViewSet

from .pages import CoursePage


class CatalogPagesAPIViewSet(PagesAPIViewSet):
    """The public, read-only pages endpoint of the catalogue.

    Only live, public pages are listed (Wagtail's default). Lesson bodies are kept
    private by ``courses.pages.LessonBodyAPIField``, which writes a body out only
    for free-preview lessons, and by LessonPage indexing its title but not its
    body, so ``?search=`` cannot reveal private text either.
    """

    http_method_names = ["get", "head", "options"]

    def get_queryset(self):
        # Read each page's locale and a course's codes once for the whole listing
        # (?fields=* lists them for every page).
        queryset = super().get_queryset().select_related("locale")
        if issubclass(queryset.model, CoursePage):
            queryset = queryset.prefetch_related(
                "ip_areas", "audience_groups", "prerequisites"
            )
        return queryset
