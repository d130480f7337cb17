"""The demo content: its shape, its coverage, and that load_demo is idempotent."""

from collections import Counter

import pytest
from django.core.management import call_command
from wagtail.models import Page, Revision
from wagtail_localize.models import Translation

from faq.demo import schema
from faq.demo.loader import DemoLoader, read_content
from faq.models import CountryFactSheetPage, FaqPage, Organisation


@pytest.fixture(scope="module")
def content():
    return read_content()


def test_content_files_pass_the_schema():
    assert schema.check_all() == []


def test_demo_covers_every_category_and_enough_countries(content):
    entries = content["entries"]
    assert len(entries) >= 100
    tops = {entry["category"].split("/")[0] for entry in entries}
    assert tops == {c.split("/")[0] for c in schema.category_paths()}
    countries = {code for entry in entries for code in entry["countries"]}
    assert {"MD", "UA", "IT", "DE", "RO", "RU", "IL", "GB"} <= countries and len(countries) >= 15
    assert len(content["fact_sheets"]) >= 10
    assert len(content["organisations"]) >= 20


def test_about_ten_percent_of_entries_are_for_operators_only(content):
    visibility = Counter(entry["visibility"] for entry in content["entries"])
    share = visibility["operators"] / len(content["entries"])
    assert 0.05 <= share <= 0.15


def test_every_entry_is_written_in_four_languages(content):
    for entry in content["entries"]:
        assert all(entry[language]["question"] for language in ("ro", "ru", "uk", "en")), entry["slug"]


def state():
    return {
        "pages": Page.objects.count(),
        "revisions": Revision.objects.count(),
        "translations": Translation.objects.count(),
        "organisations": Organisation.objects.count(),
        "latest_revision": Revision.objects.order_by("-pk").values_list("pk", flat=True).first(),
    }


def test_load_demo_is_idempotent_links_translations_and_has_one_overdue_fact_sheet(db):
    """One load with fact sheets serves both checks: it is the slowest thing the suite does."""
    from faq.demo.loader import DEMO_OVERDUE_FACT_SHEET

    # The first ten entries include one tagged with the overdue sheet's country (the tenth).
    call_command("load_demo", entries=10, verbosity=0)
    first = state()
    overdue = set(CountryFactSheetPage.objects.filter(verification_status="overdue").values_list("country__code", flat=True))
    assert overdue == {DEMO_OVERDUE_FACT_SHEET}
    tagged = FaqPage.objects.filter(countries__code=DEMO_OVERDUE_FACT_SHEET).exclude(verification_status="unsourced")
    assert tagged.exists() and set(tagged.values_list("verification_status", flat=True)) == {"at_risk"}
    assert FaqPage.objects.exclude(verification_status="at_risk").filter(countries__isnull=False).exists()

    call_command("load_demo", entries=10, verbosity=0)
    assert state() == first
    entry = FaqPage.objects.get(answer_number="A-0001", locale__language_code="ro")
    assert {p.locale.language_code for p in entry.get_translations(inclusive=True)} == {"ro", "ru", "uk", "en"}
    assert Translation.objects.filter(source__object_id=entry.translation_key).count() == 3
    assert CountryFactSheetPage.objects.filter(locale__language_code="uk").count() == len(read_content()["fact_sheets"])


def test_load_demo_shows_every_verification_state(db):
    # Review dates repeat every 20 entries; the first 15 include every state (verification_schedule).
    call_command("load_demo", entries=15, no_fact_sheets=True, verbosity=0)
    statuses = set(FaqPage.objects.values_list("verification_status", flat=True))
    assert {"current", "due_soon", "overdue"} <= statuses


def test_volume_generation_repeats_entries_as_numbered_variants(db, content):
    """Three hand-written entries stand for the hundred (writing those would take two minutes)."""
    total = 5
    DemoLoader({**content, "entries": content["entries"][:3]}).run(entry_count=total, with_fact_sheets=False)
    assert FaqPage.objects.filter(locale__language_code="ro").count() == total
    variant = FaqPage.objects.get(answer_number=f"A-{total:04d}", locale__language_code="ro")
    assert variant.title.endswith("(v1)")
    translations = FaqPage.objects.filter(translation_key=variant.translation_key)
    assert {p.locale.language_code for p in translations} == {"ro", "ru", "uk", "en"}
    for page in translations:
        assert page.live and page.live_revision_id and not page.has_unpublished_changes
        assert page.sources.exists() and page.category.locale_id == page.locale_id
        assert page.get_parent().specific.__class__.__name__ == "FaqIndexPage"


def test_load_demo_rebuilds_the_stock_search_index(db):
    call_command("load_demo", entries=3, no_fact_sheets=True, verbosity=0)
    entry = FaqPage.objects.get(answer_number="A-0002", locale__language_code="ro")
    results = FaqPage.objects.live().search(entry.title.split()[2], operator="or")
    assert entry.pk in {page.pk for page in results}


def test_related_entries_are_part_of_the_published_revision(db):
    call_command("load_demo", entries=12, no_fact_sheets=True, verbosity=0)
    linked = [p for p in FaqPage.objects.filter(locale__language_code="uk") if p.related_entries.exists()]
    assert linked
    for page in linked:
        in_revision = page.get_latest_revision_as_object().related_entries.all()
        assert [r.entry_id for r in in_revision] == [r.entry_id for r in page.related_entries.all()]
