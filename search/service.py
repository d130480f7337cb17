"""The one entry point for running a search, used by the API, the console and the benchmarks.

A search in one language also shows, after that language's own results, the entries not yet
translated into it, found in its fallback languages (kb/languages.py) and marked as such. A
search in all languages ranks every language's results together, each labelled with its own.
"""

import time
from dataclasses import replace

from kb.languages import fallback_chain, fallback_notice, language_codes
from search import backends
from search.query import ALL_LANGUAGES, FACET_SIZE, FACETS, MAX_PAGE_SIZE, SearchResult

# Reciprocal rank fusion constant (Cormack et al., 2009): scores from different languages'
# analyzers cannot be compared, ranks can.
FUSION_K = 60


def run_search(request):
    """Answer a validated SearchRequest; ``took_ms`` is the whole server-side time, fallback included."""
    started = time.perf_counter()
    if request.locale == ALL_LANGUAGES:
        result = _across_languages(request)
    elif request.with_fallbacks:
        result = _with_fallbacks(request)
    else:
        result = backends.search(request)
    result.took_ms = (time.perf_counter() - started) * 1000
    return result


def _with_fallbacks(request):
    """The language's own results, then each fallback language's results for the entries not
    live in any language before it in the chain; one page is cut from that sequence."""
    chain = fallback_chain(request.locale)
    if len(chain) == 1:
        return backends.search(request)
    start, end = request.offset, request.offset + request.page_size
    before, hits, parts = 0, [], []
    for position, language in enumerate(chain):
        # This language's results sit at [before, before + total) of the sequence.
        first = max(0, start - before)
        size = max(0, end - before - first)
        part = backends.search(replace(
            request, locale=language, exclude_translated=tuple(chain[:position]),
            first=first if size else 0, page_size=size,
        ))
        for hit in part.hits[:size]:
            if language != request.locale:
                hit.fallback, hit.notice = True, fallback_notice(request.locale, language)
            hits.append(hit)
        parts.append(part)
        before += part.total
    return _combined(parts, hits)


def _across_languages(request):
    """Every language's best results ranked together by reciprocal rank fusion.

    Each language contributes at most its first MAX_PAGE_SIZE results to the ranking, which is
    the depth an operator pages through; the total still counts every match.
    """
    depth = min(request.offset + request.page_size, MAX_PAGE_SIZE)
    parts, ranked = [], []
    for order, language in enumerate(language_codes()):
        part = backends.search(replace(request, locale=language, with_fallbacks=False, first=0, page_size=depth))
        parts.append(part)
        ranked += [(1 / (FUSION_K + rank), -order, -rank, hit) for rank, hit in enumerate(part.hits, 1)]
    ranked.sort(key=lambda item: item[:3], reverse=True)
    hits = [item[3] for item in ranked][request.offset:request.offset + request.page_size]
    return _combined(parts, hits)


def _combined(parts, hits):
    """One SearchResult from the parts' totals and facets, with ``hits`` as its page."""
    facets = {}
    for name in FACETS:
        counts = {}
        for part in parts:
            for bucket in part.facets.get(name, []):
                counts[bucket["value"]] = counts.get(bucket["value"], 0) + bucket["count"]
        ordered = sorted(counts.items(), key=lambda item: (-item[1], str(item[0])))[:FACET_SIZE]
        facets[name] = [{"value": value, "count": count} for value, count in ordered]
    backend = next((part.backend for part in parts if part.backend == backends.FALLBACK), parts[0].backend)
    return SearchResult(hits=hits, total=sum(part.total for part in parts), facets=facets, took_ms=0.0, backend=backend)
