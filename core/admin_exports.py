"""Wagtail's own admin reports, exported through core's safe writer.

Wagtail's reports (locked and aging pages, site history, workflows) and the
redirects listing offer CSV/XLSX downloads of page titles and people's names,
written by Wagtail's ``SpreadsheetExportMixin`` as they are. They are
subclassed here with :class:`core.exports.SafeSpreadsheetExportMixin` and
served at the same addresses: ``elearn/urls.py`` includes these patterns
before Wagtail's admin, so the first match is the safe view (the URL names
stay Wagtail's, reversing to the same paths). They get the decorators Wagtail
puts on its admin URLs (admin access required, never cached).
"""

from django.urls import path
from django.views.decorators.cache import never_cache
from wagtail.admin.auth import require_admin_access
from wagtail.admin.views.reports.aging_pages import AgingPagesView
from wagtail.admin.views.reports.audit_logging import LogEntriesView
from wagtail.admin.views.reports.locked_pages import LockedPagesView
from wagtail.admin.views.reports.workflows import WorkflowTasksView, WorkflowView
from wagtail.contrib.redirects.views import IndexView as RedirectsIndexView
from wagtail.utils.urlpatterns import decorate_urlpatterns

from .exports import SafeSpreadsheetExportMixin


class SafeLockedPagesView(SafeSpreadsheetExportMixin, LockedPagesView):
    pass


class SafeAgingPagesView(SafeSpreadsheetExportMixin, AgingPagesView):
    pass


class SafeLogEntriesView(SafeSpreadsheetExportMixin, LogEntriesView):
    pass


class SafeWorkflowView(SafeSpreadsheetExportMixin, WorkflowView):
    pass


class SafeWorkflowTasksView(SafeSpreadsheetExportMixin, WorkflowTasksView):
    pass


class SafeRedirectsIndexView(SafeSpreadsheetExportMixin, RedirectsIndexView):
    pass


def _both(route: str, view) -> list:
    """The report and its results fragment (which exports too, ``?export=``)."""
    return [
        path(route, view.as_view()),
        path(f"{route}results/", view.as_view(results_only=True)),
    ]


urlpatterns = [
    *_both("reports/locked/", SafeLockedPagesView),
    *_both("reports/aging-pages/", SafeAgingPagesView),
    *_both("reports/site-history/", SafeLogEntriesView),
    *_both("reports/workflow/", SafeWorkflowView),
    *_both("reports/workflow_tasks/", SafeWorkflowTasksView),
    *_both("redirects/", SafeRedirectsIndexView),
]
# What Wagtail's admin wraps its own URLs in: sign-in and admin access first
# (the views' own permission checks come after), never cached.
urlpatterns = decorate_urlpatterns(urlpatterns, require_admin_access)
urlpatterns = decorate_urlpatterns(urlpatterns, never_cache)
