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
_last_warning = [float("-inf")]


def current(key):
    """The generation of ``key``; with the cache out of reach, a new one for this call only.

    Searches read generations too, and must not fail with the cache: a fresh value makes every
    remembered answer a miss, which is slower, never stale.
    """
    try:
        value = cache.get(key)
        if value is None:
            value = renew(key)
    except Exception:  # noqa: BLE001 - any cache backend's connection error
        if time.monotonic() - _last_warning[0] >= 60:  # at most once a minute per process
            _last_warning[0] = time.monotonic()
            logger.warning("Cache unreachable; generations are treated as changed", exc_info=True)
        value = f"unreachable-{time.time_ns():x}"
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
