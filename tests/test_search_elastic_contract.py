"""The Elasticsearch store's contract with the cluster, checked without a server.

What we send (index settings and mappings, documents, query bodies) is compared with the exact
expected JSON; what we receive is parsed from responses in the documented Elasticsearch 8 format.
"""

import json
import time
from pathlib import Path

import pytest

from search import synonyms
from search.documents import SearchDocument
from search.elastic.mapping import alias_name, index_body, is_index_of, new_index_name
from search.elastic.prepare import prepare
from search.elastic.queries import build_search, query_body, search_text
from search.elastic.responses import parse_response
from search.elastic.store import ElasticsearchStore, stale_indices, swap_actions
from search.query import OPERATOR, SearchRequest
from search.stores.base import StoreUnavailable

pytestmark = pytest.mark.smoke

DATA = Path(__file__).parent / "data" / "elasticsearch"


def load(name):
    return json.loads((DATA / name).read_text(encoding="utf-8"))


# Index settings and mappings -----------------------------------------------------------------

KEYWORDS = {
    name: {"type": "keyword"} for name in (
        "id", "page_id", "translation_key", "locale", "answer_number", "url", "category_path", "category_top",
        "category_ancestors", "countries", "audiences", "migration_phases", "visibility", "sensitivity",
        "verification_status", "translations",
    )
}


def text_properties(lang):
    analysed = {"type": "text", "analyzer": f"{lang}_text", "search_analyzer": f"{lang}_search"}
    prefix = {"prefix": {"type": "text", "analyzer": f"{lang}_prefix", "search_analyzer": f"{lang}_prefix_search"}}
    return {
        "question": {**analysed, "fields": prefix},
        "phrasings": {**analysed, "fields": prefix},
        "keywords": {**analysed, "fields": prefix},
        "short_answer": analysed,
        "answer_text": analysed,
        "internal_notes": analysed,
        "category_name": analysed,
    }


TRANSLIT_PROPERTY = {
    "translit": {
        "type": "text", "analyzer": "translit",
        "fields": {"prefix": {"type": "text", "analyzer": "translit_prefix", "search_analyzer": "translit"}},
    },
}
TRANSLIT_ANALYZERS = {
    "translit": {"type": "custom", "tokenizer": "whitespace", "filter": ["lowercase"]},
    "translit_prefix": {"type": "custom", "tokenizer": "whitespace", "filter": ["lowercase", "prefix_edge_ngram"]},
}
EDGE_NGRAM = {"prefix_edge_ngram": {"type": "edge_ngram", "min_gram": 2, "max_gram": 20}}
ONE_SHARD = {"number_of_shards": 1, "number_of_replicas": 0}


def mappings(lang, *extra):
    properties = {**KEYWORDS, "review_due": {"type": "date"}, **text_properties(lang)}
    for more in extra:
        properties.update(more)
    return {"dynamic": False, "_source": {"excludes": ["internal_notes", "translit"]}, "properties": properties}


def synonym_filter(lang):
    return {f"{lang}_synonyms": {"type": "synonym_graph", "synonyms": synonyms.rules(lang)}}


EXPECTED_RO = {
    "settings": {
        **ONE_SHARD,
        "analysis": {
            "analyzer": {
                "ro_text": {"type": "custom", "tokenizer": "standard", "filter": [
                    "lowercase", "asciifolding", "ro_stemmer"]},
                "ro_search": {"type": "custom", "tokenizer": "standard", "filter": [
                    "lowercase", "asciifolding", "ro_synonyms", "ro_stemmer"]},
                "ro_prefix": {"type": "custom", "tokenizer": "standard", "filter": [
                    "lowercase", "asciifolding", "prefix_edge_ngram"]},
                "ro_prefix_search": {"type": "custom", "tokenizer": "standard", "filter": [
                    "lowercase", "asciifolding"]},
            },
            "filter": {
                **synonym_filter("ro"),
                "ro_stemmer": {"type": "stemmer", "language": "romanian"},
                **EDGE_NGRAM,
            },
        },
    },
    "mappings": mappings("ro"),
}

