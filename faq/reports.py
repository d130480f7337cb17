"""Verification reports in the Wagtail admin (issue 5 points 4 and 6), with CSV and XLSX export.

- "Verification": every entry with its status, risks and dates; filters for status, owner,
  category, country and language.
- "Verification coverage": country x top-level category for one language, each cell the worst
  status of the entries there (or "missing").
- "Source links": the addresses the link checker or a reviewer found broken or moved.
- "Helpfulness": readers' "Was this helpful?" votes per entry and language, with the reasons
  given for "no", for the last 30, 90 or 365 days.
"""

from collections import defaultdict

import django_filters
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property, lazy
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn, NumberColumn
from wagtail.admin.views.reports import ReportView
from wagtail.coreutils import multigetattr
from wagtail.models import Locale

from kb.admin_reports import CollectOnlyFilterSet, CustomPermissionReportView, spreadsheet_safe

from .feedback import feedback_counts, period_start, reason_field
from .models import Category, Country, EntryFeedback, FaqPage, FaqSource, SourceLink
from .vocabulary import FeedbackReason, LinkOutcome, RiskReason, VerificationStatus

REPORT_PERMISSION = "wagtailadmin.access_admin"
MISSING = "missing"
# Worst first: what a desk must act on before anything else.
SEVERITY = (
    VerificationStatus.AT_RISK, VerificationStatus.OVERDUE, VerificationStatus.UNSOURCED,
    VerificationStatus.DUE_SOON, VerificationStatus.IN_REVIEW, VerificationStatus.CURRENT,
)


def status_label(code):
    if code == MISSING:
        return str(_("Missing"))
    return str(VerificationStatus(code).label) if code in VerificationStatus.values else code


def risk_labels(codes):
    return ", ".join(str(RiskReason(code).label) for code in codes or [] if code in RiskReason.values)


def worst_status(statuses):
    statuses = set(statuses)
    return next((str(status) for status in SEVERITY if status in statuses), MISSING)


def _language_choices():
    return [(code, name) for code, name in settings.WAGTAIL_CONTENT_LANGUAGES]


def top_category_choices():
    """``(slug, name)`` of the top-level categories in the active language, else the default one."""
    language = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
    rows = Category.objects.filter(parent=None, locale__language_code=language).values_list("slug", "name")
    return list(rows) or list(
        Category.objects.filter(parent=None, locale__language_code=settings.LANGUAGE_CODE).values_list("slug", "name")
    )


def _country_choices():
    return list(
        Country.objects.filter(locale__language_code=settings.LANGUAGE_CODE).order_by("name").values_list("code", "name")
    )


def _owner_queryset():
    return get_user_model().objects.filter(pk__in=FaqPage.objects.values("owner_id")).order_by("username")


class VerificationFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(
        label=_("Status"), field_name="verification_status", choices=VerificationStatus.choices,
    )
    owner = django_filters.ModelChoiceFilter(label=_("Owner"), queryset=lambda request: _owner_queryset())
    category = django_filters.ChoiceFilter(label=_("Category"), method="filter_category", choices=top_category_choices)
    country = django_filters.ChoiceFilter(label=_("Country"), method="filter_country", choices=_country_choices)
    language = django_filters.ChoiceFilter(
        label=_("Language"), field_name="locale__language_code", choices=_language_choices,
    )

    class Meta:
        model = FaqPage
        fields = []

    def filter_category(self, queryset, name, value):
        return queryset.filter(Q(category__path=value) | Q(category__path__startswith=f"{value}/"))

    def filter_country(self, queryset, name, value):
        return queryset.filter(countries__code=value).distinct()


class EntryTitleColumn(Column):
    cell_template_name = "faq/admin/entry_title_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["edit_url"] = reverse("wagtailadmin_pages:edit", args=[instance.pk])
        return context


class StatusColumn(Column):
    cell_template_name = "faq/admin/status_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["status"] = instance.verification_status
        context["label"] = status_label(instance.verification_status)
        context["risks"] = risk_labels(instance.risk_reasons)
        return context


