"""Missing translations fall back along KB_LANGUAGE_FALLBACKS, in search, the API and all languages."""

import pytest
from django.core.checks import run_checks
from django.utils import translation
from wagtail.models import Locale

from kb.languages import fallback_chain
from search.models import SearchEntry
from search.query import ALL_LANGUAGES

from .factories import entry_record, write_entries
from .search_helpers import numbers, search
from .test_search_api import validate

pytestmark = pytest.mark.smoke
URL = "/api/search/"


@pytest.fixture
def entries(sections):
    """One entry in every language, one in Romanian and Russian, one in Romanian only.

    Each carries the made-up keyword "zorblat" in every language it has, so one query finds it
    in any language.
    """
    return write_entries(
        entry_record("A-0501", translation={"keywords": ["zorblat"]}),
        entry_record("A-0502", languages=("ro", "ru"), translation={"keywords": ["zorblat"]}),
        entry_record("A-0503", languages=("ro",), translation={"keywords": ["zorblat"]}),
    )


def languages_and_flags(result):
    return [(hit.answer_number, hit.language, hit.fallback) for hit in result.hits]


def test_default_chains_end_in_the_source_language():
    assert fallback_chain("uk") == ["uk", "ru", "ro"]
    assert fallback_chain("ru") == ["ru", "ro"]
    assert fallback_chain("en") == ["en", "ro"]
    assert fallback_chain("ro") == ["ro"]


def test_the_chain_is_a_setting(settings):
    settings.KB_LANGUAGE_FALLBACKS = {"uk": ["en"], "ru": []}
    assert fallback_chain("uk") == ["uk", "en", "ro"]
    assert fallback_chain("ru") == ["ru", "ro"]


@pytest.mark.parametrize(("value", "error_id"), [
    ("uk:ru", "kb.E001"),
    ({"uk": "ru"}, "kb.E001"),
    ({"uk": ["pl", "ro"]}, "kb.E002"),
    ({"xx": ["ro"]}, "kb.E002"),
    ({"uk": ["uk", "ro"]}, "kb.E003"),
    ({"uk": ["ru", "ru"]}, "kb.E003"),
])
def test_a_misconfigured_chain_stops_the_deploy(settings, value, error_id):
    settings.KB_LANGUAGE_FALLBACKS = value
    assert error_id in {message.id for message in run_checks()}


def test_the_default_chain_passes_the_checks():
    assert not [message for message in run_checks() if message.id.startswith("kb.")]


def test_each_document_lists_the_languages_its_entry_is_live_in(entries):
    by_number = {}
    for entry in SearchEntry.objects.filter(answer_number__in=["A-0501", "A-0502", "A-0503"]):
        by_number.setdefault(entry.answer_number, set()).add(entry.translations)
    assert by_number == {"A-0501": {"|en|ro|ru|uk|"}, "A-0502": {"|ro|ru|"}, "A-0503": {"|ro|"}}


def test_ukrainian_search_fills_in_from_russian_then_romanian(entries):
    result = search("zorblat", "uk")
    assert languages_and_flags(result) == [("A-0501", "uk", False), ("A-0502", "ru", True), ("A-0503", "ro", True)]
    assert result.total == 3
    assert result.facets["country"] == [{"value": "IT", "count": 3}]
    with translation.override("en"):
        notices = [hit.notice for hit in search("zorblat", "uk").hits]
    assert notices == ["", "Not yet available in Ukrainian; shown in Russian.",
                       "Not yet available in Ukrainian; shown in Romanian."]


def test_english_falls_back_to_romanian_only(entries):
    assert languages_and_flags(search("zorblat", "en")) == [
        ("A-0501", "en", False), ("A-0502", "ro", True), ("A-0503", "ro", True)]


def test_filter_only_searches_fall_back_too(entries):
    assert numbers(search("", "uk", country="IT")) == ["A-0501", "A-0502", "A-0503"]


def test_pages_are_cut_from_the_whole_sequence(entries):
    pages = [search("zorblat", "uk", page=page, page_size=1) for page in (1, 2, 3, 4)]
    assert [languages_and_flags(result) for result in pages] == [
        [("A-0501", "uk", False)], [("A-0502", "ru", True)], [("A-0503", "ro", True)], [],
    ]
    assert {result.total for result in pages} == {3}


def test_without_fallbacks_only_the_language_itself(entries):
    assert numbers(search("zorblat", "uk", with_fallbacks=False)) == ["A-0501"]


def test_romanian_has_nothing_to_fall_back_to(entries):
    assert languages_and_flags(search("zorblat", "ro")) == [
        ("A-0501", "ro", False), ("A-0502", "ro", False), ("A-0503", "ro", False)]


def test_unpublishing_a_translation_makes_its_entry_a_fallback(entries):
    """The other languages' documents learn at once that the entry left Ukrainian."""
    ukrainian = entries[0].get_translation(Locale.objects.get(language_code="uk"))
    ukrainian.unpublish()
    assert ("A-0501", "ru", True) in languages_and_flags(search("zorblat", "uk"))
    ukrainian.get_latest_revision().publish()
    assert ("A-0501", "uk", False) in languages_and_flags(search("zorblat", "uk"))
    assert ("A-0501", "ru", True) not in languages_and_flags(search("zorblat", "uk"))