EXPECTED_RU = {
    "settings": {
        **ONE_SHARD,
        "analysis": {
            "analyzer": {
                "ru_text": {"type": "custom", "tokenizer": "standard", "char_filter": ["ru_yo"], "filter": [
                    "lowercase", "ru_stemmer"]},
                "ru_search": {"type": "custom", "tokenizer": "standard", "char_filter": ["ru_yo"], "filter": [
                    "lowercase", "ru_synonyms", "ru_stemmer"]},
                "ru_prefix": {"type": "custom", "tokenizer": "standard", "char_filter": ["ru_yo"], "filter": [
                    "lowercase", "prefix_edge_ngram"]},
                "ru_prefix_search": {"type": "custom", "tokenizer": "standard", "char_filter": ["ru_yo"], "filter": [
                    "lowercase"]},
                **TRANSLIT_ANALYZERS,
            },
            "filter": {
                **synonym_filter("ru"),
                "ru_stemmer": {"type": "stemmer", "language": "russian"},
                **EDGE_NGRAM,
            },
            "char_filter": {"ru_yo": {"type": "mapping", "mappings": ["ё => е", "Ё => Е"]}},
        },
    },
    "mappings": mappings("ru", TRANSLIT_PROPERTY),
}

EXPECTED_UK = {
    "settings": {
        **ONE_SHARD,
        "analysis": {
            "analyzer": {
                "uk_text": {"type": "custom", "tokenizer": "standard", "char_filter": ["uk_apostrophe"], "filter": [
                    "lowercase"]},
                "uk_search": {"type": "custom", "tokenizer": "standard", "char_filter": ["uk_apostrophe"], "filter": [
                    "lowercase", "uk_synonyms"]},
                "uk_prefix": {"type": "custom", "tokenizer": "standard", "char_filter": ["uk_apostrophe"], "filter": [
                    "lowercase", "prefix_edge_ngram"]},
                "uk_prefix_search": {"type": "custom", "tokenizer": "standard", "char_filter": ["uk_apostrophe"],
                                     "filter": ["lowercase"]},
                **TRANSLIT_ANALYZERS,
            },
            # No stemmer: Elasticsearch has no built-in Ukrainian one.
            "filter": {**synonym_filter("uk"), **EDGE_NGRAM},
            "char_filter": {"uk_apostrophe": {"type": "mapping", "mappings": ["’ => '", "ʼ => '"]}},
        },
    },
    "mappings": mappings("uk", TRANSLIT_PROPERTY),
}

EXPECTED_EN = {
    "settings": {
        **ONE_SHARD,
        "analysis": {
            "analyzer": {
                "en_text": {"type": "custom", "tokenizer": "standard", "filter": [
                    "lowercase", "asciifolding", "en_possessive", "en_stemmer"]},
                "en_search": {"type": "custom", "tokenizer": "standard", "filter": [
                    "lowercase", "asciifolding", "en_possessive", "en_synonyms", "en_stemmer"]},
                "en_prefix": {"type": "custom", "tokenizer": "standard", "filter": [
                    "lowercase", "asciifolding", "en_possessive", "prefix_edge_ngram"]},
                "en_prefix_search": {"type": "custom", "tokenizer": "standard", "filter": [
                    "lowercase", "asciifolding", "en_possessive"]},
            },
            "filter": {
                "en_possessive": {"type": "stemmer", "language": "possessive_english"},
                **synonym_filter("en"),
                "en_stemmer": {"type": "stemmer", "language": "english"},
                **EDGE_NGRAM,
            },
        },
    },
    "mappings": mappings("en"),
}


@pytest.mark.parametrize(("locale", "expected"), [
    ("ro", EXPECTED_RO), ("ru", EXPECTED_RU), ("uk", EXPECTED_UK), ("en", EXPECTED_EN),
])
def test_index_body_of_each_locale_is_the_contract(locale, expected):
    assert index_body(locale) == expected


