from wagtail.api.v2.utils import BadRequestError
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
    # Far beyond any catalogue; larger numbers overflow the database's integers.
    max_number = 1_000_000
    numeric_parameters = frozenset(
        {"offset", "limit", "id", "child_of", "descendant_of", "ancestor_of"}
    )

    def initial(self, request, *args, **kwargs):
        # Inputs the database cannot take (NUL characters in PostgreSQL text,
        # numbers beyond bigint) are refused here with a 400, before any filter,
        # search or pagination turns them into a database error (500).
        for name, value in request.GET.lists():
            for item in (name, *value):
                if "\x00" in item:
                    raise BadRequestError(f"{name}: NUL characters are not allowed")
            for item in value if name in self.numeric_parameters else ():
                digits = item.lstrip("-")
                if digits.isdigit() and int(digits) > self.max_number:
                    raise BadRequestError(
                        f"{name} must not be higher than {self.max_number}"
                    )
        super().initial(request, *args, **kwargs)

    def get_queryset(self):
        # Read each page's locale and a course's codes once for the whole listing
        # (?fields=* lists them for every page).
        queryset = super().get_queryset().select_related("locale")
        if issubclass(queryset.model, CoursePage):
            queryset = queryset.prefetch_related(
                "ip_areas", "audience_groups", "prerequisites"
            )
        return queryset
