"""Source review dates and verification status, computed in one place (DESIGN.md sections 2 and 4).

:func:`assess` is the rule: a pure function of an entry's facts and today's date. Everything
else here gathers those facts, for one entry being saved (from memory) or for many (from the
database, a handful of queries whatever the count), and stores the result on the page row so
listings, reports and both search stores can filter on it.

An entry's review is due at the earliest due date of its sources. Only a verification moves a
source's date (faq.reviews writes them to :class:`~faq.models.SourceVerification`); the dates on
the source rows are copies made on save, so neither an edit nor an old revision can reset them.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from kb import page_cache

from .vocabulary import LinkOutcome, RiskReason, VerificationStatus

DEFAULT_INTERVAL_DAYS = 365
FLAG_ACTION = "faq.flag"


@dataclass(frozen=True)
class SourceReview:
    last_verified_on: date | None
    review_interval_days: int | None


@dataclass(frozen=True)
class EntryFacts:
    reviews: tuple = ()
    default_interval_days: int = DEFAULT_INTERVAL_DAYS
    in_review: bool = False
    risks: tuple = ()


@dataclass(frozen=True)
class Assessment:
    status: str
    review_due: date | None = None
    last_verified_on: date | None = None
    risks: list = field(default_factory=list)


def due_soon_window():
    return timedelta(days=settings.KB_DUE_SOON_DAYS)


def source_due_date(review, default_interval_days):
    """A source never verified is due at once (``None``)."""
    if review.last_verified_on is None:
        return None
    interval = review.review_interval_days or default_interval_days
    return review.last_verified_on + timedelta(days=interval)


def review_due(reviews, default_interval_days):
    """Earliest due date among the sources; ``None`` for no sources or a never-verified one."""
    dates = [source_due_date(r, default_interval_days) for r in reviews]
    if not dates or any(d is None for d in dates):
        return None
    return min(dates)


def status_for(reviews, default_interval_days, today=None):
    """Return ``(review_due, status)`` from source dates alone (fact sheets use this directly)."""
    reviews = list(reviews)
    if not reviews:
        return None, VerificationStatus.UNSOURCED
    today = today or timezone.localdate()
    due = review_due(reviews, default_interval_days)
    if due is None or due < today:
        return due, VerificationStatus.OVERDUE
    if due <= today + due_soon_window():
        return due, VerificationStatus.DUE_SOON
    return due, VerificationStatus.CURRENT


def assess(facts, today=None):
    """The status of an entry. Precedence: a review under way, no sources, a known risk, dates.

    ``in_review`` wins because someone is checking the entry right now; ``at_risk`` outranks the
    dates because a known change (law, broken source, outdated translation) is a stronger signal
    than the calendar. The review due date is reported whatever the status.
    """
    due, dated_status = status_for(facts.reviews, facts.default_interval_days, today)
    dates = [r.last_verified_on for r in facts.reviews]
    last_verified = None if not dates or None in dates else min(dates)
    if facts.in_review:
        status = VerificationStatus.IN_REVIEW
    elif not facts.reviews:
        status = VerificationStatus.UNSOURCED
    elif facts.risks:
        status = VerificationStatus.AT_RISK
    else:
        status = dated_status
    return Assessment(str(status), due, last_verified, sorted(facts.risks))


# --- risks: what puts an entry at risk besides the calendar ---------------------------------


def category_covers(event_path, entry_path):
    return entry_path == event_path or entry_path.startswith(event_path + "/")


@dataclass
class RiskLookups:
    """The few global facts risk depends on, loaded once per save or per batch."""

    law_changes: list  # (country code, category path, recorded_at)
    sheet_status: dict  # (locale id, country code) -> status of its live fact sheet
    default_locale_id: int | None
    link_problems: dict  # url -> LinkOutcome

    @classmethod
    def load(cls):
        from wagtail.models import Locale

        from .models import CountryFactSheetPage, LawChange, SourceLink

        changes = [
            (code, path, recorded)
            for code, path, recorded in LawChange.objects.values_list("country__code", "category__path", "recorded_at")
        ]
        sheets = {
            (locale_id, code): status
            for locale_id, code, status in CountryFactSheetPage.objects.live().values_list(
                "locale_id", "country__code", "verification_status"
            )
        }
        default = Locale.objects.filter(language_code=settings.LANGUAGE_CODE).values_list("pk", flat=True).first()
        links = dict(SourceLink.objects.exclude(outcome=LinkOutcome.OK).values_list("url", "outcome"))
        return cls(changes, sheets, default, links)

    def fact_sheet_overdue(self, locale_id, code):
        status = self.sheet_status.get((locale_id, code))
        if status is None:
            status = self.sheet_status.get((self.default_locale_id, code))
        return status == VerificationStatus.OVERDUE

    def risks(self, *, locale_id, category_path, country_codes, urls, last_verified_at, translation_outdated):
        found = set()
        for code, path, recorded_at in self.law_changes:
            if code in country_codes and category_covers(path, category_path) and (
                last_verified_at is None or recorded_at > last_verified_at
            ):
                found.add(RiskReason.LAW_CHANGED)
        if any(self.fact_sheet_overdue(locale_id, code) for code in country_codes):
            found.add(RiskReason.FACT_SHEET_OVERDUE)
        for url in urls:
            outcome = self.link_problems.get(url)
            if outcome == LinkOutcome.BROKEN:
                found.add(RiskReason.BROKEN_LINK)
            elif outcome == LinkOutcome.MOVED:
                found.add(RiskReason.MOVED_LINK)
        if translation_outdated:
            found.add(RiskReason.TRANSLATION_OUTDATED)
        return tuple(str(reason) for reason in sorted(found))


def default_interval(entry_interval, category_interval):
    return entry_interval or category_interval or DEFAULT_INTERVAL_DAYS


# --- one entry, while it is being saved ----------------------------------------------------


def _stored_verifications(page_id):
    from .models import SourceVerification

    if page_id is None:
        return {}
    return {
        row.url: (row.last_verified_on, row.verified_by)
        for row in SourceVerification.objects.filter(page_id=page_id)
    }


def _entry_review(page_id):
    from .models import EntryReview

    return EntryReview.objects.filter(page_id=page_id).first() if page_id else None


def refresh_entry(entry, today=None, lookups=None):
    """Copy the stored verification dates onto the entry's sources and set its status (not saved).

    Returns the verifications to store after the save: a page with no stored verification yet
    (a new page, an import, a new translation) keeps the dates it arrives with.
    """
    stored = _stored_verifications(entry.pk)
    sources = list(entry.sources.all())
    seeded = []
    for source in sources:
        if source.url in stored:
            source.last_verified_on, source.verified_by = stored[source.url]
        elif stored:
            source.last_verified_on, source.verified_by = None, ""
        elif source.last_verified_on:
            seeded.append((source.url, source.last_verified_on, source.verified_by))
    review = _entry_review(entry.pk)
    lookups = lookups or RiskLookups.load()
    category = entry.category if entry.category_id else None
    facts = EntryFacts(
        reviews=tuple(SourceReview(s.last_verified_on, s.review_interval_days) for s in sources),
        default_interval_days=default_interval(entry.review_interval_days, category and category.review_interval_days),
        in_review=bool(entry.pk) and entry.workflow_in_progress,
        risks=lookups.risks(
            locale_id=entry.locale_id,
            category_path=category.path if category else "",
            country_codes={country.code for country in entry.countries.all()},
            urls={source.url for source in sources},
            last_verified_at=review.last_verified_at if review else None,
            translation_outdated=bool(review and review.translation_outdated_since),
        ),
    )
    _apply(entry, assess(facts, today))
    return seeded


def _apply(entry, assessment):
    entry.verification_status = assessment.status
    entry.review_due = assessment.review_due
    entry.last_verified_on = assessment.last_verified_on
    entry.risk_reasons = assessment.risks


def store_seeded_verifications(entry, seeded):
    from .models import SourceVerification

    SourceVerification.objects.bulk_create(
        [SourceVerification(page_id=entry.pk, url=url, last_verified_on=day, verified_by=by) for url, day, by in seeded],
        ignore_conflicts=True,
    )


def store_source_verification(page, url, day, verified_by, **fields):
    """A source verified on ``day``: its row in the table, and the copy on the entry's source row."""
    from .models import FaqSource, SourceVerification

    SourceVerification.objects.update_or_create(
        page=page, url=url, defaults={"last_verified_on": day, "verified_by": verified_by, **fields},
    )
    FaqSource.objects.filter(page=page, url=url).update(last_verified_on=day, verified_by=verified_by)
    page_cache.invalidate()


