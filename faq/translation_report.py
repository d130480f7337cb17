"""Translation freshness in the admin: the notice on edit views and the "Translation freshness" report.

The report lists the translations that need work (outdated or missing), with CSV and XLSX export;
up-to-date translations are left out so that the list is a to-do list.
"""

from urllib.parse import urlencode

import django_filters
from django.conf import settings
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import get_language_info
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from wagtail.admin import messages
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.reports import ReportView
from wagtail_localize.models import Translation

from kb.admin_reports import CollectOnlyFilterSet, CustomPermissionReportView, spreadsheet_safe

from .models import CountryFactSheetPage, FaqPage
from .reports import REPORT_PERMISSION, _country_choices, top_category_choices
from .translation_freshness import (
    FreshnessState,
    OutdatedReason,
    freshness,
    freshness_rows,
    source_of,
    source_pages,
    target_languages,
    translations_of,
)

SYNC_PERMISSION = "wagtail_localize.submit_translation"
NEEDS_WORK = (FreshnessState.OUTDATED, FreshnessState.MISSING)


def language_name(code):
    """The language's name in the admin's language ("Romanian", "румынский", ...)."""
    return str(get_language_info(code)["name_translated"])


def state_label(code):
    return str(FreshnessState(code).label) if code in FreshnessState.values else code


def reason_labels(row):
    labels = []
    for code in row.reasons:
        if code == OutdatedReason.UNTRANSLATED_STRINGS:
            labels.append(ngettext(
                "%(count)d untranslated string", "%(count)d untranslated strings", row.untranslated,
            ) % {"count": row.untranslated})
        else:
            labels.append(str(OutdatedReason(code).label))
    return labels


def _day(moment, beside=None):
    """A date in the admin's language; with the time when ``beside`` falls on the same day."""
    local = timezone.localtime(moment)
    same_day = beside is not None and timezone.localtime(beside).date() == local.date()
    return formats.date_format(local, "DATETIME_FORMAT" if same_day else "DATE_FORMAT")


def _sync_url(row, page):
    url = reverse("wagtail_localize:update_translations", args=[row.translation_source_id])
    return f"{url}?{urlencode({'next': reverse('wagtailadmin_pages:edit', args=[page.pk])})}"


# --- edit-view notices ---------------------------------------------------------------------


def announce_freshness(request, page):
    """Editors see where they work whether a translation still matches its source."""
    if not issubclass(page.specific_class or type(page), (FaqPage, CountryFactSheetPage)):
        return
    source = source_of(page)
    if source is not None:
        _announce_translation(request, page, freshness(source, page.locale.language_code))
    elif page.locale.language_code == settings.LANGUAGE_CODE and page.pk:
        _announce_summary(request, page, translations_of(page))


def _announce_translation(request, page, row):
    source_language = language_name(settings.LANGUAGE_CODE)
    if row.state == FreshnessState.MISSING:
        messages.warning(request, _("Missing: there is no published translation in this language yet."))
        return
    published, made = row.source_published_at, row.made_from_source_at
    if row.state == FreshnessState.UP_TO_DATE:
        if published:
            text = _("Up to date with the %(language)s version published on %(date)s.") % {
                "language": source_language, "date": _day(published),
            }
        else:
            text = _("Up to date with the %(language)s version.") % {"language": source_language}
        messages.info(request, text)
        return
    if OutdatedReason.SOURCE_CHANGED in row.reasons:
        lead = _(
            "Outdated: the %(language)s version changed on %(changed)s after this translation was made from it"
            " on %(made)s."
        ) % {"language": source_language, "changed": _day(published, made), "made": _day(made, published)}
    else:
        lead = _("Outdated compared with the %(language)s version.") % {"language": source_language}
    reasons = _("Reasons: %(reasons)s.") % {"reasons": "; ".join(reason_labels(row))}
    buttons = []
    can_sync = row.translation_source_id and request.user.has_perm(SYNC_PERMISSION)
    if OutdatedReason.SOURCE_CHANGED in row.reasons and can_sync:
        buttons.append(messages.button(_sync_url(row, page), _("Update translations")))
    messages.warning(request, f"{lead} {reasons}", buttons=buttons)


def _announce_summary(request, page, rows):
    if not rows:
        return
    summary = " · ".join(
        _("%(language)s: %(state)s") % {"language": language_name(row.language), "state": state_label(row.state)}
        for row in rows
    )
    buttons = []
    changed = [row for row in rows if OutdatedReason.SOURCE_CHANGED in row.reasons and row.translation_source_id]
    if changed and request.user.has_perm(SYNC_PERMISSION):
        buttons.append(messages.button(_sync_url(changed[0], page), _("Update translations")))
    messages.info(request, _("Translations — %(summary)s") % {"summary": summary}, buttons=buttons)


# --- report --------------------------------------------------------------------------------


def _language_choices():
    return [(code, language_name(code)) for code in target_languages()]


