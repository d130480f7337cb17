"""Index names and the settings and mappings of one locale's index.

Each locale has a concrete index ``{prefix}-{locale}-{UTC timestamp}`` reached through the alias
``{prefix}-{locale}``; a rebuild writes a new concrete index and moves the alias.
"""

import re
from datetime import datetime, timezone

from elasticsearch_dsl import Index, Mapping, field

from search.elastic import analysis

# Filter and facet fields: exact values, never analysed.
KEYWORD_FIELDS = (
    "id", "page_id", "translation_key", "locale", "answer_number", "url", "category_path", "category_top",
    "category_ancestors", "countries", "audiences", "migration_phases", "visibility", "sensitivity",
    "verification_status", "translations",
)
# Text fields that also get an edge n-gram ``.prefix`` sub-field for as-you-type.
PREFIXED_TEXT_FIELDS = ("question", "phrasings", "keywords")
TEXT_FIELDS = ("short_answer", "answer_text", "internal_notes", "category_name")
# Indexed for searching but never stored in _source, so no response can carry them.
UNRETURNED_FIELDS = ("internal_notes", "translit")


def alias_name(prefix, locale):
    return f"{prefix}-{locale}"


def new_index_name(prefix, locale, now=None):
    stamp = (now or datetime.now(timezone.utc)).strftime("%Y%m%d%H%M%S%f")
    return f"{alias_name(prefix, locale)}-{stamp}"


def is_index_of(name, prefix, locale):
    """Whether ``name`` is one of the concrete indices this store writes for ``locale``."""
    return re.fullmatch(re.escape(alias_name(prefix, locale)) + r"-\d{20}", name) is not None


def _text(language, **extra):
    return field.Text(
        analyzer=analysis.text_analyzer(language), search_analyzer=analysis.search_analyzer(language), **extra,
    )


def _prefix(language):
    return field.Text(
        analyzer=analysis.prefix_analyzer(language), search_analyzer=analysis.prefix_search_analyzer(language),
    )


def locale_mapping(locale):
    if locale not in analysis.LANGUAGES:
        raise ValueError(f"No Elasticsearch analysis for locale {locale!r}")
    mapping = Mapping()
    # Documents carry exactly the fields below; anything new is kept in _source but not indexed.
    mapping.meta("dynamic", False)
    mapping.meta("_source", excludes=list(UNRETURNED_FIELDS))
    for name in KEYWORD_FIELDS:
        mapping.field(name, field.Keyword())
    mapping.field("review_due", field.Date())
    for name in PREFIXED_TEXT_FIELDS:
        mapping.field(name, _text(locale, fields={"prefix": _prefix(locale)}))
    for name in TEXT_FIELDS:
        mapping.field(name, _text(locale))
    if locale in analysis.CYRILLIC:
        mapping.field("translit", field.Text(
            analyzer=analysis.translit_analyzer,
            fields={"prefix": field.Text(
                analyzer=analysis.translit_prefix_analyzer, search_analyzer=analysis.translit_analyzer)},
        ))
    return mapping


def locale_index(name, locale, shards=1, replicas=0):
    """An elasticsearch-dsl Index for ``locale`` under the concrete ``name``."""
    index = Index(name)
    index.settings(number_of_shards=shards, number_of_replicas=replicas)
    index.mapping(locale_mapping(locale))
    return index


def index_body(locale, shards=1, replicas=0):
    """Settings and mappings of a ``locale`` index, as sent to the create-index API."""
    return locale_index("unnamed", locale, shards, replicas).to_dict()
