"""The two admin reports of the console: "Reported answers" and "Call log".

Both use Wagtail's ReportView for the listing and its CSV/XLSX export; the formula guard for
spreadsheet cells is the search reports' own (search.analytics.reports.spreadsheet_safe).
"""

from datetime import timedelta

import django_filters
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from wagtail.admin import messages
from wagtail.admin.ui.tables import Column, DateColumn, NumberColumn
from wagtail.admin.views.reports import ReportView
from wagtail.admin.widgets import AdminDateInput

from faq.reports import top_category_choices
from kb.admin_reports import CollectOnlyFilterSet, CustomPermissionReportView, spreadsheet_safe

from .access import RESOLVE_ENTRY_REPORTS, VIEW_CALL_REPORTS
from .config import language_label
from .models import CallOutcome, CallRecord, EntryReport, ReportReason
from .services import call_log_rows, call_log_totals, open_reports, resolve_report

DEFAULT_CALL_LOG_DAYS = 30


# --- reported answers ----------------------------------------------------------------------


def _reason_label(code):
    return str(ReportReason(code).label) if code in ReportReason.values else code


class ResolveColumn(Column):
    cell_template_name = "console/admin/resolve_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        request = parent_context.get("request")
        context["resolve_url"] = reverse("console_reports:resolve", args=[instance.pk])
        context["csrf_token"] = get_token(request) if request else ""
        return context


class EntryColumn(Column):
    cell_template_name = "console/admin/entry_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["edit_url"] = reverse("wagtailadmin_pages:edit", args=[instance.entry_id])
        context["entry"] = instance.entry
        return context


class ReportedAnswersView(CustomPermissionReportView):
    page_title = _("Reported answers")
    header_icon = "warning"
    index_url_name = "console_reports:reported_answers"
    index_results_url_name = "console_reports:reported_answers_results"
    results_template_name = "console/admin/reported_answers_results.html"
    permission_name = RESOLVE_ENTRY_REPORTS
    paginate_by = 50
    export_filename = "reported-answers"
    list_export = ["entry.answer_number", "entry.title", "locale", "reason", "created_at"]
    export_headings = {
        "entry.answer_number": _("Answer number"),
        "entry.title": _("Question"),
        "locale": _("Language"),
        "reason": _("Reason"),
        "created_at": _("Reported at"),
    }
    custom_field_preprocess = {
        "entry.title": {ReportView.FORMAT_CSV: spreadsheet_safe},
        "reason": {ReportView.FORMAT_CSV: _reason_label, ReportView.FORMAT_XLSX: _reason_label},
    }
    columns = [
        EntryColumn("entry", label=_("Entry")),
        Column("locale", label=_("Language")),
        Column("reason", label=_("Reason"), accessor="get_reason_display"),
        DateColumn("created_at", label=_("Reported")),
        ResolveColumn("resolve", label=_("Action")),
    ]

    def get_queryset(self):
        return open_reports()


@require_POST
def resolve_view(request, report_id):
    if not request.user.has_perm(RESOLVE_ENTRY_REPORTS):
        raise PermissionDenied
    report = get_object_or_404(EntryReport.objects.select_related("entry"), pk=report_id)
    if resolve_report(report, request.user):
        messages.success(request, _("Report on “%(entry)s” resolved.") % {"entry": report.entry})
    return HttpResponseRedirect(reverse("console_reports:reported_answers"))


# --- call log ------------------------------------------------------------------------------


class CallLogFilterSet(CollectOnlyFilterSet):
    # Collected only; the view applies the dates before grouping (see get_queryset).
    date_from = django_filters.DateFilter(label=_("From"), method="keep", widget=AdminDateInput)
    date_to = django_filters.DateFilter(label=_("To"), method="keep", widget=AdminDateInput)

    class Meta:
        model = CallRecord
        fields = []


def _outcome_label(code):
    return str(CallOutcome(code).label) if code in CallOutcome.values else code


class CallLogView(CustomPermissionReportView):
    page_title = _("Call log")
    header_icon = "list-ul"
    index_url_name = "console_reports:call_log"
    index_results_url_name = "console_reports:call_log_results"
    results_template_name = "console/admin/call_log_results.html"
    filterset_class = CallLogFilterSet
    permission_name = VIEW_CALL_REPORTS
    paginate_by = 100
    export_filename = "call-log"
    list_export = ["day", "outcome", "category", "country", "language", "calls"]
    export_headings = {
        "day": _("Day"),
        "outcome": _("Outcome"),
        "category": _("Category"),
        "country": _("Country"),
        "language": _("Language"),
        "calls": _("Calls"),
    }

    @cached_property
    def category_names(self):
        return dict(top_category_choices())

    def category_label(self, slug):
        return self.category_names.get(slug, slug)

    @property
    def custom_field_preprocess(self):
        labels = {ReportView.FORMAT_CSV: _outcome_label, ReportView.FORMAT_XLSX: _outcome_label}
        categories = {ReportView.FORMAT_CSV: self.category_label, ReportView.FORMAT_XLSX: self.category_label}
        return {"outcome": labels, "category": categories}

    @property
    def columns(self):
        return [
            DateColumn("day", label=_("Day")),
            Column("outcome", label=_("Outcome"), accessor=lambda row: _outcome_label(row["outcome"])),
            Column("category", label=_("Category"), accessor=lambda row: self.category_label(row["category"])),
            Column("country", label=_("Country")),
            Column("language", label=_("Language"), accessor=lambda row: language_label(row["language"]) if row["language"] else ""),
            NumberColumn("calls", label=_("Calls")),
        ]

    @cached_property
    def period(self):
        """``(date_from, date_to)``; the last 30 days when none is chosen or the form is invalid."""
        cleaned = self.filters.form.cleaned_data if self.filters.is_valid() else {}
        date_from, date_to = cleaned.get("date_from"), cleaned.get("date_to")
        if not date_from and not date_to:
            date_from = timezone.localdate() - timedelta(days=DEFAULT_CALL_LOG_DAYS - 1)
        return date_from, date_to

    def get_queryset(self):
        return call_log_rows(*self.period)

    def filter_queryset(self, queryset):
        return queryset  # already filtered, before grouping, in get_queryset

    def get_filename(self):
        date_from, date_to = self.period
        start = f"{date_from:%Y-%m-%d}" if date_from else "start"
        end = f"{date_to:%Y-%m-%d}" if date_to else f"{timezone.localdate():%Y-%m-%d}"
        return f"{self.export_filename}-{start}-{end}"

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        date_from, date_to = self.period
        context.update({"date_from": date_from, "date_to": date_to, "totals": call_log_totals(*self.period)})
        return context