def test_synonyms_are_sent_inline_from_the_repository_files():
    synonym_filter = index_body("ro")["settings"]["analysis"]["filter"]["ro_synonyms"]
    assert "synonyms_path" not in synonym_filter
    assert "permis de ședere, permis de rezidență, carte de rezidență" in synonym_filter["synonyms"]
    assert len(synonym_filter["synonyms"]) >= 30


def test_shards_and_replicas_are_configurable():
    settings = index_body("ro", shards=3, replicas=2)["settings"]
    assert (settings["number_of_shards"], settings["number_of_replicas"]) == (3, 2)


def test_an_unsupported_locale_has_no_index():
    with pytest.raises(ValueError):
        index_body("fr")


def test_index_names_are_the_alias_plus_a_utc_timestamp():
    from datetime import datetime, timezone

    name = new_index_name("kb-faq", "ro", now=datetime(2025, 3, 1, 12, 30, 5, 123456, tzinfo=timezone.utc))
    assert alias_name("kb-faq", "ro") == "kb-faq-ro"
    assert name == "kb-faq-ro-20250301123005123456"
    assert is_index_of(name, "kb-faq", "ro")
    assert not is_index_of(name, "kb-faq", "ru")
    assert not is_index_of("kb-faq-ro", "kb-faq", "ro")
    assert not is_index_of("kb-faq-test-ro-20250301123005123456", "kb-faq", "ro")


# Prepared documents ----------------------------------------------------------------------------

def document(**fields):
    base = dict(
        id="ro:41", page_id=41, translation_key="7d1f0c1e-8a53-4b43-9a51-2b8f6d1c0a41", locale="ro",
        answer_number="A-0041", url="/ro/intrebari/permis-de-sedere/", question="Cum obțin permisul de ședere?",
        phrasings=["Unde depun actele pentru permisul de ședere?"], keywords=["permis de ședere"],
        short_answer="Depuneți cererea la Biroul Migrație și Azil.",
        answer_text="Cererea se depune cu pașaportul valabil.",
        internal_notes="Verificați dacă apelantul are viză.",
        category_path="documente/sedere", category_top="documente", category_name="Ședere",
        countries=["MD"], audiences=["foreigner-in-moldova"], migration_phases=["in-destination"],
        visibility="public", sensitivity="none", verification_status="current", review_due="2025-09-30",
        translations=["ro", "ru", "uk"],
    )
    return SearchDocument(**{**base, **fields})


def test_prepared_romanian_document():
    assert prepare(document()) == {
        "id": "ro:41", "page_id": 41, "translation_key": "7d1f0c1e-8a53-4b43-9a51-2b8f6d1c0a41", "locale": "ro",
        "answer_number": "A-0041", "url": "/ro/intrebari/permis-de-sedere/", "question": "Cum obțin permisul de ședere?",
        "phrasings": ["Unde depun actele pentru permisul de ședere?"], "keywords": ["permis de ședere"],
        "short_answer": "Depuneți cererea la Biroul Migrație și Azil.",
        "answer_text": "Cererea se depune cu pașaportul valabil.",
        "internal_notes": "Verificați dacă apelantul are viză.",
        "category_path": "documente/sedere", "category_top": "documente", "category_name": "Ședere",
        "category_ancestors": ["documente", "documente/sedere"],
        "countries": ["MD"], "audiences": ["foreigner-in-moldova"], "migration_phases": ["in-destination"],
        "visibility": "public", "sensitivity": "none", "verification_status": "current", "review_due": "2025-09-30",
        "translations": ["ro", "ru", "uk"],
    }


