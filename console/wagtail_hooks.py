"""Admin URLs and Reports-menu items for the console reports, and the review flag on entries."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.menu import MenuItem

from faq.models import FaqPage

from .access import RESOLVE_ENTRY_REPORTS, VIEW_CALL_REPORTS
from .reports import CallLogView, ReportedAnswersView, resolve_view
from .services import open_report_count


class PermissionMenuItem(MenuItem):
    def __init__(self, *args, permission, **kwargs):
        super().__init__(*args, **kwargs)
        self.permission = permission

    def is_shown(self, request):
        return request.user.has_perm(self.permission)


report_urls = [
    path("reported/", ReportedAnswersView.as_view(), name="reported_answers"),
    path("reported/results/", ReportedAnswersView.as_view(results_only=True), name="reported_answers_results"),
    path("reported/<int:report_id>/resolve/", resolve_view, name="resolve"),
    path("calls/", CallLogView.as_view(), name="call_log"),
    path("calls/results/", CallLogView.as_view(results_only=True), name="call_log_results"),
]


@hooks.register("register_admin_urls")
def register_report_urls():
    return [path("reports/console/", include((report_urls, "console_reports")))]


@hooks.register("register_reports_menu_item")
def register_reported_answers_menu_item():
    return PermissionMenuItem(
        _("Reported answers"), reverse("console_reports:reported_answers"), name="reported-answers",
        icon_name="warning", order=1200, permission=RESOLVE_ENTRY_REPORTS,
    )


@hooks.register("register_reports_menu_item")
def register_call_log_menu_item():
    return PermissionMenuItem(
        _("Call log"), reverse("console_reports:call_log"), name="call-log",
        icon_name="list-ul", order=1210, permission=VIEW_CALL_REPORTS,
    )


@hooks.register("before_edit_page")
def warn_about_open_reports(request, page):
    """Editors opening a reported entry see the flag where they would fix it."""
    if request.method != "GET" or not issubclass(page.specific_class or type(page), FaqPage):
        return None
    count = open_report_count(page)
    if count:
        messages.warning(
            request,
            ngettext(
                "Operators reported this answer as outdated or incorrect (%(count)d open report).",
                "Operators reported this answer as outdated or incorrect (%(count)d open reports).",
                count,
            ) % {"count": count},
            buttons=[messages.button(reverse("console_reports:reported_answers"), _("See reports"))]
            if request.user.has_perm(RESOLVE_ENTRY_REPORTS) else None,
        )
    return None
