"""Read-only Wagtail API v2 for the course catalogue.

Only the pages endpoint is exposed; lesson bodies are filtered out for anyone
who may not read them (see courses.api).
"""

from wagtail.api.v2.router import WagtailAPIRouter

from courses.api import CatalogPagesAPIViewSet

api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", CatalogPagesAPIViewSet)