def test_prepared_russian_document_carries_the_latin_skeleton():
    prepared = prepare(document(
        id="ru:42", page_id=42, locale="ru", url="/ru/voprosy/vnzh/", question="Как получить вид на жительство в Молдове?",
        phrasings=["ВНЖ Молдова"], keywords=["вид на жительство"], short_answer="Подайте заявление в БМУ.",
        answer_text="Заявление подается с паспортом.", internal_notes="", category_path="dokumenty",
        category_top="dokumenty", category_name="Документы", countries=[], audiences=[], migration_phases=[],
        verification_status="due_soon", review_due=None,
    ))
    assert prepared == {
        "id": "ru:42", "page_id": 42, "translation_key": "7d1f0c1e-8a53-4b43-9a51-2b8f6d1c0a41", "locale": "ru",
        "answer_number": "A-0041", "url": "/ru/voprosy/vnzh/", "question": "Как получить вид на жительство в Молдове?",
        "phrasings": ["ВНЖ Молдова"], "keywords": ["вид на жительство"], "short_answer": "Подайте заявление в БМУ.",
        "answer_text": "Заявление подается с паспортом.", "internal_notes": "",
        "category_path": "dokumenty", "category_top": "dokumenty", "category_name": "Документы",
        "category_ancestors": ["dokumenty"], "countries": [], "audiences": [], "migration_phases": [],
        "visibility": "public", "sensitivity": "none", "verification_status": "due_soon", "review_due": None,
        "translations": ["ro", "ru", "uk"],
        "translit": "kak polucit vid na jitelstvo v moldove vnj moldova vid na jitelstvo",
    }


def test_prepared_ukrainian_document_carries_the_latin_skeleton():
    prepared = prepare(document(
        id="uk:43", page_id=43, locale="uk", url="/uk/pytannia/posvidka/",
        question="Як отримати посвідку на проживання в Молдові?", phrasings=["Посвідка на проживання для українців"],
        keywords=["посвідка", "тимчасовий захист"], short_answer="Зверніться до Бюро з питань міграції.",
        answer_text="Потрібен паспорт.", internal_notes="Уточніть дату в'їзду.", category_path="dokumenty/zakhyst",
        category_top="dokumenty", category_name="Захист", visibility="operators",
    ))
    assert prepared == {
        "id": "uk:43", "page_id": 43, "translation_key": "7d1f0c1e-8a53-4b43-9a51-2b8f6d1c0a41", "locale": "uk",
        "answer_number": "A-0041", "url": "/uk/pytannia/posvidka/",
        "question": "Як отримати посвідку на проживання в Молдові?",
        "phrasings": ["Посвідка на проживання для українців"], "keywords": ["посвідка", "тимчасовий захист"],
        "short_answer": "Зверніться до Бюро з питань міграції.", "answer_text": "Потрібен паспорт.",
        "internal_notes": "Уточніть дату в'їзду.",
        "category_path": "dokumenty/zakhyst", "category_top": "dokumenty", "category_name": "Захист",
        "category_ancestors": ["dokumenty", "dokumenty/zakhyst"],
        "countries": ["MD"], "audiences": ["foreigner-in-moldova"], "migration_phases": ["in-destination"],
        "visibility": "operators", "sensitivity": "none", "verification_status": "current", "review_due": "2025-09-30",
        "translations": ["ro", "ru", "uk"],
        "translit": "ak otrimati posvidku na projivana v moldovi posvidka na projivana dla ukrainciv posvidka timcasovi zahist",
    }


def test_english_documents_have_no_translit_field():
    assert "translit" not in prepare(document(id="en:44", locale="en"))


# Query bodies ----------------------------------------------------------------------------------

FACET_AGGS = {
    "category": {"terms": {"field": "category_top", "size": 50}},
    "country": {"terms": {"field": "countries", "size": 50}},
    "audience": {"terms": {"field": "audiences", "size": 50}},
    "verification_status": {"terms": {"field": "verification_status", "size": 50}},
}
HIGHLIGHT = {
    "pre_tags": ["<mark>"], "post_tags": ["</mark>"], "encoder": "html",
    "fields": {
        "question": {"number_of_fragments": 0},
        "phrasings": {"number_of_fragments": 0},
        "short_answer": {"fragment_size": 150, "number_of_fragments": 2},
        "answer_text": {"fragment_size": 150, "number_of_fragments": 2},
    },
}
SOURCE = {"excludes": ["internal_notes", "translit"]}


