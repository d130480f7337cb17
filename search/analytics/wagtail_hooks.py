"""Admin URLs and Reports-menu items for the two search reports."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .reports import SearchesWithoutResultsView, TopSearchesView

VIEW_REPORTS = "search_analytics.view_searchquerylog"


class SearchReportMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(VIEW_REPORTS)


report_urls = [
    path("top/", TopSearchesView.as_view(), name="top_searches"),
    path("top/results/", TopSearchesView.as_view(results_only=True), name="top_searches_results"),
    path("no-results/", SearchesWithoutResultsView.as_view(), name="zero_results"),
    path("no-results/results/", SearchesWithoutResultsView.as_view(results_only=True), name="zero_results_results"),
]


@hooks.register("register_admin_urls")
def register_report_urls():
    return [path("reports/searches/", include((report_urls, "search_analytics_reports")))]


@hooks.register("register_reports_menu_item")
def register_top_searches_menu_item():
    return SearchReportMenuItem(
        _("Top searches"), reverse("search_analytics_reports:top_searches"), name="top-searches", icon_name="search", order=1100,
    )


@hooks.register("register_reports_menu_item")
def register_zero_results_menu_item():
    return SearchReportMenuItem(
        _("Searches without results"), reverse("search_analytics_reports:zero_results"),
        name="searches-without-results", icon_name="search", order=1110,
    )