def import_verifications(page, sources):
    """Dates carried by an import file, for a page that already has verifications.

    Newer dates win and older ones are ignored: an import states what was verified, and a file
    exported before a verification must not undo it. Returns the number of sources moved forward.
    """
    from .models import SourceVerification

    moved = 0
    stored = {row.url: row for row in SourceVerification.objects.filter(page=page)}
    for url, day, by in sources:
        row = stored.get(url)
        if day is None or (row and row.last_verified_on and row.last_verified_on >= day):
            continue
        store_source_verification(page, url, day, by)
        moved += 1
    return moved


# --- many entries, from the database ---------------------------------------------------------


def _in_review_ids(page_ids):
    from wagtail.models import WorkflowState

    # "Needs changes" is back with the editor: only a workflow awaiting a reviewer is "in review".
    active = WorkflowState.objects.filter(status=WorkflowState.STATUS_IN_PROGRESS).values_list("object_id", flat=True)
    ids = {int(pk) for pk in active if str(pk).isdigit()}
    return ids if page_ids is None else ids & set(page_ids)


def assess_entries(page_ids=None, today=None, lookups=None):
    """``{page id: Assessment}`` for every FAQ entry (or those ids), from a handful of queries."""
    from .models import EntryReview, FaqPage, FaqSource, SourceVerification

    pages = FaqPage.objects.all()
    if page_ids is not None:
        pages = pages.filter(pk__in=list(page_ids))
    rows = list(pages.values_list(
        "pk", "locale_id", "category__path", "category__review_interval_days", "review_interval_days",
    ))
    ids = [row[0] for row in rows]
    sources, verified, countries = defaultdict(list), {}, defaultdict(set)
    for page_id, url, interval in FaqSource.objects.filter(page_id__in=ids).values_list(
        "page_id", "url", "review_interval_days"
    ).order_by("page_id", "sort_order"):
        sources[page_id].append((url, interval))
    for page_id, url, day in SourceVerification.objects.filter(page_id__in=ids).values_list(
        "page_id", "url", "last_verified_on"
    ):
        verified[(page_id, url)] = day
    through = FaqPage.countries.through
    for page_id, code in through.objects.filter(faqpage_id__in=ids).values_list("faqpage_id", "country__code"):
        countries[page_id].add(code)
    reviews = {r.page_id: r for r in EntryReview.objects.filter(page_id__in=ids)}
    in_review = _in_review_ids(ids)
    lookups = lookups or RiskLookups.load()
    results = {}
    for page_id, locale_id, path, category_interval, entry_interval in rows:
        review = reviews.get(page_id)
        facts = EntryFacts(
            reviews=tuple(SourceReview(verified.get((page_id, url)), interval) for url, interval in sources[page_id]),
            default_interval_days=default_interval(entry_interval, category_interval),
            in_review=page_id in in_review,
            risks=lookups.risks(
                locale_id=locale_id, category_path=path or "", country_codes=countries[page_id],
                urls={url for url, _interval in sources[page_id]},
                last_verified_at=review.last_verified_at if review else None,
                translation_outdated=bool(review and review.translation_outdated_since),
            ),
        )
        results[page_id] = assess(facts, today)
    return results