def text_clauses(text):
    return [
        {"multi_match": {
            "query": text, "type": "best_fields",
            "fields": ["question^4", "phrasings^4", "keywords^3", "short_answer^2", "answer_text^1"],
            "fuzziness": "AUTO", "prefix_length": 1, "operator": "or", "minimum_should_match": "2<75%",
            "tie_breaker": 0.3,
        }},
        {"multi_match": {
            "query": text, "type": "bool_prefix",
            "fields": ["question.prefix^3", "phrasings.prefix^3", "keywords.prefix^2"],
            "minimum_should_match": "2<75%",
        }},
        {"multi_match": {"query": text, "type": "phrase", "fields": ["question", "phrasings"], "slop": 2, "boost": 3}},
    ]


INTERNAL_NOTES_CLAUSE = {"match": {"internal_notes": {"query": "permis de sedere", "minimum_should_match": "2<75%", "boost": 0.5}}}


def searching(should, filters, start=0, size=10):
    return {
        "query": {"bool": {"must": [{"bool": {"should": should, "minimum_should_match": 1}}], "filter": filters}},
        "aggs": FACET_AGGS, "highlight": HIGHLIGHT, "_source": SOURCE, "from": start, "size": size,
    }


PUBLIC_ONLY = {"terms": {"visibility": ["public"]}}


def test_query_for_a_plain_romanian_search_in_public_scope():
    assert query_body(SearchRequest(text="permis de sedere", locale="ro")) == searching(
        text_clauses("permis de sedere"), [PUBLIC_ONLY])


def test_stop_words_leave_the_query_except_inside_a_synonym_term():
    body = query_body(SearchRequest(text="Cum pot obține permisul de ședere în Moldova?", locale="ro"))
    assert body == searching(text_clauses("obține permisul ședere Moldova"), [PUBLIC_ONLY])
    body = query_body(SearchRequest(text="Cum pot obține permis de ședere în Moldova?", locale="ro"))
    assert body == searching(text_clauses("obține permis de ședere Moldova"), [PUBLIC_ONLY])


@pytest.mark.parametrize(("text", "language", "expected"), [
    ("cum pot sa lucrez in italia", "ro", "lucrez italia"),
    ("Permis de sedere pentru copil", "ro", "Permis de sedere copil"),  # folded match of "permis de ședere"
    ("Как получить вид на жительство?", "ru", "получить вид на жительство"),
    ("Что такое ВНЖ", "ru", "такое ВНЖ"),
    ("заборона на в’їзд для мене", "uk", "заборона на в’їзд"),
    ("Do I have the right to work?", "en", "have right to work"),
    ("ce e asta", "ro", "asta"),
    ("ce e", "ro", "ce e"),  # nothing but stop words: searched as typed
])
def test_search_text_drops_stop_words(text, language, expected):
    assert search_text(text, language) == expected


def test_query_in_operator_scope_also_searches_internal_notes_and_operator_entries():
    body = query_body(SearchRequest(text="permis de sedere", locale="ro", scope=OPERATOR))
    assert body == searching(
        [*text_clauses("permis de sedere"), INTERNAL_NOTES_CLAUSE], [{"terms": {"visibility": ["public", "operators"]}}])


def test_internal_notes_are_searched_only_in_operator_scope_and_never_highlighted_or_returned():
    public = query_body(SearchRequest(text="permis de sedere", locale="ro"))
    operator = query_body(SearchRequest(text="permis de sedere", locale="ro", scope=OPERATOR))
    assert "internal_notes" not in json.dumps(public["query"])
    assert "internal_notes" in json.dumps(operator["query"])
    for body in (public, operator):
        assert "internal_notes" not in body["highlight"]["fields"]
        assert "internal_notes" in body["_source"]["excludes"]


def test_query_with_category_country_and_audience_filters():
    body = query_body(SearchRequest(
        text="angajator", locale="ro", category="munca", country="IT", audience="labour-migrant"))
    assert body == searching(text_clauses("angajator"), [
        PUBLIC_ONLY,
        {"term": {"category_ancestors": "munca"}},
        {"term": {"countries": "IT"}},
        {"term": {"audiences": "labour-migrant"}},
    ])


