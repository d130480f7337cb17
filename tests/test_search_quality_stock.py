"""The quality harness's baseline: Wagtail's stock search, scoped and filtered like ours, on real pages."""

import pytest
from django.core.management import call_command

from bench.search_quality import answer_numbers, run_engine, search_stock
from faq.models import FaqPage

pytestmark = pytest.mark.smoke

SCHENGEN, UK_VISA, ITALY_PERMIT = "e1-schengen-visa-free-stay", "e1-uk-visitor-visa", "e1-italy-residence-permit"


@pytest.fixture
def numbers(db):
    # The first three demo entries: Schengen visa-free stay, UK visitor visa, Italian residence permit.
    call_command("load_demo", entries=3, no_fact_sheets=True, verbosity=0)
    return answer_numbers()


def found(text, language="ro", filters=None, scope=None):
    query = {"id": "t", "language": language, "kind": "exact", "query": text, "expected": [], "filters": filters or {}}
    if scope:
        query["scope"] = scope
    results, backend = search_stock(query)
    assert backend == "wagtail"
    return results


def test_answer_numbers_map_demo_slugs_to_the_number_every_translation_shares(numbers):
    assert set(numbers) == {SCHENGEN, UK_VISA, ITALY_PERMIT}
    russian = FaqPage.objects.get(locale__language_code="ru", translation_key=FaqPage.objects.get(
        locale__language_code="ro", slug=UK_VISA).translation_key)
    assert russian.answer_number == numbers[UK_VISA]


def test_stock_search_finds_an_entry_in_the_query_language(numbers):
    assert found("permesso di soggiorno")[0] == numbers[ITALY_PERMIT]
    assert found("гостевая виза", language="ru")[0] == numbers[UK_VISA]


def test_country_filter_narrows_before_searching(numbers):
    assert set(found("viză")) >= {numbers[SCHENGEN], numbers[UK_VISA]}
    assert found("viză", filters={"country": "GB"}) == [numbers[UK_VISA]]


def test_category_filter_takes_a_top_level_slug_or_a_full_path(numbers):
    assert numbers[UK_VISA] in found("viză", filters={"category": "entry-stay-documents"})
    assert numbers[UK_VISA] in found("viză", filters={"category": "entry-stay-documents/visas"})
    assert found("viză", filters={"category": "work-employment"}) == []


def test_audience_filter_keeps_entries_written_for_that_audience(numbers):
    assert found("viză", filters={"audience": "student"}) == [numbers[SCHENGEN]]


def test_public_scope_never_returns_operator_entries(numbers):
    FaqPage.objects.filter(slug=UK_VISA).update(visibility="operators")
    assert found("viză", filters={"country": "GB"}) == []
    assert found("viză", filters={"country": "GB"}, scope="operator") == [numbers[UK_VISA]]


def test_run_engine_ranks_the_expected_entry_among_the_results(numbers):
    queries = [
        {"id": "ro-1", "language": "ro", "kind": "exact", "query": "permesso di soggiorno", "expected": [ITALY_PERMIT]},
        {"id": "ro-2", "language": "ro", "kind": "typo", "query": "permeso", "expected": [ITALY_PERMIT]},
    ]
    outcomes, backends = run_engine("stock", queries, numbers)
    assert backends == {"wagtail"}
    assert [outcome["rank"] for outcome in outcomes] == [1, None]