def refresh_fact_sheets(today=None):
    """Store the status of every fact sheet; returns the number changed."""
    from .models import CountryFactSheetPage

    changed = []
    for sheet in CountryFactSheetPage.objects.all():
        before = (sheet.review_due, sheet.verification_status)
        refresh_fact_sheet(sheet, today)
        if (sheet.review_due, sheet.verification_status) != before:
            changed.append(sheet)
    CountryFactSheetPage.objects.bulk_update(changed, ["review_due", "verification_status"])
    if changed:
        page_cache.invalidate()
    return len(changed)


@transaction.atomic
def refresh_statuses(page_ids=None, today=None, user=None, reason="", progress=None):
    """Recompute and store the status of entries; log each change and reindex the changed entries.

    Idempotent: a second run on the same day finds nothing to change, logs nothing and indexes
    nothing. Returns ``{page id: (old status, new status)}`` of the entries whose status moved.
    """
    from wagtail.log_actions import log

    from search.indexing import update_pages

    from .models import FaqPage

    assessments = assess_entries(page_ids, today)
    current = {
        pk: (status, due, verified, risks)
        for pk, status, due, verified, risks in FaqPage.objects.filter(pk__in=list(assessments)).values_list(
            "pk", "verification_status", "review_due", "last_verified_on", "risk_reasons",
        )
    }
    changed_rows, moves = [], {}
    for pk, found in assessments.items():
        old = current[pk]
        if (found.status, found.review_due, found.last_verified_on, found.risks) == (old[0], old[1], old[2], list(old[3] or [])):
            continue
        changed_rows.append(FaqPage(
            pk=pk, verification_status=found.status, review_due=found.review_due,
            last_verified_on=found.last_verified_on, risk_reasons=found.risks,
        ))
        if found.status != old[0]:
            moves[pk] = (old[0], found.status)
    FaqPage.objects.bulk_update(
        changed_rows, ["verification_status", "review_due", "last_verified_on", "risk_reasons"], batch_size=500,
    )
    for done, page in enumerate(FaqPage.objects.filter(pk__in=list(moves)).select_related("locale"), 1):
        old, new = moves[page.pk]
        log(instance=page, action=FLAG_ACTION, user=user, title=page.title, data={
            "from": old, "to": new, "risks": assessments[page.pk].risks, "reason": reason,
            "review_due": assessments[page.pk].review_due.isoformat() if assessments[page.pk].review_due else None,
        })
        if progress:
            progress(done, len(moves))
    update_pages([row.pk for row in changed_rows])
    if changed_rows:
        page_cache.invalidate()
    return moves


