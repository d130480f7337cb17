"""The two admin reports: "Top searches" and "Searches without results".

Both list searches grouped by normalised query for a recent period, filterable by locale and
scope, with Wagtail's CSV and XLSX export. Only users with "view search query log" see them.
"""

from datetime import timedelta

import django_filters
from django.conf import settings
from django.utils import timezone
from django.utils.functional import cached_property, lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail.admin.ui.tables import Column, DateColumn, NumberColumn
from wagtail.admin.views.reports import ReportView
from wagtail.permission_policies import ModelPermissionPolicy

from kb.admin_reports import CollectOnlyFilterSet, LocalisedExportMixin, spreadsheet_safe

from .models import Scope, SearchQueryLog
from .services import top_queries, zero_result_queries

PERIODS = (7, 30, 90)
DEFAULT_PERIOD = 30


def _period_label(days):
    return ngettext("Last %(days)d day", "Last %(days)d days", days) % {"days": days}


period_label = lazy(_period_label, str)


def _round(value):
    return round(value or 0.0, 1)


class SearchLogFilterSet(CollectOnlyFilterSet):
    # The filters only collect choices; the view applies them before grouping (see get_queryset).
    period = django_filters.ChoiceFilter(
        label=_("Period"), method="keep", empty_label=None, initial=str(DEFAULT_PERIOD),
        choices=[(str(days), period_label(days)) for days in PERIODS],
    )
    locale = django_filters.ChoiceFilter(label=_("Locale"), method="keep", empty_label=_("All"), choices=settings.LANGUAGES)
    scope = django_filters.ChoiceFilter(label=_("Scope"), method="keep", empty_label=_("All"), choices=Scope.choices)

    class Meta:
        model = SearchQueryLog
        fields = []


class SearchLogReportView(LocalisedExportMixin, ReportView):
    """Shared by both reports; subclasses say which grouped queryset they show."""

    results_template_name = "search_analytics/report_results.html"
    header_icon = "search"
    filterset_class = SearchLogFilterSet
    permission_policy = ModelPermissionPolicy(SearchQueryLog)
    permission_required = "view"
    paginate_by = 50
    grouping = None  # staticmethod of a services function: (since, locale, scope) -> grouped rows

    custom_field_preprocess = {
        "normalised_query": {ReportView.FORMAT_CSV: spreadsheet_safe},
        "average_results": {ReportView.FORMAT_CSV: _round, ReportView.FORMAT_XLSX: _round},
        "opened_percent": {ReportView.FORMAT_CSV: _round, ReportView.FORMAT_XLSX: _round},
    }
    export_headings = {
        "normalised_query": _("Query"),
        "searches": _("Searches"),
        "average_results": _("Average results"),
        "opened_percent": _("Answer opened (%)"),
        "last_seen": _("Last searched"),
    }

    def get_filterset_kwargs(self):
        data = self.request.GET.copy()
        data.setdefault("period", str(DEFAULT_PERIOD))
        return {**super().get_filterset_kwargs(), "data": data}

    @cached_property
    def chosen(self):
        """The period, locale and scope chosen; defaults when the filter form is invalid."""
        cleaned = self.filters.form.cleaned_data if self.filters.is_valid() else {}
        return {
            "days": int(cleaned.get("period") or DEFAULT_PERIOD),
            "locale": cleaned.get("locale") or None,
            "scope": cleaned.get("scope") or None,
        }

    def get_queryset(self):
        since = timezone.now() - timedelta(days=self.chosen["days"])
        return self.grouping(since, locale=self.chosen["locale"], scope=self.chosen["scope"])

    def filter_queryset(self, queryset):
        return queryset  # already filtered, before grouping, in get_queryset

    def get_filename(self):
        return f"{self.export_filename}-{self.chosen['days']}d-{timezone.localdate():%Y-%m-%d}"

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        context["period_days"] = self.chosen["days"]
        return context


class TopSearchesView(SearchLogReportView):
    page_title = _("Top searches")
    index_url_name = "search_analytics_reports:top_searches"
    index_results_url_name = "search_analytics_reports:top_searches_results"
    grouping = staticmethod(top_queries)
    export_filename = "top-searches"
    list_export = ["normalised_query", "searches", "average_results", "opened_percent", "last_seen"]
    columns = [
        Column("normalised_query", label=_("Query")),
        NumberColumn("searches", label=_("Searches")),
        Column("average_results", label=_("Average results"), accessor=lambda row: f"{_round(row['average_results']):g}"),
        Column("opened_percent", label=_("Answer opened"), accessor=lambda row: f"{_round(row['opened_percent']):g} %"),
        DateColumn("last_seen", label=_("Last searched")),
    ]


class SearchesWithoutResultsView(SearchLogReportView):
    page_title = _("Searches without results")
    index_url_name = "search_analytics_reports:zero_results"
    index_results_url_name = "search_analytics_reports:zero_results_results"
    grouping = staticmethod(zero_result_queries)
    export_filename = "searches-without-results"
    list_export = ["normalised_query", "searches", "last_seen"]
    columns = [
        Column("normalised_query", label=_("Query")),
        NumberColumn("searches", label=_("Searches")),
        DateColumn("last_seen", label=_("Last searched")),
    ]
