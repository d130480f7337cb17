"""The development query set (bench/data/queries.json) is sound: it names real entries and is big,
varied and spread enough for its scores to mean something."""

import re
from collections import Counter

import pytest

from bench.search_quality import DEFAULT_QUERIES, FILTER_KEYS, KIND_LANGUAGES, KINDS, LANGUAGES, SCOPES, load_queries
from faq.demo.loader import read_content
from faq.demo.schema import category_paths
from faq.vocabulary import Audience
from search.query import MAX_QUERY_LENGTH

pytestmark = pytest.mark.smoke

MINIMUM_PER_LANGUAGE = {"ro": 70, "ru": 60, "uk": 55, "en": 55}
# Kinds that must appear in a language; the rest must appear in all four.
REQUIRED_IN = {"no_diacritics": ("ro",), "latin_cyrillic": ("ru", "uk")}
ROMANIAN_DIACRITICS = re.compile("[ăâîșşțţĂÂÎȘŞȚŢ]")
CYRILLIC = re.compile("[\u0400-\u04ff]")
MAX_OPERATOR_QUERIES = 10


@pytest.fixture(scope="module")
def queries():
    return load_queries(DEFAULT_QUERIES)


@pytest.fixture(scope="module")
def entries():
    return {entry["slug"]: entry for entry in read_content()["entries"]}


def test_ids_are_unique_and_start_with_the_language(queries):
    ids = [query["id"] for query in queries]
    assert len(ids) == len(set(ids))
    assert all(query["id"].startswith(f"{query['language']}-") for query in queries)


def test_languages_and_kinds_are_known_and_fit_each_other(queries):
    for query in queries:
        assert query["language"] in LANGUAGES, query["id"]
        assert query["kind"] in KINDS, query["id"]
        assert query["language"] in KIND_LANGUAGES.get(query["kind"], LANGUAGES), query["id"]


def test_query_texts_are_non_empty_and_within_the_request_limit(queries):
    for query in queries:
        assert query["query"].strip() and len(query["query"]) <= MAX_QUERY_LENGTH, query["id"]


def test_each_language_has_its_minimum_and_the_set_has_240(queries):
    per_language = Counter(query["language"] for query in queries)
    for language, minimum in MINIMUM_PER_LANGUAGE.items():
        assert per_language[language] >= minimum, language
    assert len(queries) >= 240


def test_every_kind_appears_in_every_language_where_it_applies(queries):
    present = {(query["language"], query["kind"]) for query in queries}
    for kind in KINDS:
        for language in REQUIRED_IN.get(kind, LANGUAGES):
            assert (language, kind) in present, (language, kind)


@pytest.mark.parametrize("kind", ["typo", "no_diacritics"])
def test_typo_and_no_diacritics_queries_are_plentiful_and_spread_over_many_entries(queries, kind):
    of_kind = [query for query in queries if query["kind"] == kind]
    assert len(of_kind) >= 25
    assert len({query["expected"][0] for query in of_kind}) >= 20


def test_queries_cover_at_least_80_distinct_entries(queries):
    assert len({query["expected"][0] for query in queries}) >= 80


def test_no_diacritics_queries_really_lack_them(queries):
    for query in queries:
        if query["kind"] == "no_diacritics":
            assert not ROMANIAN_DIACRITICS.search(query["query"]) and "ё" not in query["query"].lower(), query["id"]


def test_latin_cyrillic_queries_are_typed_in_latin_letters(queries):
    for query in queries:
        if query["kind"] == "latin_cyrillic":
            assert not CYRILLIC.search(query["query"]), query["id"]


def test_expected_entries_exist_once_each_and_are_few(queries, entries):
    for query in queries:
        expected = query["expected"]
        assert 1 <= len(expected) <= 2 and len(set(expected)) == len(expected), query["id"]
        assert set(expected) <= entries.keys(), query["id"]


def test_public_queries_expect_only_public_entries(queries, entries):
    for query in queries:
        assert query.get("scope", "public") in SCOPES, query["id"]
        if query.get("scope", "public") == "public":
            assert all(entries[slug]["visibility"] == "public" for slug in query["expected"]), query["id"]


def test_operator_queries_are_few_and_aim_at_operator_entries(queries, entries):
    operator_queries = [query for query in queries if query.get("scope") == "operator"]
    assert len(operator_queries) <= MAX_OPERATOR_QUERIES
    for query in operator_queries:
        assert entries[query["expected"][0]]["visibility"] == "operators", query["id"]


def test_filters_name_real_values_that_the_expected_entries_have(queries, entries):
    categories = category_paths()
    for query in queries:
        filters = query.get("filters", {})
        assert set(filters) <= set(FILTER_KEYS), query["id"]
        for slug in query["expected"]:
            entry = entries[slug]
            if "category" in filters:
                assert filters["category"] in categories, query["id"]
                assert entry["category"] == filters["category"] or entry["category"].startswith(
                    filters["category"] + "/"), query["id"]
            if "country" in filters:
                assert filters["country"] in entry["countries"], query["id"]
            if "audience" in filters:
                assert filters["audience"] in Audience.values and filters["audience"] in entry["audiences"], query["id"]


def test_filtered_queries_carry_a_filter(queries):
    for query in queries:
        if query["kind"] == "filtered":
            assert query.get("filters"), query["id"]
