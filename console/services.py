"""Console behaviour as plain functions: the call log, shift counts, reports and the answer view.

Views only validate input and render; tests call these directly.
"""

from dataclasses import dataclass, replace
from datetime import datetime, time, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Count
from django.db.models.functions import TruncDate
from django.utils import timezone

from faq.language_versions import best_version, language_targets
from faq.listings import PROTOCOLS, fact_sheet_for
from kb.languages import fallback_notice, language_codes
from faq.models import FaqPage, Organisation
from faq.verification import current_status
from faq.vocabulary import LANGUAGE_CHOICES, FactSheetSection, VerificationStatus

from search.query import OPERATOR
from search.service import run_search

from .models import CallOutcome, CallRecord, EntryReport, ReportReason

SHIFT_HOURS = 12
# Statuses set by the review workflow rather than by source dates; the answer view keeps them.
WARNING_STATUSES = (VerificationStatus.OVERDUE, VerificationStatus.AT_RISK)


# --- call log ------------------------------------------------------------------------------


def shift_start(now=None):
    """A shift is the later of local midnight and twelve hours ago.

    No shift counter runs longer than twelve hours, and every counter starts from zero at
    midnight, so no clock-in is needed and no shift record has to be kept.
    """
    now = now or timezone.now()
    midnight = timezone.make_aware(datetime.combine(timezone.localtime(now).date(), time.min))
    return max(midnight, now - timedelta(hours=SHIFT_HOURS))


def shift_counts(user, now=None):
    """The user's own calls this shift, by outcome, with the total and the shift start."""
    now = now or timezone.now()
    since = shift_start(now)
    rows = (
        CallRecord.objects.filter(operator=user, created_at__gte=since, created_at__lte=now)
        .values_list("outcome").annotate(n=Count("pk"))
    )
    counts = {outcome: 0 for outcome in CallOutcome.values}
    counts.update(dict(rows))
    return {**counts, "total": sum(counts.values()), "since": since.isoformat()}


def top_category_slug(page):
    category = page.category
    return (category.parent or category).slug if category else ""


def default_language_row(organisation):
    """Calls point at the default-language organisation row, as entries do (faq.models.pages)."""
    if organisation.locale.language_code == settings.LANGUAGE_CODE:
        return organisation
    original = Organisation.objects.filter(
        translation_key=organisation.translation_key, locale__language_code=settings.LANGUAGE_CODE
    ).first()
    return original or organisation


def record_call(operator, outcome, *, entry=None, organisation=None, category="", country="", language=""):
    """Log one call; the entry fills in a missing category and language.

    Raises ValueError for an unknown outcome or an "answered" call without its entry.
    """
    if outcome not in CallOutcome.values:
        raise ValueError(f"unknown outcome {outcome!r}")
    if outcome == CallOutcome.ANSWERED and entry is None:
        raise ValueError("an answered call names the entry it was answered with")
    if entry is not None:
        category = category or top_category_slug(entry)
        language = language or entry.locale.language_code
    return CallRecord.objects.create(
        operator=operator, outcome=outcome, entry=entry,
        organisation=default_language_row(organisation) if organisation else None,
        category=category, country=country, language=language,
    )


def calls_between(date_from=None, date_to=None):
    """Calls logged from the start of ``date_from`` to the end of ``date_to`` (local days)."""
    rows = CallRecord.objects.all()
    if date_from:
        rows = rows.filter(created_at__gte=_start_of(date_from))
    if date_to:
        rows = rows.filter(created_at__lt=_start_of(date_to + timedelta(days=1)))
    return rows


def call_log_rows(date_from=None, date_to=None):
    """Calls counted by local day, outcome, category, country and language, newest day first."""
    return (
        calls_between(date_from, date_to)
        .annotate(day=TruncDate("created_at", tzinfo=timezone.get_current_timezone()))
        .values("day", "outcome", "category", "country", "language")
        .annotate(calls=Count("pk"))
        .order_by("-day", "outcome", "category", "country", "language")
    )


def call_log_totals(date_from=None, date_to=None):
    """Calls in the period by outcome, with the total."""
    totals = {outcome: 0 for outcome in CallOutcome.values}
    totals.update(dict(calls_between(date_from, date_to).values_list("outcome").annotate(n=Count("pk"))))
    return {**totals, "total": sum(totals.values())}


def _start_of(day):
    return timezone.make_aware(datetime.combine(day, time.min))


# --- the content-language facet -----------------------------------------------------------


def language_counts(search_request):
    """Operator results for ``search_request`` in every content language, by language code.

    Each language counts its own entries only, without the fallback entries a search adds.

    Category slugs belong to one language's category tree, so the category filter is dropped;
    country and audience codes mean the same in every language and are kept. These searches are
    not written to the search analytics: the operator did not ask them.
    """
    counts = {}
    for code, _name in settings.LANGUAGES:
        one = replace(search_request, locale=code, scope=OPERATOR, category="", page=1, page_size=1,
                      with_fallbacks=False)
        if not one.text and not one.filters():
            counts[code] = None
            continue
        counts[code] = run_search(one).total
    return counts


# --- the answer in other content languages ------------------------------------------------