def test_public_query_can_leave_out_long_overdue_entries():
    body = query_body(SearchRequest(text="angajator", locale="ro", due_from="2026-10-23"))
    assert body == searching(text_clauses("angajator"), [
        PUBLIC_ONLY,
        {"bool": {"should": [
            {"term": {"verification_status": "unsourced"}},
            {"range": {"review_due": {"gte": "2026-10-23"}}},
        ], "minimum_should_match": 1}},
    ])


def test_fallback_query_leaves_out_entries_live_in_the_languages_searched_before():
    """The Romanian part of a Ukrainian search must not repeat entries live in Ukrainian or Russian."""
    body = query_body(SearchRequest(text="viza", locale="ro", exclude_translated=("uk", "ru")))
    assert body == searching(text_clauses("viza"), [
        PUBLIC_ONLY,
        {"bool": {"must_not": [{"terms": {"translations": ["uk", "ru"]}}]}},
    ])


def test_latin_query_in_a_cyrillic_locale_also_matches_the_skeleton():
    body = query_body(SearchRequest(text="vid na zhitelstvo", locale="ru"))
    assert body == searching([
        *text_clauses("vid na zhitelstvo"),
        {"match": {"translit": {"query": "vid na jitelstvo", "fuzziness": "AUTO", "prefix_length": 1,
                                "minimum_should_match": "2<75%", "boost": 2}}},
        {"match_bool_prefix": {"translit.prefix": {"query": "vid na jitelstvo", "minimum_should_match": "2<75%"}}},
    ], [PUBLIC_ONLY])


def test_cyrillic_query_in_a_cyrillic_locale_skips_the_skeleton():
    assert "translit" not in json.dumps(query_body(SearchRequest(text="вид на жительство", locale="ru"))["query"])


def test_latin_query_in_a_latin_locale_skips_the_skeleton():
    assert "translit\"" not in json.dumps(query_body(SearchRequest(text="vid na zhitelstvo", locale="ro"))["query"])


def test_page_three_of_twenty():
    body = query_body(SearchRequest(text="azil", locale="ro", page=3, page_size=20))
    assert body == searching(text_clauses("azil"), [PUBLIC_ONLY], start=40, size=20)


def test_page_size_is_capped():
    body = query_body(SearchRequest(text="azil", locale="ro", page_size=500))
    assert (body["from"], body["size"]) == (0, 50)


def test_pages_stop_at_the_result_window():
    assert {k: v for k, v in query_body(SearchRequest(text="azil", locale="ro", page=200, page_size=50)).items()
            if k in ("from", "size")} == {"from": 9950, "size": 50}
    assert {k: v for k, v in query_body(SearchRequest(text="azil", locale="ro", page=500, page_size=50)).items()
            if k in ("from", "size")} == {"from": 10000, "size": 0}


def test_empty_text_with_a_filter_lists_entries_by_answer_number():
    assert query_body(SearchRequest(text="", locale="ro", country="MD")) == {
        "query": {"bool": {"must": [{"match_all": {}}], "filter": [PUBLIC_ONLY, {"term": {"countries": "MD"}}]}},
        "aggs": FACET_AGGS, "_source": SOURCE, "sort": ["answer_number"], "from": 0, "size": 10,
    }


def test_punctuation_only_counts_as_empty_text():
    assert query_body(SearchRequest(text=" ?! ", locale="ro", country="MD"))["query"]["bool"]["must"] == [{"match_all": {}}]


def test_build_search_is_an_elasticsearch_dsl_search():
    from elasticsearch_dsl import Search

    search = build_search(SearchRequest(text="azil", locale="ro"))
    assert isinstance(search, Search)
    assert search.index("kb-faq-ro").to_dict() == query_body(SearchRequest(text="azil", locale="ro"))


# Responses -------------------------------------------------------------------------------------

