"""Elasticsearch configured but unreachable: searches fall back, publishing goes on, updates wait."""

import logging

import pytest
from django.test import override_settings

from search import backends
from search.indexing import retry_pending
from search.models import PendingIndexUpdate

from .factories import entry_record, write_entries
from .search_helpers import numbers, search

pytestmark = pytest.mark.smoke

# Port 9 (discard) on loopback: connections are refused at once, as with a stopped cluster.
UNREACHABLE = {"KB_SEARCH_BACKEND": "elasticsearch", "ELASTICSEARCH_URL": "http://127.0.0.1:9", "KB_SEARCH_TIMEOUT_MS": 300}


@pytest.fixture(autouse=True)
def fresh_health():
    backends.health.reset()
    yield
    backends.health.reset()


def test_search_falls_back_to_the_database_and_says_so(sections, caplog):
    write_entries(entry_record("A-0401", translation={"question": "Cum trimit bani acasă din Spania?"}))
    with override_settings(**UNREACHABLE), caplog.at_level(logging.WARNING, logger="search"):
        first = search("trimit bani spania")
        second = search("bani acasa")
    assert first.backend == second.backend == "database-fallback"
    assert numbers(first) == numbers(second) == ["A-0401"]
    warnings = [record for record in caplog.records if "Elasticsearch unavailable" in record.getMessage()]
    assert len(warnings) == 1  # at most once a minute


def test_api_reports_the_fallback(client, sections):
    write_entries(entry_record("A-0402"))
    with override_settings(**UNREACHABLE):
        body = client.get("/api/search/", {"q": "permisul de sedere", "locale": "ro"}).json()
    assert body["backend"] == "database-fallback" and body["hits"][0]["answer_number"] == "A-0402"


def test_publishing_succeeds_and_the_failed_update_is_queued(sections, django_capture_on_commit_callbacks):
    with override_settings(**UNREACHABLE), django_capture_on_commit_callbacks(execute=True):
        (entry,) = write_entries(entry_record("A-0403", languages=("ro",)))
    assert entry.live
    # The database store has it (operators keep finding it through the fallback)...
    with override_settings(**UNREACHABLE):
        assert numbers(search("permisul de sedere")) == ["A-0403"]
    # ...and Elasticsearch's update waits in the queue.
    pending = PendingIndexUpdate.objects.get(page_id=entry.pk)
    assert pending.store == "elasticsearch" and pending.last_error
    with override_settings(**UNREACHABLE):
        assert retry_pending() == (0, 1)
    pending.refresh_from_db()
    assert pending.attempts == 2