class FreshnessFilterSet(CollectOnlyFilterSet):
    language = django_filters.ChoiceFilter(label=gettext_lazy("Language"), method="keep", choices=_language_choices)
    state = django_filters.ChoiceFilter(
        label=gettext_lazy("State"), method="keep", choices=[(s.value, s.label) for s in NEEDS_WORK],
    )
    country = django_filters.ChoiceFilter(label=gettext_lazy("Country"), method="keep", choices=_country_choices)
    category = django_filters.ChoiceFilter(label=gettext_lazy("Category"), method="keep", choices=top_category_choices)

    class Meta:
        # Not a translatable model: Wagtail would add a "Locale" filter that the report ignores.
        model = Translation
        fields = []


class QuestionColumn(Column):
    cell_template_name = "faq/admin/freshness_question_cell.html"


class FreshnessStateColumn(Column):
    cell_template_name = "faq/admin/freshness_state_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["label"] = state_label(instance.state)
        context["reasons"] = "; ".join(reason_labels(instance))
        return context


class MadeFromColumn(Column):
    cell_template_name = "faq/admin/freshness_made_from_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        request = parent_context.get("request")
        may_translate = request is not None and request.user.has_perm(SYNC_PERMISSION)
        if instance.translation_page is None and may_translate:
            source_id = instance.source_page.pk
            context["translate_url"] = reverse("wagtail_localize:submit_page_translation", args=[source_id])
        return context


def _local(moment):
    return timezone.localtime(moment).replace(tzinfo=None) if moment else None


def _csv_moment(moment):
    return _local(moment).isoformat(sep=" ", timespec="minutes") if moment else ""


class TranslationFreshnessReportView(CustomPermissionReportView):
    page_title = gettext_lazy("Translation freshness")
    header_icon = "history"
    index_url_name = "faq_verification:translations"
    index_results_url_name = "faq_verification:translations_results"
    results_template_name = "faq/admin/freshness_results.html"
    filterset_class = FreshnessFilterSet
    permission_name = REPORT_PERMISSION
    paginate_by = 50
    export_filename = "translation-freshness"
    list_export = [
        "answer_number", "title", "language", "state", "reasons", "category", "countries",
        "source_published_at", "made_from_source_at",
    ]
    export_headings = {
        "answer_number": gettext_lazy("Answer number"),
        "title": gettext_lazy("Question"),
        "language": gettext_lazy("Language"),
        "state": gettext_lazy("State"),
        "reasons": gettext_lazy("Reasons"),
        "category": gettext_lazy("Category"),
        "countries": gettext_lazy("Countries"),
        "source_published_at": gettext_lazy("Source published"),
        "made_from_source_at": gettext_lazy("Made from the source as of"),
    }
    custom_field_preprocess = {
        "title": {ReportView.FORMAT_CSV: spreadsheet_safe},
        "state": {ReportView.FORMAT_CSV: state_label, ReportView.FORMAT_XLSX: state_label},
        "source_published_at": {ReportView.FORMAT_CSV: _csv_moment, ReportView.FORMAT_XLSX: _local},
        "made_from_source_at": {ReportView.FORMAT_CSV: _csv_moment, ReportView.FORMAT_XLSX: _local},
    }
    columns = [
        Column("answer_number", label=gettext_lazy("Answer number")),
        QuestionColumn("title", label=gettext_lazy("Question")),
        Column("language", label=gettext_lazy("Language"), accessor=lambda row: language_name(row.language)),
        FreshnessStateColumn("state", label=gettext_lazy("State")),
        Column("category", label=gettext_lazy("Category"), accessor="category_name"),
        Column("countries", label=gettext_lazy("Countries"), accessor=lambda row: ", ".join(row.country_codes)),
        DateColumn("source_published_at", label=gettext_lazy("Source published")),
        MadeFromColumn("made_from_source_at", label=gettext_lazy("Made from the source as of")),
    ]

    def get_queryset(self):
        chosen = self.filters.form.cleaned_data if self.filters.is_valid() else {}
        language = chosen.get("language")
        pages = source_pages(country=chosen.get("country") or None, category=chosen.get("category") or None)
        wanted = {chosen["state"]} if chosen.get("state") else {state.value for state in NEEDS_WORK}
        return [row for row in freshness_rows(pages, [language] if language else None) if row.state in wanted]

    def filter_queryset(self, queryset):
        return queryset

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        context["source_language"] = language_name(settings.LANGUAGE_CODE)
        return context

    def to_row_dict(self, row):
        return {
            "answer_number": row.answer_number,
            "title": row.title,
            "language": row.language,
            "state": row.state,
            "reasons": "; ".join(reason_labels(row)),
            "category": row.category_name,
            "countries": ", ".join(row.country_codes),
            "source_published_at": row.source_published_at,
            "made_from_source_at": row.made_from_source_at,
        }
