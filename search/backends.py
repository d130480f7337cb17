"""Which store answers, and the fallback from Elasticsearch to the database store.

Operators cannot wait for a struggling cluster: a search that Elasticsearch cannot answer within
``KB_SEARCH_TIMEOUT_MS`` is answered by the database store (which indexing keeps current in
every configuration) and says so with ``backend: "database-fallback"``. After a failure the
cluster is left alone for ``KB_SEARCH_RETRY_AFTER_S`` seconds, so every query in an outage does
not pay the timeout again.
"""

import logging
import threading
import time

from django.conf import settings

from search.stores.base import StoreUnavailable
from search.stores.database import DatabaseStore

logger = logging.getLogger("search")

DATABASE, ELASTICSEARCH, FALLBACK = "database", "elasticsearch", "database-fallback"
BACKENDS = (DATABASE, ELASTICSEARCH)
WARNING_INTERVAL_S = 60


class _Health:
    """Process-wide memory of Elasticsearch failures: when to try again, when we last warned."""

    def __init__(self):
        self.lock = threading.Lock()
        self.down_until = 0.0
        self.last_warning = float("-inf")

    def reset(self):
        with self.lock:
            self.down_until, self.last_warning = 0.0, float("-inf")

    def failed(self, error):
        now = time.monotonic()
        with self.lock:
            self.down_until = now + getattr(settings, "KB_SEARCH_RETRY_AFTER_S", 15)
            warn = now - self.last_warning >= WARNING_INTERVAL_S
            if warn:
                self.last_warning = now
        if warn:
            logger.warning("Elasticsearch unavailable, answering from the database store: %s", error)

    def skipping(self):
        return time.monotonic() < self.down_until


health = _Health()
_elasticsearch = {}


def configured_backend():
    return settings.KB_SEARCH_BACKEND


def elasticsearch_store():
    """One client per process and configuration (the client pools its connections)."""
    from search.elastic.store import ElasticsearchStore

    key = (settings.ELASTICSEARCH_URL, settings.KB_SEARCH_INDEX_PREFIX, settings.KB_SEARCH_TIMEOUT_MS)
    if key not in _elasticsearch:
        _elasticsearch.clear()
        _elasticsearch[key] = ElasticsearchStore(url=key[0], prefix=key[1], timeout_ms=key[2])
    return _elasticsearch[key]


def database_store():
    return DatabaseStore()


def primary_store():
    return elasticsearch_store() if configured_backend() == ELASTICSEARCH else database_store()


def write_stores():
    """Every store indexing must keep current: the database store always (it is the fallback)."""
    stores = [database_store()]
    if configured_backend() == ELASTICSEARCH:
        stores.append(elasticsearch_store())
    return stores


def search(request):
    if configured_backend() != ELASTICSEARCH:
        return database_store().search(request)
    if not health.skipping():
        try:
            return elasticsearch_store().search(request)
        except StoreUnavailable as error:
            health.failed(error)
    result = database_store().search(request)
    result.backend = FALLBACK
    return result
