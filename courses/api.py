from wagtail.api.v2.views import PagesAPIViewSet


class CatalogPagesAPIViewSet(PagesAPIViewSet):
    """The public, read-only pages endpoint of the catalogue.

    Only live, public pages are listed (Wagtail's default). Lesson bodies are kept
    private by ``courses.pages.LessonBodyAPIField``, which writes a body out only
    for free-preview lessons, and by LessonPage indexing its title but not its
    body, so ``?search=`` cannot reveal private text either.
    """

    http_method_names = ["get", "head", "options"]
