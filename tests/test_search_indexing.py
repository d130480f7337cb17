"""Index updates follow Wagtail's signals: a published change is searchable at once."""

import pytest
from wagtail.models import Locale

from faq.translations import save_and_publish, translate_page
from search.models import SearchEntry

from .factories import entry_record, write_entries
from .search_helpers import numbers, search

pytestmark = pytest.mark.smoke


@pytest.fixture
def entry(sections):
    (page,) = write_entries(entry_record("A-0201", languages=("ro",), translation={
        "question": "Cum deschid un cont bancar în Portugalia?", "keywords": ["cont bancar"],
    }))
    return page


def test_publishing_makes_the_entry_searchable(entry):
    result = search("cont bancar portugalia")
    assert numbers(result) == ["A-0201"]
    assert result.hits[0].url == entry.url


def test_a_published_edit_replaces_the_old_text(entry):
    entry.title = "Cum deschid un cont de economii în Portugalia?"
    save_and_publish(entry)
    assert numbers(search("economii")) == ["A-0201"]
    assert numbers(search("cum deschid cont bancar"))  # keyword still there
    assert SearchEntry.objects.get(page_id=entry.pk).question == entry.title


def test_a_draft_is_not_searchable_until_published(entry):
    entry.title = "Cum închid un depozit în Portugalia?"
    entry.save_revision()
    assert numbers(search("depozit")) == []
    entry.get_latest_revision().publish()
    assert numbers(search("depozit")) == ["A-0201"]


def test_unpublishing_removes_the_entry(entry):
    entry.unpublish()
    assert numbers(search("cont bancar portugalia")) == []
    assert not SearchEntry.objects.filter(page_id=entry.pk).exists()


def test_deleting_removes_the_entry(entry):
    page_id = entry.pk
    entry.delete()
    assert numbers(search("cont bancar portugalia")) == []
    assert not SearchEntry.objects.filter(page_id=page_id).exists()


def test_moving_updates_the_url(entry, sections):
    new_parent = sections.faq_index.get_translation(Locale.objects.get(language_code="en"))
    entry.move(new_parent, pos="last-child")
    entry.refresh_from_db()
    (hit,) = search("cont bancar portugalia").hits
    assert hit.url == entry.url and hit.url.startswith(new_parent.url)


def test_a_section_slug_change_updates_the_urls_below_it(entry, sections, django_capture_on_commit_callbacks):
    faq_index = sections.faq_index
    faq_index.slug = "raspunsuri"
    # Wagtail announces a slug change once the transaction commits.
    with django_capture_on_commit_callbacks(execute=True):
        save_and_publish(faq_index)
    entry.refresh_from_db()
    (hit,) = search("cont bancar portugalia").hits
    assert "/raspunsuri/" in hit.url and hit.url == entry.url


def test_publishing_a_translation_makes_it_searchable_in_its_language(entry):
    assert numbers(search("bank account", locale="en")) == []
    translate_page(entry, Locale.objects.get(language_code="en"), {
        "title": "How do I open a bank account in Portugal?", "slug": "bank-account-portugal",
    })
    result = search("bank account", locale="en")
    assert numbers(result) == ["A-0201"]
    assert result.hits[0].url.startswith("/en/")
    assert numbers(search("cont bancar", locale="ro")) == ["A-0201"]