def answer_in_language(page, language, user):
    """(the version of ``page`` to show for ``language``, fallback notice or "").

    ``language`` is a content language the operator chose; without one, the page itself.
    """
    if language not in language_codes() or language == page.locale.language_code:
        return page, ""
    shown, shown_language = best_version(page, language, user)
    if shown is None:
        return page, ""
    return shown, ("" if shown_language == language else fallback_notice(language, shown_language))


def content_language_links(page, user, base_url, requested=""):
    """For the answer view: each content language, its answer URL and the fallback it leads to.

    ``requested`` is the language the operator asked for when ``page`` is its fallback.
    """
    current = requested if requested in language_codes() else page.locale.language_code
    links = []
    for code, name, version, shown in language_targets(page, user):
        target = version or page
        url = f"{base_url}{target.pk}/" + ("" if code == shown else f"?language={code}")
        links.append({"language": code, "name": name, "url": url, "shown_in": "" if code == shown else shown,
                      "current": code == current})
    return links


# --- reported answers ----------------------------------------------------------------------


def report_entry(page, user, reason):
    """Flag ``page`` for review; returns ``(report, created)``.

    The same person reporting the same reason again while it is open adds nothing: editors see
    one row per open problem, not one per click.
    """
    if reason not in ReportReason.values:
        raise ValueError(f"unknown reason {reason!r}")
    with transaction.atomic():
        existing = EntryReport.objects.filter(
            entry=page, reason=reason, reported_by=user, resolved_at__isnull=True
        ).first()
        if existing:
            return existing, False
        report = EntryReport.objects.create(
            entry=page, locale=page.locale.language_code, reason=reason, reported_by=user
        )
    return report, True


def open_reports():
    return (
        EntryReport.objects.filter(resolved_at__isnull=True)
        .select_related("entry", "reported_by")
        .order_by("-created_at", "-pk")
    )


def open_report_count(page):
    return EntryReport.objects.filter(entry=page, resolved_at__isnull=True).count()


def resolve_report(report, user):
    """Close a report; resolving it twice keeps the first resolution."""
    updated = EntryReport.objects.filter(pk=report.pk, resolved_at__isnull=True).update(
        resolved_at=timezone.now(), resolved_by=user
    )
    report.refresh_from_db()
    return updated == 1


# --- the answer view -----------------------------------------------------------------------


@dataclass
class Referral:
    organisation: Organisation
    languages: list
    show_address: bool


def live_answer(page_id):
    """The live FAQ entry with this page id, or None (a draft, another page type, nothing)."""
    return FaqPage.objects.live().select_related("locale", "category", "category__parent").filter(pk=page_id).first()


def _in_locale(item, locale):
    return item.get_translation_or_none(locale) or item


def referrals(page):
    language_names = dict(LANGUAGE_CHOICES)
    found = []
    for organisation in page.organisations.all():
        local = _in_locale(organisation, page.locale)
        found.append(Referral(
            organisation=local,
            languages=[language_names.get(code, code) for code in local.languages],
            show_address=bool(local.address) and not local.never_give_address,
        ))
    return found


def related_entries(page):
    """Related entries in the page's own language, live ones only."""
    found = []
    for link in page.related_entries.select_related("entry"):
        target = link.entry.get_translation_or_none(page.locale)
        if target is not None and target.live:
            found.append(target.specific)
    return found


def consular_block(page, country_code):
    """The emergency and consular section of the country's live fact sheet in the page's language."""
    if not country_code:
        return None
    sheet = fact_sheet_for(country_code, page.locale)
    if sheet is None:
        return None
    sections = [block.value for block in sheet.sections if block.value["kind"] == FactSheetSection.EMERGENCY_CONSULAR]
    if not sections:
        return None
    return {"sheet": sheet, "country": sheet.country, "sections": sections}


def selected_country(page, country_code):
    """The searched country; without one, the entry's only country if it names exactly one."""
    if country_code:
        return country_code
    codes = list(page.countries.values_list("code", flat=True)[:2])
    return codes[0] if len(codes) == 1 else ""


def answer_context(page, country_code, user):
    """Everything the answer view shows for ``page`` (a live FaqPage) and the selected country.

    ``user`` must already be allowed to use the console: internal notes are included.
    """
    status, review_due = current_status(page)
    country_code = selected_country(page, country_code)
    organisations = referrals(page)
    return {
        "page": page,
        "answer_number": page.answer_number,
        "short_answer": page.short_answer,
        "full_answer": page.answer,
        "sms_text": page.sms_text,
        "internal_notes": page.internal_notes,
        "sources": list(page.sources.all()),
        "verification_status": status,
        "verification_label": VerificationStatus(status).label,
        "review_due": review_due,
        "warn": status in WARNING_STATUSES,
        "sensitivity": page.sensitivity,
        "sensitivity_label": page.get_sensitivity_display(),
        "protocol_template": PROTOCOLS.get(page.sensitivity),
        "referrals": organisations,
        "related": related_entries(page),
        "country_code": country_code,
        "consular": consular_block(page, country_code),
        "category_slug": top_category_slug(page),
        "language": page.locale.language_code,
        "open_reports": open_report_count(page),
        "outcomes": CallOutcome.choices,
        "report_reasons": ReportReason.choices,
        "referral_choices": [(r.organisation.pk, r.organisation.name) for r in organisations],
    }
