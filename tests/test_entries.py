"""Answer numbers, category paths, fact-sheet rules and the verification status of entries."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from faq.models import Category, Country, CountryFactSheetPage, FaqPage
from faq.verification import SourceReview, status_for

from .factories import make_entry

TODAY = date(2026, 11, 22)


def test_answer_number_is_shared_by_all_translations(sections):
    entry = make_entry(number="A-0042")
    numbers = set(FaqPage.objects.filter(translation_key=entry.translation_key).values_list("answer_number", flat=True))
    assert numbers == {"A-0042"}


def test_new_entries_get_the_next_free_answer_number(sections):
    make_entry(number="A-0010")
    entry = FaqPage(title="Q", slug="q", short_answer="A", answer=[], category=Category.objects.first())
    sections.faq_index.add_child(instance=entry)
    assert entry.answer_number == "A-0011"


def test_answer_number_of_another_entry_is_refused(sections):
    make_entry(number="A-0005")
    other = make_entry(number="A-0006")
    other.answer_number = "A-0005"
    with translation.override("en"), pytest.raises(ValidationError, match="belongs to another entry"):
        other.full_clean()


def test_category_path_joins_parent_and_child_slugs(db):
    category = Category.objects.get(locale__language_code="en", path="work-employment/seasonal-work")
    assert str(category) == "Work and employment › Seasonal work"


def test_category_tree_has_two_levels_only(db):
    grandchild = Category(
        name="Too deep", slug="deep", locale=Category.objects.first().locale,
        parent=Category.objects.filter(parent__isnull=False).first(),
    )
    with translation.override("en"), pytest.raises(ValidationError, match="two levels"):
        grandchild.clean()


def test_reference_data_has_every_country_in_four_languages(db):
    assert Country.objects.filter(locale__language_code="ro").count() == 249
    names = dict(Country.objects.filter(code="MD").values_list("locale__language_code", "name"))
    assert names == {"ro": "Moldova", "ru": "Молдова", "uk": "Молдова", "en": "Moldova"}


def test_twelve_top_level_categories_with_review_intervals(db):
    tops = Category.objects.filter(locale__language_code="ro", parent__isnull=True)
    assert tops.count() == 12
    assert tops.get(path="entry-stay-documents").review_interval_days == 90
    assert all(c.children.exists() for c in tops)


def test_second_fact_sheet_for_the_same_country_and_language_is_refused(sections):
    italy = Country.objects.get(locale__language_code="ro", code="IT")
    first = CountryFactSheetPage(title="Italia", slug="it", country=italy, summary="S", sections=[])
    sections.country_index.add_child(instance=first)
    second = CountryFactSheetPage(title="Italia 2", slug="it2", country=italy, summary="S", sections=[], locale=first.locale)
    with translation.override("en"), pytest.raises(ValidationError, match="already has a fact sheet"):
        second.clean()


@pytest.mark.parametrize(
    "verified_on, interval, expected",
    [
        (date(2026, 10, 1), 90, "current"),
        (date(2026, 9, 1), 90, "due_soon"),     # due 2026-11-30, within 14 days
        (date(2026, 8, 1), 90, "overdue"),      # due 2026-10-30
        (None, 90, "overdue"),                  # never verified
    ],
)
def test_verification_status_from_source_dates(verified_on, interval, expected):
    _due, status = status_for([SourceReview(verified_on, None)], interval, today=TODAY)
    assert status == expected


def test_entry_without_sources_is_unsourced():
    assert status_for([], 90, today=TODAY) == (None, "unsourced")


def test_review_due_is_the_earliest_source_due_date():
    due, _status = status_for(
        [SourceReview(date(2026, 10, 1), 30), SourceReview(date(2026, 10, 1), 365)], 90, today=TODAY,
    )
    assert due == date(2026, 10, 31)


def test_saved_entry_stores_its_review_due_and_status(sections):
    entry = make_entry(sources=[{
        "title": "Gov", "url": "https://www.gov.uk/", "authority": "UK Government", "type": "official",
        "last_verified_on": "2020-01-01", "verified_by": "", "review_interval_days": 30,
    }])
    assert entry.review_due == date(2020, 1, 31)
    assert entry.verification_status == "overdue"


def test_fact_sheet_section_shows_its_own_review_date(client, sections):
    italy = Country.objects.get(locale__language_code="ro", code="IT")
    source = {
        "title": "Portale", "url": "https://www.integrazionemigranti.gov.it/", "authority": "Ministero",
        "source_type": "official", "last_verified_on": "2026-01-10", "verified_by": "", "review_interval_days": 30,
    }
    sheet = CountryFactSheetPage(
        title="Italia", slug="it", country=italy, summary="Rezumat",
        sections=[{"type": "section", "value": {"kind": "work", "body": "<p>Munca.</p>", "sources": [source]}}],
    )
    sections.country_index.add_child(instance=sheet)
    sheet.save_revision().publish()
    assert sheet.review_due == date(2026, 2, 9)
    assert "09.02.2026" in client.get(sheet.url).content.decode()
