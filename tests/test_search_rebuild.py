"""A rebuild loses nothing that changes while it runs (issue 3 point 4).

The rebuild works from a snapshot of the live pages. Each test changes content from the store's
``progress`` callback, which the database store calls inside its rebuild before it writes the
first batch: without the catch-up afterwards the snapshot would overwrite the change.
"""

from datetime import timedelta

import pytest
from django.utils import timezone
from wagtail.log_actions import log
from wagtail.models import PageLogEntry

from faq.models import Category
from faq.translations import save_and_publish
from search.backends import database_store
from search.indexing import rebuild_index
from search.models import PendingIndexUpdate, SearchEntry

from .factories import entry_record, write_entries
from .search_helpers import numbers, search

pytestmark = pytest.mark.smoke


@pytest.fixture
def entry(sections):
    (page,) = write_entries(entry_record("A-0301", languages=("ro",), translation={
        "question": "Cum deschid un cont bancar în Portugalia?", "keywords": ["cont bancar"],
    }))
    # Published long before the rebuild, so only what changes during it is caught up.
    PageLogEntry.objects.update(timestamp=timezone.now() - timedelta(hours=1))
    return page


def rebuild_while(change):
    """Rebuild the database store, making ``change`` once the rebuild has taken its snapshot."""
    pending = [change]

    def progress(locale, done, total):
        if pending:
            pending.pop()()

    rebuild_index(stores=[database_store()], progress=progress)
    assert not pending, "the store never reported progress"


def test_an_edit_published_during_a_rebuild_is_searchable_afterwards(entry):
    def publish_edit():
        entry.title = "Cum deschid un cont de economii în Portugalia?"
        save_and_publish(entry)

    rebuild_while(publish_edit)
    assert numbers(search("economii")) == ["A-0301"]
    assert SearchEntry.objects.get(page_id=entry.pk).question == entry.title


def test_an_entry_unpublished_during_a_rebuild_is_gone_afterwards(entry):
    rebuild_while(entry.unpublish)
    assert numbers(search("cont bancar portugalia")) == []
    assert not SearchEntry.objects.filter(page_id=entry.pk).exists()


def test_an_entry_deleted_during_a_rebuild_is_gone_afterwards(entry):
    page_id = entry.pk
    rebuild_while(entry.delete)
    assert numbers(search("cont bancar portugalia")) == []
    assert not SearchEntry.objects.filter(page_id=page_id).exists()


def test_a_section_renamed_during_a_rebuild_changes_the_urls_below_it(entry, sections):
    def rename_section():
        sections.faq_index.slug = "raspunsuri"
        save_and_publish(sections.faq_index)

    rebuild_while(rename_section)
    entry.refresh_from_db()
    (hit,) = search("cont bancar portugalia").hits
    assert "/raspunsuri/" in hit.url and hit.url == entry.url


def test_a_category_renamed_during_a_rebuild_shows_in_the_hits(entry):
    top = entry.category.parent

    def rename_category():
        # As the snippet editor does: save, then log the edit.
        top.name = "Acte și permise"
        top.save()
        log(instance=top, action="wagtail.edit")

    rebuild_while(rename_category)
    (hit,) = search("cont bancar portugalia").hits
    assert hit.category_name.startswith("Acte și permise › ")
    assert Category.objects.get(pk=top.pk).name == "Acte și permise"


def test_a_failure_queued_during_a_rebuild_is_kept_for_retry(entry):
    def fail():
        PendingIndexUpdate.objects.create(page_id=entry.pk, store="database", last_error="timeout")

    rebuild_while(fail)
    assert list(PendingIndexUpdate.objects.values_list("page_id", "store")) == [(entry.pk, "database")]


def test_failures_queued_before_a_rebuild_are_cleared_by_it(entry):
    PendingIndexUpdate.objects.create(page_id=entry.pk, store="database", last_error="timeout")
    rebuild_index(stores=[database_store()])
    assert not PendingIndexUpdate.objects.exists()
    assert numbers(search("cont bancar portugalia")) == ["A-0301"]