def test_parse_response_builds_hits_facets_and_totals():
    result = parse_response(load("search_response.json"), SearchRequest(text="permis de sedere", locale="ro"))
    assert result.backend == "elasticsearch"
    assert (result.total, result.took_ms) == (2, 7.0)
    assert [hit.as_dict() for hit in result.hits] == [
        {
            "id": "ro:41", "page_id": 41, "answer_number": "A-0041", "url": "/ro/intrebari/permis-de-sedere/",
            "question": "Cum obțin permisul de ședere?", "short_answer": "Depuneți cererea la Biroul Migrație și Azil.",
            "category_path": "documente/sedere", "category_name": "Ședere", "countries": ["MD"],
            "audiences": ["foreigner-in-moldova"], "visibility": "public", "verification_status": "current",
            "review_due": "2025-09-30", "score": 12.48,
            "highlights": {
                "question": ["Cum obțin <mark>permisul</mark> de <mark>ședere</mark>?"],
                "answer_text": ["Cererea pentru <mark>permisul</mark> de <mark>ședere</mark> se depune la Biroul Migrație și Azil"],
            },
            "language": "ro", "fallback": False, "notice": "",
        },
        {
            "id": "ro:57", "page_id": 57, "answer_number": "A-0057", "url": "/ro/intrebari/prelungire-sedere/",
            "question": "Cum prelungesc dreptul de ședere?", "short_answer": "Cu cel puțin 30 de zile înainte de expirare.",
            "category_path": "documente", "category_name": "Documente", "countries": [],
            "audiences": ["foreigner-in-moldova", "student"], "visibility": "public", "verification_status": "due_soon",
            "review_due": None, "score": 6.02, "highlights": {},
            "language": "ro", "fallback": False, "notice": "",
        },
    ]
    assert result.facets == {
        "category": [{"value": "documente", "count": 2}],
        "country": [{"value": "MD", "count": 1}],
        "audience": [{"value": "foreigner-in-moldova", "count": 2}, {"value": "student", "count": 1}],
        "verification_status": [{"value": "current", "count": 1}, {"value": "due_soon", "count": 1}],
    }


def test_parse_response_never_passes_on_internal_notes_or_their_highlights():
    result = parse_response(load("search_response_with_internal_notes.json"),
                            SearchRequest(text="azil", locale="ro", scope=OPERATOR))
    assert [hit.answer_number for hit in result.hits] == ["A-0088", "A-0089"]
    assert result.hits[0].highlights == {"question": ["Cum cer <mark>azil</mark> în Moldova?"]}
    serialised = json.dumps(result.as_dict(), ensure_ascii=False)
    assert "Escaladați" not in serialised
    assert "coordonatorul" not in serialised
    assert "should never appear" not in serialised


def test_parse_response_drops_operator_entries_from_public_results():
    result = parse_response(load("search_response_with_internal_notes.json"), SearchRequest(text="azil", locale="ro"))
    assert [hit.answer_number for hit in result.hits] == ["A-0088"]


def test_parse_response_of_no_hits():
    result = parse_response(load("search_response_empty.json"), SearchRequest(text="xyz", locale="ro"))
    assert (result.hits, result.total) == ([], 0)
    assert result.facets == {"category": [], "country": [], "audience": [], "verification_status": []}


# Alias swap ------------------------------------------------------------------------------------

def test_rebuild_swaps_every_alias_in_one_list_of_actions_and_deletes_the_rest():
    layout = {
        "kb-faq-ro-20250101000000000000": {"kb-faq-ro"},
        "kb-faq-ro-20240101000000000000": set(),  # left behind by an interrupted rebuild
        "kb-faq-ru": set(),  # a concrete index auto-created under the alias's name
        "kb-faq-ro-20250301000000000000": set(),
        "kb-faq-ru-20250301000000000000": set(),
        "kb-faq-test-ro-20250101000000000000": {"kb-faq-test-ro"},  # another prefix: not ours
    }
    new = {"ro": "kb-faq-ro-20250301000000000000", "ru": "kb-faq-ru-20250301000000000000"}
    assert swap_actions("kb-faq", layout, new) == [
        {"remove": {"index": "kb-faq-ro-20250101000000000000", "alias": "kb-faq-ro"}},
        {"add": {"index": "kb-faq-ro-20250301000000000000", "alias": "kb-faq-ro"}},
        {"remove_index": {"index": "kb-faq-ru"}},
        {"add": {"index": "kb-faq-ru-20250301000000000000", "alias": "kb-faq-ru"}},
    ]
    assert stale_indices("kb-faq", layout, new) == ["kb-faq-ro-20240101000000000000", "kb-faq-ro-20250101000000000000"]


