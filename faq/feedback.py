"""Readers' "Was this helpful?" votes (issue 7 point 2): counting, the rate limit and the counts for reports.

Votes are anonymous on purpose: a reader of an asylum FAQ must be able to say "no" without
leaving a trace. The database keeps only daily counts (``EntryFeedback``). Who voted is known
only to the cache, as a keyed hash of address, browser and day that changes every day and
expires with it; the hash cannot be turned back into an address without the secret key, and
yesterday's hashes cannot be linked to today's.
"""

import enum
from datetime import datetime, time, timedelta

from django.conf import settings
from django.core.cache import cache
from django.db.models import F, FloatField, Q, Sum, Value
from django.db.models.functions import Cast, Coalesce, NullIf
from django.utils import timezone
from django.utils.crypto import salted_hmac

from kb.counters import add_to_counter

from .models import EntryFeedback
from .vocabulary import FeedbackReason

# Generous for a reader going through a topic, small for a script; KB_FEEDBACK_VOTES_PER_HOUR overrides it.
VOTES_PER_HOUR = 20
KEY_SALT = "faq.feedback.client"
CACHE_PREFIX = "kb:feedback"


class VoteOutcome(enum.StrEnum):
    RECORDED = "recorded"
    DUPLICATE = "duplicate"
    RATE_LIMITED = "rate_limited"
    INVALID = "invalid"


class VoteProblem(enum.StrEnum):
    """Why a vote is invalid; the view words each one for the reader."""

    REASON_REQUIRED = "reason_required"
    REASON_UNKNOWN = "reason_unknown"
    REASON_NOT_ALLOWED = "reason_not_allowed"


def votes_per_hour():
    return getattr(settings, "KB_FEEDBACK_VOTES_PER_HOUR", VOTES_PER_HOUR)


# --- who is voting -------------------------------------------------------------------------


def client_address(request):
    """The reader's address: ``REMOTE_ADDR``, or with ``KB_CLIENT_IP_HEADER`` set (behind a proxy
    that appends to X-Forwarded-For) the last address in that header, the one our proxy saw;
    earlier ones are whatever the client chose to send."""
    header = getattr(settings, "KB_CLIENT_IP_HEADER", None)
    if header:
        forwarded = [part.strip() for part in request.META.get(header, "").split(",") if part.strip()]
        if forwarded:
            return forwarded[-1]
    return request.META.get("REMOTE_ADDR", "")


def client_key(request, day=None):
    """A keyed hash of address, browser and day: enough to tell repeat votes apart, never stored
    in the database, and unrelated from one day to the next."""
    day = day or timezone.localdate()
    user_agent = request.META.get("HTTP_USER_AGENT", "")[:500]
    value = f"{day.isoformat()}\n{client_address(request)}\n{user_agent}"
    return salted_hmac(KEY_SALT, value, algorithm="sha256").hexdigest()


# --- recording -----------------------------------------------------------------------------


def vote_problem(helpful, reason):
    """``None`` for a valid vote, else a ``VoteProblem``.

    A "no" needs one of the reasons, which is what tells editors what to fix; a "yes" carries
    none, so that every "no" row says why and the yes count is one number.
    """
    if not isinstance(helpful, bool) or not isinstance(reason, str):
        return VoteProblem.REASON_UNKNOWN
    if helpful:
        return VoteProblem.REASON_NOT_ALLOWED if reason else None
    if not reason:
        return VoteProblem.REASON_REQUIRED
    return None if reason in FeedbackReason.values else VoteProblem.REASON_UNKNOWN


def record_vote(page, helpful, reason, client_key, *, now=None):
    """Count one vote on ``page`` unless it is invalid, a repeat or over the limit; returns a ``VoteOutcome``.

    A client may vote once per entry (all its languages together) per day and at most
    ``votes_per_hour()`` times an hour. A repeat is answered like a success to the reader but
    not counted, so reloading or double-clicking cannot tilt the numbers.
    """
    if vote_problem(helpful, reason) is not None:
        return VoteOutcome.INVALID
    now = now or timezone.now()
    day = timezone.localdate(now)
    vote_key = f"{CACHE_PREFIX}:vote:{client_key}:{page.translation_key}"
    if cache.get(vote_key) is not None:
        return VoteOutcome.DUPLICATE
    if _votes_this_hour(client_key, now) > votes_per_hour():
        return VoteOutcome.RATE_LIMITED
    # add() is the check that holds when two requests race; the get() above only spares the hourly count.
    if not cache.add(vote_key, 1, _seconds_left_in_day(now)):
        return VoteOutcome.DUPLICATE
    _count(page, day, helpful, reason)
    return VoteOutcome.RECORDED


def _votes_this_hour(client_key, now):
    """This client's votes in the current clock hour, including the one being counted."""
    key = f"{CACHE_PREFIX}:hour:{client_key}:{now:%Y%m%d%H}"
    cache.add(key, 0, 3600)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.set(key, 1, 3600)
        return 1


def _seconds_left_in_day(now):
    """Until local midnight, when the client key changes anyway; at least a minute."""
    local = timezone.localtime(now)
    midnight = timezone.make_aware(datetime.combine(local.date() + timedelta(days=1), time.min), local.tzinfo)
    return max(int((midnight - local).total_seconds()), 60)


def _count(page, day, helpful, reason):
    add_to_counter(EntryFeedback, "count", 1, page=page, day=day, helpful=helpful, reason=reason)


# --- reports -------------------------------------------------------------------------------


def reason_field(code):
    return f"reason_{code}"


def feedback_counts(since=None, until=None, language=None):
    """Per entry and language with any vote from ``since`` to ``until`` (dates, inclusive):
    yes, no, the share of yes in percent and the no votes per reason; most "no" first.

    Rows are dicts with ``page_id``, ``answer_number``, ``title``, ``language``, ``yes``, ``no``,
    ``share_helpful`` and one ``reason_<code>`` per ``FeedbackReason``.
    """
    rows = EntryFeedback.objects.all()
    if since:
        rows = rows.filter(day__gte=since)
    if until:
        rows = rows.filter(day__lte=until)
    if language:
        rows = rows.filter(page__locale__language_code=language)
    by_reason = {
        reason_field(code): Coalesce(Sum("count", filter=Q(helpful=False, reason=code)), 0)
        for code in FeedbackReason.values
    }
    return (
        rows.values("page_id")
        .annotate(
            answer_number=F("page__answer_number"),
            title=F("page__title"),
            language=F("page__locale__language_code"),
            yes=Coalesce(Sum("count", filter=Q(helpful=True)), 0),
            no=Coalesce(Sum("count", filter=Q(helpful=False)), 0),
            **by_reason,
        )
        .annotate(share_helpful=(
            Cast(F("yes"), FloatField()) * Value(100.0) / NullIf(Cast(F("yes") + F("no"), FloatField()), Value(0.0))
        ))
        .order_by("-no", "share_helpful", "answer_number", "language")
    )


def period_start(days, today=None):
    """The first day of the last ``days`` days, today included."""
    return (today or timezone.localdate()) - timedelta(days=days - 1)
