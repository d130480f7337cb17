"""The Elasticsearch store against a real Elasticsearch 8 server (ELASTICSEARCH_URL).

Each test run works under its own index prefix and deletes its indices at the end, so it can
share a cluster with a running site.
"""

import os
import uuid

import pytest

from search.documents import SearchDocument
from search.elastic.store import ElasticsearchStore
from search.query import OPERATOR, SearchRequest

URL = os.environ.get("ELASTICSEARCH_URL", "")
pytestmark = pytest.mark.skipif(
    not URL, reason="ELASTICSEARCH_URL is not set; live Elasticsearch tests need an Elasticsearch 8 server",
)


def entry(locale, number, question, **fields):
    page_id = int(number.split("-")[1])
    return SearchDocument(**{
        "id": f"{locale}:{page_id}", "page_id": page_id, "translation_key": f"key-{page_id}", "locale": locale,
        "answer_number": number, "url": f"/{locale}/{number.lower()}/", "question": question,
        "category_path": "documente/sedere", "category_top": "documente", "category_name": "Ședere",
        "countries": ["MD"], "audiences": ["foreigner-in-moldova"], "verification_status": "current",
        **fields,
    })


DOCUMENTS = {
    "ro": [
        entry("ro", "A-0001", "Cum obțin permisul de ședere în Moldova?",
              keywords=["permis de ședere"], short_answer="Cererea se depune la Biroul Migrație și Azil.",
              answer_text="Aveți nevoie de pașaport valabil și de contract de muncă."),
        entry("ro", "A-0002", "Ce fac dacă angajatorul nu plătește salariul?",
              category_path="munca", category_top="munca", category_name="Muncă", countries=["IT"],
              audiences=["labour-migrant"], short_answer="Adresați-vă inspecției muncii."),
        entry("ro", "A-0003", "Procedura internă pentru minori neînsoțiți",
              visibility="operators", short_answer="Escaladați la coordonator.",
              internal_notes="Sunați imediat la protecția copilului, cod roșu."),
        entry("ro", "A-0004", "Cum se prelungește viza de studii?",
              internal_notes="Verificați ștampila de intrare, cod turcoaz."),
    ],
    "ru": [
        entry("ru", "A-0001", "Как получить вид на жительство в Молдове?", keywords=["ВНЖ"],
              short_answer="Заявление подается в Бюро по миграции и убежищу."),
    ],
    "uk": [
        entry("uk", "A-0001", "Як отримати посвідку на проживання в Молдові?",
              short_answer="Зверніться до Бюро з питань міграції та притулку."),
    ],
    "en": [
        entry("en", "A-0001", "How do I get a residence permit in Moldova?",
              short_answer="Apply to the Bureau for Migration and Asylum."),
    ],
}


@pytest.fixture(scope="module")
def store():
    prefix = f"kb-test-{uuid.uuid4().hex[:10]}"
    store = ElasticsearchStore(url=URL, prefix=prefix, timeout_ms=5000)
    store.rebuild(DOCUMENTS)
    yield store
    indices = store.client.indices.get_alias(index=f"{prefix}-*", expand_wildcards="all").body
    if indices:
        store.client.indices.delete(index=",".join(indices))


def numbers(result):
    return [hit.answer_number for hit in result.hits]


def search(store, text, locale="ro", **options):
    return store.search(SearchRequest(text=text, locale=locale, **options))


def test_romanian_without_diacritics_finds_the_entry(store):
    result = search(store, "permis de sedere")
    assert numbers(result)[0] == "A-0001"
    assert result.backend == "elasticsearch"
    assert "<mark>" in " ".join(result.hits[0].highlights.get("question", []))


def test_a_one_letter_typo_still_finds_the_entry(store):
    assert numbers(search(store, "permis de sedre"))[0] == "A-0001"


def test_synonyms_find_the_other_word(store):
    assert "A-0002" in numbers(search(store, "patron salariu"))


def test_as_you_type_finds_an_unfinished_word(store):
    assert numbers(search(store, "permis de sed"))[0] == "A-0001"


def test_latin_typed_russian_finds_the_cyrillic_entry(store):
    assert numbers(search(store, "vid na zhitelstvo", locale="ru")) == ["A-0001"]


def test_operator_only_entries_are_not_found_in_public_scope(store):
    assert "A-0003" not in numbers(search(store, "minori neinsotiti"))
    assert "A-0003" in numbers(search(store, "minori neinsotiti", scope=OPERATOR))


def test_internal_notes_are_searched_only_for_operators_and_never_returned(store):
    assert numbers(search(store, "turcoaz")) == []
    result = search(store, "turcoaz", scope=OPERATOR)
    assert numbers(result) == ["A-0004"]
    assert "turcoaz" not in str(result.as_dict())


def test_filters_and_facets(store):
    result = search(store, "", country="IT")
    assert numbers(result) == ["A-0002"]
    assert result.facets["category"] == [{"value": "munca", "count": 1}]
    assert numbers(search(store, "", category="documente")) == ["A-0001", "A-0004"]


def test_status_counts_documents_per_locale(store):
    status = store.status()
    assert status["backend"] == "elasticsearch"
    assert {locale: details["count"] for locale, details in status["locales"].items()} == {
        "ro": 4, "ru": 1, "uk": 1, "en": 1}
    assert status["locales"]["ro"]["operators_only"] == 1


def test_index_and_delete_follow_single_entries(store):
    added = entry("en", "A-0009", "Can I work with a temporary residence permit?")
    store.index([added])
    store.refresh()
    assert "A-0009" in numbers(search(store, "temporary residence", locale="en"))
    store.delete([added.id, "en:999999"])
    store.refresh()
    assert "A-0009" not in numbers(search(store, "temporary residence", locale="en"))


def test_rebuilding_twice_leaves_exactly_one_index_per_locale(store):
    store.rebuild(DOCUMENTS)
    store.rebuild(DOCUMENTS)
    layout = store.client.indices.get_alias(index=f"{store.prefix}-*", expand_wildcards="all").body
    assert len(layout) == 4
    for locale in ("ro", "ru", "uk", "en"):
        serving = [name for name, details in layout.items() if store.alias(locale) in details["aliases"]]
        assert len(serving) == 1 and serving[0].startswith(f"{store.prefix}-{locale}-")
    assert numbers(search(store, "permis de sedere"))[0] == "A-0001"
