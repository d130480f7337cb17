"""Recording searches and opened answers, the two admin reports, and retention.

The API calls ``record_search`` after answering and hands the client a signed token of the
row; ``record_opened`` later marks which answer helped. Nothing here knows who searched.
"""

import logging
from datetime import timedelta

from django.core import signing
from django.db.models import Avg, Count, F, FloatField, Max, Q
from django.db.models.functions import Cast
from django.utils import timezone

from faq.numbering import ANSWER_NUMBER
from search.query import MAX_PAGE_SIZE

from .masking import mask_personal_data, normalise_query
from .models import SearchQueryLog

logger = logging.getLogger("search.analytics")

OPENED_WINDOW = timedelta(hours=1)
TOKEN_SALT = "search.analytics.log-token"
# The search form allows at most 100 pages; a rank beyond them cannot come from a real click.
MAX_RANK = 100 * MAX_PAGE_SIZE


def record_search(request, result):
    """Store one search (``SearchRequest``, ``SearchResult``); returns the new log id."""
    query = mask_personal_data(request.text)
    log = SearchQueryLog.objects.create(
        locale=request.locale[:8],
        scope=request.scope,
        query=query,
        normalised_query=normalise_query(query),
        # Filters are validated slugs and codes, but they arrive from the public too.
        category=mask_personal_data(request.category)[:170],
        country=mask_personal_data(request.country)[:2],
        audience=mask_personal_data(request.audience)[:64],
        result_count=max(int(result.total), 0),
        latency_ms=float(result.took_ms),
        backend=result.backend[:32],
    )
    return log.pk


def record_search_quietly(request, result):
    """``record_search`` for callers that answer a reader: analytics never decide the outcome of
    a search, so a failure is logged and gives ``None``."""
    try:
        return record_search(request, result)
    except Exception:  # noqa: BLE001
        logger.exception("Could not record search analytics")
        return None


def sign_log_id(log_id):
    """A token the client returns to ``POST /api/search/opened/``; it cannot name another row."""
    return signing.TimestampSigner(salt=TOKEN_SALT).sign(str(log_id))


def log_id_from_token(token):
    """The log id inside ``token``; raises ``signing.BadSignature`` (or ``SignatureExpired``)."""
    value = signing.TimestampSigner(salt=TOKEN_SALT).unsign(token, max_age=OPENED_WINDOW)
    return int(value)


def record_opened(log_id, answer_number, rank=None):
    """Mark the answer opened from a search; only once, and only within an hour of the search.

    Returns False when the search is unknown, too old or already has its opened answer; raises
    ValueError for an answer number or rank that no search result could have.
    """
    if not isinstance(answer_number, str) or not ANSWER_NUMBER.fullmatch(answer_number):
        raise ValueError(f"not an answer number: {answer_number!r}")
    if rank is not None and (isinstance(rank, bool) or not isinstance(rank, int) or not 1 <= rank <= MAX_RANK):
        raise ValueError(f"rank must be a whole number from 1 to {MAX_RANK}")
    now = timezone.now()
    # One conditional UPDATE: two clicks racing each other cannot both be counted.
    updated = SearchQueryLog.objects.filter(
        pk=log_id, opened_at__isnull=True, created_at__gte=now - OPENED_WINDOW, created_at__lte=now,
    ).update(opened_answer_number=answer_number, opened_rank=rank, opened_at=now)
    return updated == 1


def purge_older_than(days, *, dry_run=False):
    """Delete (or with ``dry_run`` only count) searches older than ``days`` days."""
    if days < 1:
        raise ValueError("days must be at least 1")
    old = SearchQueryLog.objects.filter(created_at__lt=timezone.now() - timedelta(days=days))
    if dry_run:
        return old.count()
    deleted, _ = old.delete()
    return deleted


def _searches(since, locale=None, scope=None):
    rows = SearchQueryLog.objects.filter(created_at__gte=since)
    if locale:
        rows = rows.filter(locale=locale)
    if scope:
        rows = rows.filter(scope=scope)
    return rows


def _grouped(rows):
    """Rows grouped by normalised query: searches, last seen, average results, share opened."""
    return (
        rows.values("normalised_query")
        .annotate(
            searches=Count("pk"),
            last_seen=Max("created_at"),
            average_results=Avg("result_count"),
            opened=Count("pk", filter=Q(opened_at__isnull=False)),
        )
        .annotate(opened_percent=Cast(F("opened"), FloatField()) * 100.0 / Cast(F("searches"), FloatField()))
    )


def top_queries(since, locale=None, scope=None):
    """The most frequent queries since ``since``, most searched first."""
    return _grouped(_searches(since, locale, scope)).order_by("-searches", "-last_seen", "normalised_query")


def zero_result_queries(since, locale=None, scope=None):
    """Queries that found nothing since ``since``: the gaps in the content, most frequent first."""
    rows = _searches(since, locale, scope).filter(result_count=0)
    return _grouped(rows).order_by("-searches", "-last_seen", "normalised_query")
