"""A Wagtail report view guarded by one named permission, shared by the apps' admin reports."""

from django.core.exceptions import PermissionDenied
from django.utils import timezone, translation
from django.utils.translation import get_language
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.views.reports import ReportView


# A spreadsheet treats a cell starting with one of these as a formula; queries come from the public.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value):
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


def _in_language(chunks, language):
    with translation.override(language):
        yield from chunks


class CollectOnlyFilterSet(WagtailFilterSet):
    """Filters that only collect choices; the view applies them itself (before grouping rows).

    Declare each filter with ``method="keep"``.
    """

    def keep(self, queryset, name, value):
        return queryset


class LocalisedExportMixin:
    """Spreadsheet exports in the language of the page they are exported from, named by date."""

    def get_filename(self):
        return f"{self.export_filename}-{timezone.localdate():%Y-%m-%d}"

    def as_spreadsheet(self, queryset, spreadsheet_format):
        # The file is written while the response streams, after Wagtail has switched back from
        # the user's admin language; keep headings and labels in the language of the page.
        response = super().as_spreadsheet(queryset, spreadsheet_format)
        if response.streaming:
            response.streaming_content = _in_language(response.streaming_content, get_language())
        return response


class CustomPermissionReportView(LocalisedExportMixin, ReportView):
    """A report guarded by one named permission rather than a model action."""

    permission_name = None

    def user_has_permission(self, permission):
        return self.request.user.has_perm(self.permission_name)

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(self.permission_name):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)
