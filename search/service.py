"""The one entry point for running a search, used by the API, the console and the benchmarks."""

import time

from search import backends


def run_search(request):
    """Answer a validated SearchRequest; ``took_ms`` is the whole server-side time, fallback included."""
    started = time.perf_counter()
    result = backends.search(request)
    result.took_ms = (time.perf_counter() - started) * 1000
    return result