class ReverifyColumn(Column):
    cell_template_name = "faq/admin/reverify_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        from .reviews import VERIFY_PERMISSION

        context = super().get_cell_context_data(instance, parent_context)
        request = parent_context.get("request")
        allowed = request is not None and request.user.has_perm(VERIFY_PERMISSION)
        context["reverify_url"] = reverse("faq_verification:reverify", args=[instance.pk]) if allowed and instance.live else ""
        return context


def _link_problems_by_page(pages):
    """``{page id: "url (outcome)"…}`` for the report's export."""
    problems = dict(SourceLink.objects.exclude(outcome=LinkOutcome.OK).values_list("url", "outcome"))
    found = defaultdict(list)
    if problems:
        for page_id, url in FaqSource.objects.filter(page__in=pages, url__in=list(problems)).values_list("page_id", "url"):
            found[page_id].append(f"{url} ({LinkOutcome(problems[url]).label})")
    return found


class VerificationReportView(CustomPermissionReportView):
    page_title = _("Verification")
    header_icon = "tasks"
    index_url_name = "faq_verification:report"
    index_results_url_name = "faq_verification:report_results"
    filterset_class = VerificationFilterSet
    permission_name = REPORT_PERMISSION
    paginate_by = 50
    export_filename = "verification"
    list_export = [
        "answer_number", "title", "locale.language_code", "verification_status", "risk_reasons",
        "review_due", "last_verified_on", "owner", "link_problems", "live",
    ]
    export_headings = {
        "answer_number": _("Answer number"),
        "title": _("Question"),
        "locale.language_code": _("Language"),
        "verification_status": _("Status"),
        "risk_reasons": _("Risks"),
        "review_due": _("Review due"),
        "last_verified_on": _("Last verified on"),
        "owner": _("Owner"),
        "link_problems": _("Source link problems"),
        "live": _("Published"),
    }
    custom_field_preprocess = {
        "title": {ReportView.FORMAT_CSV: spreadsheet_safe},
        "verification_status": {ReportView.FORMAT_CSV: status_label, ReportView.FORMAT_XLSX: status_label},
        "risk_reasons": {ReportView.FORMAT_CSV: risk_labels, ReportView.FORMAT_XLSX: risk_labels},
        "owner": {ReportView.FORMAT_CSV: lambda u: u.get_username() if u else "", ReportView.FORMAT_XLSX: lambda u: u.get_username() if u else ""},
        "link_problems": {ReportView.FORMAT_CSV: spreadsheet_safe},
    }
    columns = [
        EntryTitleColumn("title", label=_("Entry")),
        Column("language", label=_("Language"), accessor="locale.language_code"),
        StatusColumn("verification_status", label=_("Status")),
        DateColumn("review_due", label=_("Review due")),
        DateColumn("last_verified_on", label=_("Last verified")),
        Column("owner", label=_("Owner")),
        ReverifyColumn("reverify", label=_("Action")),
    ]

    def get_queryset(self):
        return (
            FaqPage.objects.select_related("locale", "owner")
            .order_by("review_due", "answer_number", "locale__language_code")
        )

    def to_row_dict(self, item):
        return {
            field: "; ".join(self._link_problems.get(item.pk, [])) if field == "link_problems" else multigetattr(item, field)
            for field in self.list_export
        }

    @cached_property
    def _link_problems(self):
        return _link_problems_by_page(self.filter_queryset(self.get_queryset()).values("pk"))


# --- coverage ------------------------------------------------------------------------------


class CoverageFilterSet(CollectOnlyFilterSet):
    language = django_filters.ChoiceFilter(
        label=_("Language"), method="keep", choices=_language_choices, empty_label=None,
    )

    class Meta:
        model = FaqPage
        fields = []


def coverage(language):
    """``(countries, categories, rows)`` of the grid for one language.

    Rows are dicts (country, category, language, status, entries); entries that apply to every
    country form the "All countries" row. An empty cell is "missing".
    """
    locale = Locale.objects.filter(language_code=language).first()
    categories = list(Category.objects.filter(parent=None, locale=locale).order_by("sort_order", "path"))
    if not categories:
        categories = list(Category.objects.filter(parent=None, locale__language_code=settings.LANGUAGE_CODE))
    countries = [("", str(_("All countries")))] + _country_choices()
    entries = FaqPage.objects.live().filter(locale=locale)
    statuses = defaultdict(list)
    for path, code, status in entries.values_list("category__path", "countries__code", "verification_status"):
        statuses[(code or "", (path or "").split("/")[0])].append(status)
    rows = []
    for code, name in countries:
        for category in categories:
            found = statuses.get((code, category.slug), [])
            rows.append({
                "country": name, "country_code": code, "category": category.name, "category_slug": category.slug,
                "language": language, "status": worst_status(found), "entries": len(found),
            })
    return countries, categories, rows


