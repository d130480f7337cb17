"""Analyzers per language for the Elasticsearch indices.

Every language has four analyzers: ``<lang>_text`` (index time), ``<lang>_search`` (the same plus
synonyms), and ``<lang>_prefix`` / ``<lang>_prefix_search`` for the as-you-type sub-fields
(edge n-grams of folded words at index time, the plain folded words at search time).

Synonyms come right after lowercasing and folding, so the rules in search/synonyms match
whatever diacritics a caller typed, and before stemming. Elasticsearch parses each rule with the
filters that precede the synonym filter.

There is deliberately no stop filter. Many synonym terms contain stop words ("permis de ședere",
"вид на жительство"): a stop filter before the synonym filter rejects such rules, and one after
it breaks their token graph so the query matches nothing (the Elasticsearch synonym_graph
documentation warns against it; elastic/elasticsearch#28838). Stop words are instead dropped
from the query text by search.elastic.queries, with the database store's lists, except inside a
synonym term; entries are indexed with them, which only costs a little space.

Ukrainian is not stemmed: Elasticsearch has no built-in Ukrainian stemmer and the
analysis-ukrainian plugin is not assumed to be installed. Fuzzy matching and the edge n-gram
sub-fields catch most inflected forms instead ("дозволу" is two edits from "дозвіл", and shares
its prefix).
"""

from elasticsearch_dsl import analyzer, char_filter, token_filter

from search import synonyms

LANGUAGES = ("ro", "ru", "uk", "en")
CYRILLIC = ("ru", "uk")
PREFIX_MIN_GRAM, PREFIX_MAX_GRAM = 2, 20

edge_ngrams = token_filter("prefix_edge_ngram", "edge_ngram", min_gram=PREFIX_MIN_GRAM, max_gram=PREFIX_MAX_GRAM)

# ё is written е in most Russian text (and by nearly every caller): index and search both as е.
russian_yo = char_filter("ru_yo", "mapping", mappings=["ё => е", "Ё => Е"])
# Ukrainian apostrophes come in three shapes; the standard tokenizer keeps ' inside a word.
ukrainian_apostrophe = char_filter("uk_apostrophe", "mapping", mappings=["’ => '", "ʼ => '"])

CHAR_FILTERS = {"ro": [], "ru": [russian_yo], "uk": [ukrainian_apostrophe], "en": []}

# Lowercasing and folding: what both the text and the prefix analyzers start with.
# English keeps asciifolding because its answers name Romanian places and institutions.
NORMALISE = {
    "ro": ["lowercase", "asciifolding"],
    "ru": ["lowercase"],
    "uk": ["lowercase"],
    "en": ["lowercase", "asciifolding", token_filter("en_possessive", "stemmer", language="possessive_english")],
}

STEMMERS = {"ro": "romanian", "ru": "russian", "en": "english"}


def synonym_filter(language):
    """Synonyms inline, not by path: the rule files live in this repository, not on the ES nodes."""
    return token_filter(f"{language}_synonyms", "synonym_graph", synonyms=synonyms.rules(language))


def _stemming(language):
    """No stemmer for Ukrainian (see the module docstring)."""
    if language not in STEMMERS:
        return []
    return [token_filter(f"{language}_stemmer", "stemmer", language=STEMMERS[language])]


def text_analyzer(language):
    return analyzer(
        f"{language}_text", tokenizer="standard", char_filter=CHAR_FILTERS[language],
        filter=[*NORMALISE[language], *_stemming(language)],
    )


def search_analyzer(language):
    return analyzer(
        f"{language}_search", tokenizer="standard", char_filter=CHAR_FILTERS[language],
        filter=[*NORMALISE[language], synonym_filter(language), *_stemming(language)],
    )


def prefix_analyzer(language):
    return analyzer(
        f"{language}_prefix", tokenizer="standard", char_filter=CHAR_FILTERS[language],
        filter=[*NORMALISE[language], edge_ngrams],
    )


def prefix_search_analyzer(language):
    return analyzer(
        f"{language}_prefix_search", tokenizer="standard", char_filter=CHAR_FILTERS[language],
        filter=list(NORMALISE[language]),
    )


# The Latin skeleton of Cyrillic entries (search.transliteration) is already folded and
# normalised in Python; here it only needs splitting, and n-grams for as-you-type.
translit_analyzer = analyzer("translit", tokenizer="whitespace", filter=["lowercase"])
translit_prefix_analyzer = analyzer("translit_prefix", tokenizer="whitespace", filter=["lowercase", edge_ngrams])
