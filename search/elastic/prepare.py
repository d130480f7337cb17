"""The document Elasticsearch receives for a SearchDocument.

It is the search document itself plus two fields only Elasticsearch needs: the category path
and its ancestors (so a filter on "work" also finds "work/permits"), and for Russian and
Ukrainian the Latin skeleton of the question, phrasings and keywords, for callers who type
Cyrillic words on a Latin keyboard.
"""

from search.elastic.analysis import CYRILLIC
from search.transliteration import skeleton


def category_ancestors(category_path):
    """["top", "top/sub"] for "top/sub": every path a category filter may name."""
    parts = [part for part in category_path.split("/") if part]
    return ["/".join(parts[:end]) for end in range(1, len(parts) + 1)]


def translit_source(document):
    return " ".join([document.question, *document.phrasings, *document.keywords])


def prepare(document):
    """The ``_source`` to index for ``document`` (internal notes included: the mapping keeps them out of _source)."""
    source = document.as_dict()
    source["category_ancestors"] = category_ancestors(document.category_path)
    if document.locale in CYRILLIC:
        source["translit"] = skeleton(translit_source(document), document.locale)
    return source