# An unreachable cluster ------------------------------------------------------------------------

UNREACHABLE = "http://127.0.0.1:9"


@pytest.fixture
def unreachable():
    return ElasticsearchStore(url=UNREACHABLE, prefix="kb-faq", timeout_ms=300)


@pytest.mark.parametrize("call", [
    lambda store: store.search(SearchRequest(text="permis de sedere", locale="ro")),
    lambda store: store.index([document()]),
    lambda store: store.delete(["ro:41"]),
    lambda store: store.status(),
    lambda store: store.rebuild({"ro": [document()]}),
], ids=["search", "index", "delete", "status", "rebuild"])
def test_an_unreachable_cluster_raises_store_unavailable_quickly(unreachable, call):
    started = time.monotonic()
    with pytest.raises(StoreUnavailable):
        call(unreachable)
    assert time.monotonic() - started < 3


def test_an_empty_search_needs_no_cluster(unreachable):
    result = unreachable.search(SearchRequest(text="  ", locale="ro"))
    assert (result.hits, result.total, result.backend) == ([], 0, "elasticsearch")


# Writes as sent over HTTP ----------------------------------------------------------------------


class _RecordingCluster:
    """A loopback HTTP server answering bulk requests as Elasticsearch 8 documents them.

    It records each request line and body, so the test sees exactly what the client sends.
    """

    def __init__(self):
        import http.server
        import threading

        self.requests = []
        recorded = self.requests

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 - the http.server API
                body = self.rfile.read(int(self.headers.get("Content-Length", 0))).decode("utf-8")
                lines = [json.loads(line) for line in body.splitlines() if line.strip()]
                recorded.append((self.path, lines))
                items = []
                for line in lines:
                    for action in ("index", "delete"):
                        if action in line:
                            items.append({action: {"_index": line[action]["_index"], "_id": line[action]["_id"],
                                                   "status": 200, "result": "updated"}})
                self._reply({"took": 3, "errors": False, "items": items})

            do_PUT = do_POST  # the 8.x client sends bulk requests as PUT

            def _reply(self, payload):
                data = json.dumps(payload).encode("utf-8")
                self.send_response(200)
                self.send_header("Content-Type", "application/vnd.elasticsearch+json; compatible-with=8")
                self.send_header("X-Elastic-Product", "Elasticsearch")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                """Keep request lines out of the test output."""

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def cluster():
    recording = _RecordingCluster()
    yield recording
    recording.close()


def test_published_writes_ask_for_a_refresh_so_they_are_searchable_at_once(cluster):
    # Publish to searchable <= 1 s (DESIGN.md section 6): the default refresh interval alone
    # could take that second, so index and delete writes refresh the index they touch.
    store = ElasticsearchStore(cluster.url, "kb-faq", 300)
    store._indices_ensured = True  # the indices exist; this test is about the writes
    store.index([document()])
    store.delete(["ro:999"])
    (index_path, index_lines), (delete_path, delete_lines) = cluster.requests
    assert index_path.startswith("/_bulk?") and "refresh=true" in index_path and "require_alias=true" in index_path
    assert index_lines == [{"index": {"_index": "kb-faq-ro", "_id": "ro:41"}}, prepare(document())]
    assert delete_path.startswith("/_bulk?") and "refresh=true" in delete_path
    assert delete_lines == [{"delete": {"_index": "kb-faq-ro", "_id": "ro:999"}}]
