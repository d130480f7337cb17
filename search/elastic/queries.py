"""The one place Elasticsearch query bodies are built, for every search the API and console run.

Boosts follow how much a field says about what an entry answers: the question and the other
phrasings of it first, then keywords, the short answer and the full answer. Internal notes are
searched only in operator scope, with a low boost, and are never highlighted or returned.
"""

import re
from functools import lru_cache

from elasticsearch_dsl import Q, Search

from search import synonyms
from search.analysis import STOP_WORDS
from search.elastic.analysis import CYRILLIC
from search.query import (
    FACET_SIZE, FACETS, HIGHLIGHT_FIELDS, MAX_PAGE_SIZE, MINIMUM_MATCH_ALL_UP_TO, MINIMUM_MATCH_SHARE, OPERATOR,
)
from search.transliteration import fold, has_cyrillic, skeleton

MAX_WINDOW = 10_000  # Elasticsearch's default index.max_result_window
# One or two words must all match; from three words on, one in four may be missing (natural
# questions carry words no entry uses).
# The database stores' rule (search/query.py, required_groups) in Elasticsearch's notation: "2<75%".
MINIMUM_MATCH = f"{MINIMUM_MATCH_ALL_UP_TO}<{round(MINIMUM_MATCH_SHARE * 100)}%"
TEXT_FIELDS = ["question^4", "phrasings^4", "keywords^3", "short_answer^2", "answer_text^1"]
PREFIX_FIELDS = ["question.prefix^3", "phrasings.prefix^3", "keywords.prefix^2"]
NEVER_RETURNED = ["internal_notes", "translit"]
# Short fields come back whole; long ones as a few small fragments.
HIGHLIGHT_OPTIONS = {"question": {"number_of_fragments": 0}, "phrasings": {"number_of_fragments": 0}}
FRAGMENTS = {"fragment_size": 150, "number_of_fragments": 2}

_WORD = re.compile(r"[^\W_]+(?:['’ʼ][^\W_]+)*")


def has_words(text):
    return bool(_WORD.search(text or ""))


def _folded(word):
    return fold(word).replace("’", "'").replace("ʼ", "'")


@lru_cache(maxsize=None)
def _synonym_phrases(language):
    """Folded multi-word synonym terms, as tuples of words."""
    return frozenset(
        words for group in synonyms.groups(language) for term in group
        if len(words := tuple(_folded(word) for word in _WORD.findall(term))) > 1
    )


def search_text(text, language):
    """The words of ``text`` worth searching: stop words go, except inside a synonym term.

    The analyzers have no stop filter (see search.elastic.analysis), so this is where "cum",
    "de" and "на" leave the query; "permis de ședere" keeps its "de" so the synonym rule matches.
    A query of nothing but stop words is searched as typed.
    """
    words = _WORD.findall(text)
    folded = [_folded(word) for word in words]
    keep = [word not in STOP_WORDS.get(language, ()) for word in folded]
    phrases = _synonym_phrases(language)
    longest = max((len(phrase) for phrase in phrases), default=0)
    for start in range(len(words)):
        for size in range(2, longest + 1):
            if tuple(folded[start:start + size]) in phrases:
                keep[start:start + size] = [True] * size
    return " ".join(word for word, kept in zip(words, keep) if kept) or " ".join(words)


def _text_clauses(request):
    text = search_text(request.text, request.locale)
    clauses = [
        Q("multi_match", query=text, type="best_fields", fields=TEXT_FIELDS, fuzziness="AUTO",
          prefix_length=1, operator="or", minimum_should_match=MINIMUM_MATCH, tie_breaker=0.3),
        # As-you-type: the last word may be unfinished; the n-gram sub-fields match its prefix.
        Q("multi_match", query=text, type="bool_prefix", fields=PREFIX_FIELDS, minimum_should_match=MINIMUM_MATCH),
        # The question (or one of its phrasings) as typed ranks above scattered matches.
        Q("multi_match", query=text, type="phrase", fields=["question", "phrasings"], slop=2, boost=3),
    ]
    if request.locale in CYRILLIC and not has_cyrillic(text) and (latin := skeleton(request.text, request.locale)):
        clauses += [
            Q("match", translit={"query": latin, "fuzziness": "AUTO", "prefix_length": 1,
                                 "minimum_should_match": MINIMUM_MATCH, "boost": 2}),
            Q("match_bool_prefix", **{"translit.prefix": {"query": latin, "minimum_should_match": MINIMUM_MATCH}}),
        ]
    if request.scope == OPERATOR:
        clauses.append(Q("match", internal_notes={"query": text, "minimum_should_match": MINIMUM_MATCH, "boost": 0.5}))
    return clauses


def _filters(request):
    filters = [Q("terms", visibility=list(request.visibilities))]
    if request.category:
        filters.append(Q("term", category_ancestors=request.category))
    if request.country:
        filters.append(Q("term", countries=request.country))
    if request.audience:
        filters.append(Q("term", audiences=request.audience))
    if request.due_from:
        filters.append(Q("bool", should=[
            Q("term", verification_status="unsourced"), Q("range", review_due={"gte": request.due_from}),
        ], minimum_should_match=1))
    if request.exclude_translated:
        filters.append(Q("bool", must_not=[Q("terms", translations=list(request.exclude_translated))]))
    return filters


def _window(request):
    """(from, size): the page asked for, capped at MAX_PAGE_SIZE and inside the result window."""
    size = max(0, min(request.page_size, MAX_PAGE_SIZE))
    start = min(max(0, request.offset), MAX_WINDOW)
    return start, min(size, MAX_WINDOW - start)


def build_search(request):
    """The Search for ``request``; the caller sets the index (the locale's alias) and the client."""
    searching = has_words(request.text)
    must = [Q("bool", should=_text_clauses(request), minimum_should_match=1)] if searching else [Q("match_all")]
    search = Search().query(Q("bool", must=must, filter=_filters(request)))
    for name, field_name in FACETS.items():
        search.aggs.bucket(name, "terms", field=field_name, size=FACET_SIZE)
    start, size = _window(request)
    search = search.source(excludes=NEVER_RETURNED).extra(from_=start, size=size)
    if not searching:
        return search.sort("answer_number")
    search = search.highlight_options(pre_tags=["<mark>"], post_tags=["</mark>"], encoder="html")
    for name in HIGHLIGHT_FIELDS:
        search = search.highlight(name, **HIGHLIGHT_OPTIONS.get(name, FRAGMENTS))
    return search


def query_body(request):
    return build_search(request).to_dict()
