"""Source review dates and verification status, computed in one place (DESIGN.md section 2).

An entry's review is due at the earliest due date of its sources. Only a verification moves a
source's ``last_verified_on``; an edit to the text never does, so cosmetic edits cannot reset it.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.utils import timezone

from .vocabulary import VerificationStatus


@dataclass(frozen=True)
class SourceReview:
    last_verified_on: date | None
    review_interval_days: int | None


def due_soon_window():
    return timedelta(days=settings.KB_DUE_SOON_DAYS)


def source_due_date(review, default_interval_days):
    """A source never verified is due at once."""
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
    """Return ``(review_due, status)`` for a list of :class:`SourceReview`."""
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


def entry_source_reviews(entry):
    return [SourceReview(s.last_verified_on, s.review_interval_days) for s in entry.sources.all()]


def fact_sheet_review_days():
    return settings.KB_FACT_SHEET_REVIEW_DAYS


def section_source_reviews(section):
    return [SourceReview(s["last_verified_on"], s["review_interval_days"]) for s in section["sources"]]


def fact_sheet_source_reviews(sheet):
    return [review for block in sheet.sections for review in section_source_reviews(block.value)]


def refresh_entry(entry, today=None):
    """Set ``review_due`` and ``verification_status`` on an FAQ entry (not saved)."""
    interval = entry.category.review_interval_days if entry.category_id else 365
    entry.review_due, entry.verification_status = status_for(entry_source_reviews(entry), interval, today)


def refresh_fact_sheet(sheet, today=None):
    sheet.review_due, sheet.verification_status = status_for(
        fact_sheet_source_reviews(sheet), fact_sheet_review_days(), today
    )
