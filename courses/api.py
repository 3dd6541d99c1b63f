from wagtail.api.v2.views import PagesAPIViewSet


class CatalogPagesAPIViewSet(PagesAPIViewSet):
    """Pages endpoint, extended by the courses app to hide private lesson bodies."""