class CoverageReportView(CustomPermissionReportView):
    page_title = _("Verification coverage")
    header_icon = "table"
    index_url_name = "faq_verification:coverage"
    index_results_url_name = "faq_verification:coverage_results"
    results_template_name = "faq/admin/coverage_results.html"
    filterset_class = CoverageFilterSet
    permission_name = REPORT_PERMISSION
    paginate_by = None
    export_filename = "verification-coverage"
    list_export = ["country", "country_code", "category", "language", "status", "entries"]
    export_headings = {
        "country": _("Country"),
        "country_code": _("ISO code"),
        "category": _("Category"),
        "language": _("Language"),
        "status": _("Worst status"),
        "entries": _("Entries"),
    }
    custom_field_preprocess = {
        "status": {ReportView.FORMAT_CSV: status_label, ReportView.FORMAT_XLSX: status_label},
    }
    columns = [
        Column("country", label=_("Country")),
        Column("category", label=_("Category")),
        Column("status", label=_("Worst status")),
        NumberColumn("entries", label=_("Entries")),
    ]

    @cached_property
    def language(self):
        cleaned = self.filters.form.cleaned_data if self.filters.is_valid() else {}
        return cleaned.get("language") or settings.LANGUAGE_CODE

    @cached_property
    def grid(self):
        return coverage(self.language)

    def get_queryset(self):
        return self.grid[2]

    def filter_queryset(self, queryset):
        return queryset

    def get_filename(self):
        return f"{self.export_filename}-{self.language}-{timezone.localdate():%Y-%m-%d}"

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        countries, categories, rows = self.grid
        cells = {(row["country_code"], row["category_slug"]): row for row in rows}
        context.update({
            "grid_categories": categories,
            "grid_rows": [
                (name, [dict(cells[(code, category.slug)], label=status_label(cells[(code, category.slug)]["status"]))
                        for category in categories])
                for code, name in countries
            ],
            "coverage_language": self.language,
        })
        return context


# --- source links --------------------------------------------------------------------------


class SourceLinksReportView(CustomPermissionReportView):
    page_title = _("Source links")
    header_icon = "link"
    index_url_name = "faq_verification:links"
    index_results_url_name = "faq_verification:links_results"
    permission_name = REPORT_PERMISSION
    paginate_by = 100
    export_filename = "source-links"
    list_export = ["url", "outcome", "status_code", "detail", "redirect_to", "checked_at", "entries"]
    export_headings = {
        "url": _("Address"),
        "outcome": _("Outcome"),
        "status_code": _("HTTP status"),
        "detail": _("Detail"),
        "redirect_to": _("Moved to"),
        "checked_at": _("Checked at"),
        "entries": _("Entries citing it"),
    }
    custom_field_preprocess = {
        "url": {ReportView.FORMAT_CSV: spreadsheet_safe},
        "detail": {ReportView.FORMAT_CSV: spreadsheet_safe},
        "redirect_to": {ReportView.FORMAT_CSV: spreadsheet_safe},
        "outcome": {
            ReportView.FORMAT_CSV: lambda code: str(LinkOutcome(code).label),
            ReportView.FORMAT_XLSX: lambda code: str(LinkOutcome(code).label),
        },
    }
    columns = [
        Column("url", label=_("Address")),
        Column("outcome", label=_("Outcome"), accessor="get_outcome_display"),
        Column("status_code", label=_("HTTP status")),
        Column("detail", label=_("Detail")),
        Column("redirect_to", label=_("Moved to")),
        DateColumn("checked_at", label=_("Checked")),
        NumberColumn("entries", label=_("Entries")),
    ]

    def get_queryset(self):
        problems = list(SourceLink.objects.exclude(outcome=LinkOutcome.OK).order_by("-checked_at", "url"))
        counts = defaultdict(int)
        for url in FaqSource.objects.filter(url__in=[p.url for p in problems]).values_list("url", flat=True):
            counts[url] += 1
        for problem in problems:
            problem.entries = counts[problem.url]
        return problems

    def filter_queryset(self, queryset):
        return queryset


