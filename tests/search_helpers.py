"""Shortcuts for search tests: run a search the way the API does."""

from search.query import OPERATOR, PUBLIC, SearchRequest
from search.service import run_search


def search(text, locale="ro", scope=PUBLIC, **filters):
    return run_search(SearchRequest(text=text, locale=locale, scope=scope, **filters))


def numbers(result):
    return [hit.answer_number for hit in result.hits]


def operator_search(text, locale="ro", **filters):
    return search(text, locale, scope=OPERATOR, **filters)
