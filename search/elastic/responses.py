"""Elasticsearch 8 search responses as SearchResults.

The query never asks for internal notes and the mapping never stores them in ``_source``; this
module still drops them, highlights of fields that may not be highlighted, and hits outside the
request's scope, so a wrong query or mapping cannot leak an operator-only text to the public.
"""

from search.elastic.queries import NEVER_RETURNED
from search.query import FACETS, HIGHLIGHT_FIELDS, Hit, SearchResult

BACKEND = "elasticsearch"


def _total(hits):
    total = hits.get("total", 0)
    return total.get("value", 0) if isinstance(total, dict) else int(total or 0)


def _hit(raw_hit):
    source = {name: value for name, value in raw_hit["_source"].items() if name not in NEVER_RETURNED}
    highlights = {name: list(fragments) for name, fragments in (raw_hit.get("highlight") or {}).items()
                  if name in HIGHLIGHT_FIELDS}
    return Hit.from_document(source, score=raw_hit.get("_score"), highlights=highlights)


def _facets(aggregations):
    return {
        name: [{"value": bucket["key"], "count": bucket["doc_count"]}
               for bucket in (aggregations.get(name) or {}).get("buckets", [])]
        for name in FACETS
    }


def parse_response(raw, request):
    """A SearchResult from the JSON body of a ``_search`` response to ``request``."""
    hits = raw.get("hits") or {}
    allowed = set(request.visibilities)
    found = [_hit(raw_hit) for raw_hit in hits.get("hits", [])]
    return SearchResult(
        hits=[hit for hit in found if hit.visibility in allowed],
        total=_total(hits),
        facets=_facets(raw.get("aggregations") or {}),
        took_ms=float(raw.get("took", 0)),
        backend=BACKEND,
    )
