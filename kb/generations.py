"""Generation counters in the shared cache: invalidate many cached values by changing one key.

Cached values put the current generation into their own keys; replacing the generation makes
every older value unreachable at once (it then expires on its own). The public page cache and the
cached "may see internal content" answers use it. A missing generation (first use, or culled by
the cache) is a new one, so a lost counter can only cause extra misses, never stale hits.
"""

import logging
import time

from django.core.cache import cache
from django.db import transaction

logger = logging.getLogger("kb.generations")


def current(key):
    value = cache.get(key)
    if value is None:
        value = renew(key)
    return value


def renew(key):
    value = f"{time.time_ns():x}"
    cache.set(key, value, None)
    return value


def renew_now_and_on_commit(key, what):
    """Renew at once, and again when the change is committed.

    A request that falls between the two still reads the old rows, and would otherwise cache
    them under the new generation. A cache outage must never fail the change itself: it is
    logged, and the cached values' own timeouts end stale copies.
    """

    def quietly():
        try:
            renew(key)
        except Exception:  # noqa: BLE001 - see the docstring
            logger.exception("Could not invalidate %s", what)

    quietly()
    transaction.on_commit(quietly)
