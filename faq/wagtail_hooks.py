"""Admin screens: the reference data (snippets), the verification workflow (issue 5) and the readers' feedback report."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import Button
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .admin_views import LawChangeViewSet, VerificationPanel, reverify_view
from .models import Category, Country, FaqPage, Organisation
from .reports import (
    REPORT_PERMISSION,
    CoverageReportView,
    HelpfulnessReportView,
    SourceLinksReportView,
    VerificationReportView,
)
from .reviews import LOG_ACTIONS, VERIFY_PERMISSION
from .translation_report import TranslationFreshnessReportView, announce_freshness
from .vocabulary import RiskReason, VerificationStatus


class CategoryViewSet(SnippetViewSet):
    model = Category
    icon = "folder-open-inverse"
    list_display = ["name", "path", "review_interval_days"]
    list_filter = ["parent"]
    search_fields = ["name"]
    ordering = ["path"]


class CountryViewSet(SnippetViewSet):
    model = Country
    icon = "site"
    list_display = ["name", "code"]
    search_fields = ["name"]
    ordering = ["name"]


class OrganisationViewSet(SnippetViewSet):
    model = Organisation
    icon = "group"
    list_display = ["name", "organisation_type", "country", "phone"]
    list_filter = ["organisation_type", "never_give_address"]
    search_fields = ["name"]


class TaxonomyGroup(SnippetViewSetGroup):
    menu_label = _("Taxonomy")
    menu_icon = "tag"
    menu_order = 300
    items = (CategoryViewSet, CountryViewSet, OrganisationViewSet)


register_snippet(TaxonomyGroup)


# --- verification workflow (issue 5) --------------------------------------------------------

verification_urls = [
    path("", VerificationReportView.as_view(), name="report"),
    path("results/", VerificationReportView.as_view(results_only=True), name="report_results"),
    path("coverage/", CoverageReportView.as_view(), name="coverage"),
    path("coverage/results/", CoverageReportView.as_view(results_only=True), name="coverage_results"),
    path("links/", SourceLinksReportView.as_view(), name="links"),
    path("links/results/", SourceLinksReportView.as_view(results_only=True), name="links_results"),
    path("translations/", TranslationFreshnessReportView.as_view(), name="translations"),
    path("translations/results/", TranslationFreshnessReportView.as_view(results_only=True), name="translations_results"),
    path("reverify/<int:page_id>/", reverify_view, name="reverify"),
]


@hooks.register("register_admin_urls")
def register_verification_urls():
    return [path("verification/", include((verification_urls, "faq_verification")))]


# --- readers' feedback (issue 7 point 2) ------------------------------------------------------

feedback_urls = [
    path("", HelpfulnessReportView.as_view(), name="report"),
    path("results/", HelpfulnessReportView.as_view(results_only=True), name="report_results"),
]


@hooks.register("register_admin_urls")
def register_feedback_urls():
    return [path("feedback/", include((feedback_urls, "faq_feedback")))]


@hooks.register("register_admin_viewset")
def register_law_change_viewset():
    return LawChangeViewSet("law_changes")


class ReportMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(REPORT_PERMISSION)


@hooks.register("register_reports_menu_item")
def register_verification_report():
    return ReportMenuItem(_("Verification"), reverse("faq_verification:report"), icon_name="tasks", order=1100)


@hooks.register("register_reports_menu_item")
def register_coverage_report():
    return ReportMenuItem(_("Verification coverage"), reverse("faq_verification:coverage"), icon_name="table", order=1110)


@hooks.register("register_reports_menu_item")
def register_links_report():
    return ReportMenuItem(_("Source links"), reverse("faq_verification:links"), icon_name="link", order=1120)


@hooks.register("register_reports_menu_item")
def register_translation_freshness_report():
    return ReportMenuItem(
        _("Translation freshness"), reverse("faq_verification:translations"), icon_name="history", order=1130,
    )


@hooks.register("register_reports_menu_item")
def register_helpfulness_report():
    return ReportMenuItem(_("Helpfulness"), reverse("faq_feedback:report"), icon_name="help", order=1140)


@hooks.register("construct_homepage_panels")
def add_verification_panel(request, panels):
    panels.append(VerificationPanel(request.user))


@hooks.register("register_log_actions")
def register_verification_log_actions(actions):
    for action, label in LOG_ACTIONS.items():
        actions.register_action(action, label, label)


def _is_entry(page):
    return issubclass(page.specific_class or type(page), FaqPage)


@hooks.register("register_page_header_buttons")
def reverify_header_button(page, user, view_name, next_url=None):
    if _is_entry(page) and page.live and user.has_perm(VERIFY_PERMISSION):
        yield Button(
            _("Re-verify sources"), reverse("faq_verification:reverify", args=[page.pk]), icon_name="tasks", priority=66,
        )


@hooks.register("before_edit_page")
def show_verification_state(request, page):
    """Editors see why an entry is flagged where they would fix it."""
    if request.method != "GET" or not _is_entry(page):
        return None
    entry = page.specific
    if entry.verification_status == VerificationStatus.AT_RISK:
        reasons = ", ".join(str(RiskReason(code).label) for code in entry.risk_reasons if code in RiskReason.values)
        messages.warning(request, _("At risk: %(reasons)s. Check the sources and have them verified.") % {"reasons": reasons})
    elif entry.verification_status == VerificationStatus.OVERDUE:
        messages.warning(request, ngettext(
            "The sources of this entry are overdue for verification (%(count)d source).",
            "The sources of this entry are overdue for verification (%(count)d sources).",
            entry.sources.count(),
        ) % {"count": entry.sources.count()})
    return None


# Before wagtail-localize's own hook, which answers with its translation editor for synced pages.
@hooks.register("before_edit_page", order=-1)
def show_translation_freshness(request, page):
    if request.method == "GET":
        announce_freshness(request, page)