def current_status(page, today=None):
    """``(status, review_due)`` as of ``today`` for display: the stored status is as old as the
    last save or nightly run, and an operator must see an entry that became overdue this morning.
    Statuses that do not come from the calendar (in review, at risk, unsourced) are kept."""
    if page.verification_status in {VerificationStatus.IN_REVIEW, VerificationStatus.AT_RISK, VerificationStatus.UNSOURCED}:
        return page.verification_status, page.review_due
    reviews = [SourceReview(s.last_verified_on, s.review_interval_days) for s in page.sources.all()]
    interval = default_interval(page.review_interval_days, page.category.review_interval_days if page.category_id else None)
    due, status = status_for(reviews, interval, today)
    return str(status), due


# --- fact sheets ----------------------------------------------------------------------------


def fact_sheet_review_days():
    return settings.KB_FACT_SHEET_REVIEW_DAYS


def section_source_reviews(section):
    return [SourceReview(s["last_verified_on"], s["review_interval_days"]) for s in section["sources"]]


def fact_sheet_source_reviews(sheet):
    return [review for block in sheet.sections for review in section_source_reviews(block.value)]


def refresh_fact_sheet(sheet, today=None):
    sheet.review_due, sheet.verification_status = status_for(
        fact_sheet_source_reviews(sheet), fact_sheet_review_days(), today
    )
