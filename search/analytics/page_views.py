"""Public page views of entries, counted per page and day for "most viewed questions".

Counting happens in the page cache middleware (kb/page_cache.py), so a page served from the
cache still counts. Crawlers, link checkers and audit tools announce themselves in their user
agent and are left out: they would rank whatever they happen to crawl first.
"""

import atexit
import logging
import re
import threading
import time
from collections import Counter
from datetime import timedelta

from django.conf import settings
from django.db.models import Sum
from django.utils import timezone

from kb.counters import add_to_counter

from .models import EntryViewDay

logger = logging.getLogger("search.analytics")

ROBOTS = re.compile(r"bot|crawl|spider|slurp|lighthouse|pagespeed|preview|monitor|curl|wget|python-", re.IGNORECASE)
POPULAR_WINDOW_DAYS = 30


def is_robot(user_agent):
    return bool(ROBOTS.search(user_agent or ""))


class ViewBuffer:
    """Views counted in this worker's memory and written in one batch every few seconds.

    A cached entry page is served in a few milliseconds; a database write per view would double
    that and make readers queue behind one row's lock. What a crash can lose is the last
    ``KB_VIEW_FLUSH_SECONDS`` of one worker's counts, which ranks nothing differently.
    """

    def __init__(self):
        self.lock = threading.Lock()
        self.counts = Counter()
        self.last_flush = time.monotonic()

    def add(self, page_id, day):
        with self.lock:
            self.counts[(page_id, day)] += 1
            due = time.monotonic() - self.last_flush >= settings.KB_VIEW_FLUSH_SECONDS
        if due:
            self.flush()

    def flush(self):
        with self.lock:
            counts, self.counts = self.counts, Counter()
            self.last_flush = time.monotonic()
        for (page_id, day), views in counts.items():
            _add_views(page_id, day, views)


def _add_views(page_id, day, views):
    try:
        add_to_counter(EntryViewDay, "views", views, page_id=page_id, day=day)
    except Exception:  # noqa: BLE001 - analytics never break a page
        logger.exception("Could not count %s views of page %s", views, page_id)


_buffer = ViewBuffer()
# A worker stopped by gunicorn (a restart, a deploy) writes what it still holds.
atexit.register(_buffer.flush)


def record_view(page_id, request=None, day=None):
    """Count one public view of an entry; written with the worker's next batch."""
    if request is not None and is_robot(request.META.get("HTTP_USER_AGENT", "")):
        return
    _buffer.add(page_id, day or timezone.localdate())


def most_viewed_translation_keys(limit, days=POPULAR_WINDOW_DAYS, today=None):
    """Translation keys of the entries viewed most in the last ``days``, all languages together:
    a question asked often in Russian is a popular question for Romanian readers too."""
    since = (today or timezone.localdate()) - timedelta(days=days)
    rows = (
        EntryViewDay.objects.filter(day__gt=since).values("page__translation_key")
        .annotate(total=Sum("views")).order_by("-total", "page__translation_key")[:limit]
    )
    return [row["page__translation_key"] for row in rows]