def test_all_languages_ranks_every_language_together(entries):
    result = search("zorblat", ALL_LANGUAGES)
    found = [(hit.answer_number, hit.language) for hit in result.hits]
    assert result.total == 7
    assert sorted(found) == sorted([
        ("A-0501", "ro"), ("A-0502", "ro"), ("A-0503", "ro"), ("A-0501", "ru"), ("A-0502", "ru"),
        ("A-0501", "uk"), ("A-0501", "en"),
    ])
    # Reciprocal rank fusion: each language's best hit comes before any language's second.
    assert [hit.language for hit in result.hits[:4]] == ["ro", "ru", "uk", "en"]
    assert not any(hit.fallback for hit in result.hits)
    assert {bucket["value"]: bucket["count"] for bucket in result.facets["country"]} == {"IT": 7}


def test_api_marks_fallback_hits_with_a_notice_in_the_request_language(client, entries):
    body = client.get(URL, {"q": "zorblat", "locale": "uk"}, HTTP_ACCEPT_LANGUAGE="en").json()
    validate(body)
    assert [(hit["answer_number"], hit["language"], hit["fallback"], hit["notice"]) for hit in body["hits"]] == [
        ("A-0501", "uk", False, ""),
        ("A-0502", "ru", True, "Not yet available in Ukrainian; shown in Russian."),
        ("A-0503", "ro", True, "Not yet available in Ukrainian; shown in Romanian."),
    ]


def test_api_searches_all_languages(client, entries):
    body = client.get(URL, {"q": "zorblat", "locale": "all"}).json()
    validate(body)
    assert body["locale"] == "all" and body["total"] == 7
    assert {hit["language"] for hit in body["hits"]} == {"ro", "ru", "uk", "en"}


# --- the console ---------------------------------------------------------------------------


@pytest.fixture
def operator(demo_users):
    from .test_console_backend import signed_in

    return signed_in(demo_users["operator"])


def test_console_answer_links_each_content_language_and_shows_fallbacks_with_a_notice(operator, entries):
    romanian = entries[1]
    russian = romanian.get_translation(Locale.objects.get(language_code="ru"))
    html = operator.get(f"/en/console/answer/{romanian.pk}/").content.decode()
    assert f'<a href="/en/console/answer/{russian.pk}/" lang="ru" hreflang="ru">' in html
    assert f'<a href="/en/console/answer/{russian.pk}/?language=uk" lang="uk" hreflang="ru">' in html
    assert f'<a href="/en/console/answer/{romanian.pk}/?language=en" lang="en" hreflang="ro">' in html
    assert 'id="answer-language-notice"' not in html

    html = operator.get(f"/en/console/answer/{russian.pk}/?language=uk").content.decode()
    assert russian.title in html
    assert '<p id="answer-language-notice" class="answer-language-notice" role="note">' \
           "Not yet available in Ukrainian; shown in Russian.</p>" in html
    assert f'<a href="/en/console/answer/{russian.pk}/?language=uk" lang="uk" hreflang="ru" aria-current="page">' in html


def test_console_language_counts_count_each_language_without_fallbacks(operator, entries):
    counts = operator.get("/en/console/languages/", {"q": "zorblat"}).json()["counts"]
    assert counts == {"ro": 3, "ru": 2, "uk": 1, "en": 1}


def fallback_part(locale, *earlier):
    from search.query import OPERATOR, SearchRequest

    return SearchRequest(text="zorblat", locale=locale, scope=OPERATOR, with_fallbacks=False, exclude_translated=earlier)


def test_a_fallback_language_with_every_entry_translated_costs_one_probe(sections):
    """Once translations are done, a Ukrainian search must not pay for two more full searches."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from search.backends import database_store

    write_entries(entry_record("A-0511", translation={"keywords": ["zorblat"]}))
    with CaptureQueriesContext(connection) as statements:
        assert database_store().search(fallback_part("ro", "uk", "ru")).total == 0
    assert len(statements.captured_queries) == 1
    # The probe's answer is remembered until the index changes...
    with CaptureQueriesContext(connection) as statements:
        assert database_store().search(fallback_part("ro", "uk", "ru")).total == 0
    assert len(statements.captured_queries) == 0
    # ...and an entry written since is found at once.
    write_entries(entry_record("A-0512", languages=("ro",), translation={"keywords": ["zorblat"]}))
    assert numbers(database_store().search(fallback_part("ro", "uk", "ru"))) == ["A-0512"]


def test_postgresql_reads_a_fallback_language_through_its_partial_index(sections):
    """The clause filter_sql writes must be the predicate of migration 0008's indexes, or the
    planner cannot use them and every fallback part scans the whole language again."""
    from django.db import connection

    from search.stores.sql import filter_sql

    if connection.vendor != "postgresql":
        pytest.skip("the partial indexes are PostgreSQL's")
    where, params = filter_sql(fallback_part("ro", "uk", "ru"))
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # a test table is small enough to scan
        cursor.execute(f"EXPLAIN SELECT 1 FROM search_searchentry e WHERE {where}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "search_entry_not_in_uk" in plan or "search_entry_not_in_ru" in plan, plan