# --- helpfulness ---------------------------------------------------------------------------

FEEDBACK_PERIODS = (30, 90, 365)
DEFAULT_FEEDBACK_PERIOD = 30


def _period_label(days):
    return ngettext("Last %(days)d day", "Last %(days)d days", days) % {"days": days}


period_label = lazy(_period_label, str)

def share_percent(value):
    """The share of "yes" in percent with one decimal; empty for an entry without votes."""
    return "" if value is None else round(value, 1)


def share_label(value):
    return "" if value is None else f"{round(value, 1):g} %"


# Export columns and headings, shared by the report and ``manage.py feedback_report``.
HELPFULNESS_HEADINGS = {
    "answer_number": _("Answer number"),
    "title": _("Question"),
    "language": _("Language"),
    "yes": _("Yes"),
    "no": _("No"),
    "share_helpful": _("Helpful (%)"),
    **{reason_field(code): label for code, label in FeedbackReason.choices},
}


class HelpfulnessFilterSet(CollectOnlyFilterSet):
    period = django_filters.ChoiceFilter(
        label=_("Period"), method="keep", empty_label=None, initial=str(DEFAULT_FEEDBACK_PERIOD),
        choices=[(str(days), period_label(days)) for days in FEEDBACK_PERIODS],
    )
    language = django_filters.ChoiceFilter(label=_("Language"), method="keep", choices=_language_choices)

    class Meta:
        model = EntryFeedback
        fields = []


class FeedbackEntryColumn(EntryTitleColumn):
    """The entry's number and question, linked to its editor (rows are dicts, not pages)."""

    def get_cell_context_data(self, instance, parent_context):
        context = Column.get_cell_context_data(self, instance, parent_context)
        context["edit_url"] = reverse("wagtailadmin_pages:edit", args=[instance["page_id"]])
        return context


class HelpfulnessReportView(CustomPermissionReportView):
    page_title = _("Helpfulness")
    header_icon = "help"
    index_url_name = "faq_feedback:report"
    index_results_url_name = "faq_feedback:report_results"
    filterset_class = HelpfulnessFilterSet
    permission_name = REPORT_PERMISSION
    paginate_by = 50
    export_filename = "helpfulness"
    list_export = list(HELPFULNESS_HEADINGS)
    export_headings = HELPFULNESS_HEADINGS
    custom_field_preprocess = {
        "title": {ReportView.FORMAT_CSV: spreadsheet_safe},
        "share_helpful": {ReportView.FORMAT_CSV: share_percent, ReportView.FORMAT_XLSX: share_percent},
    }
    columns = [
        FeedbackEntryColumn("title", label=_("Entry")),
        Column("language", label=_("Language")),
        NumberColumn("yes", label=_("Yes")),
        NumberColumn("no", label=_("No")),
        Column("share_helpful", label=_("Helpful (%)"), accessor=lambda row: share_label(row["share_helpful"])),
        *[NumberColumn(reason_field(code), label=label) for code, label in FeedbackReason.choices],
    ]

    def get_filterset_kwargs(self):
        data = self.request.GET.copy()
        data.setdefault("period", str(DEFAULT_FEEDBACK_PERIOD))
        return {**super().get_filterset_kwargs(), "data": data}

    @cached_property
    def chosen(self):
        """The period and language chosen; the defaults when the filter form is invalid."""
        cleaned = self.filters.form.cleaned_data if self.filters.is_valid() else {}
        return {"days": int(cleaned.get("period") or DEFAULT_FEEDBACK_PERIOD), "language": cleaned.get("language") or None}

    def get_queryset(self):
        return feedback_counts(since=period_start(self.chosen["days"]), language=self.chosen["language"])

    def filter_queryset(self, queryset):
        return queryset  # already filtered, before grouping, in get_queryset

    def get_filename(self):
        return f"{self.export_filename}-{self.chosen['days']}d-{timezone.localdate():%Y-%m-%d}"
