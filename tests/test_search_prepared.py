"""The PostgreSQL search statement runs prepared, once per session and shape, and answers as before."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from search.stores.prepared import numbered

from .factories import entry_record, write_entries
from .search_helpers import numbers, search


def test_placeholders_become_numbered_parameters():
    assert numbered("SELECT %s, '100%%', x LIKE %s") == "SELECT $1, '100%', x LIKE $2"
    assert numbered("SELECT 1") == "SELECT 1"


@pytest.fixture
def postgres_entries(sections):
    if connection.vendor != "postgresql":
        pytest.skip("prepared statements are PostgreSQL's")
    record = entry_record("A-0141", countries=["IT"])
    record["translations"] = {"ro": {
        "question": "Cum reînnoiesc permisul de ședere în Italia?", "slug": "permis-italia",
        "alternative_phrasings": [], "keywords": [], "short_answer": "La poștă, cu 60 de zile înainte.",
        "answer": [{"type": "text", "value": "<p>La poștă, cu 60 de zile înainte.</p>"}],
        "sms_text": "", "internal_notes": "",
    }}
    return write_entries(record)


def statements(text, **filters):
    with CaptureQueriesContext(connection) as captured:
        found = search(text, **filters)
    return found, [query["sql"].split()[0] for query in captured.captured_queries
                   if query["sql"].startswith(("PREPARE", "EXECUTE", "WITH"))]


def test_each_shape_is_prepared_once_per_session(postgres_entries):
    # Earlier tests on this connection may have prepared these shapes: start from none.
    from search.stores import prepared

    with connection.cursor() as cursor:
        cursor.execute("DEALLOCATE ALL")
    prepared._prepared.pop(connection.connection, None)
    first, run = statements("permisul sedere")
    assert numbers(first) == ["A-0141"] and run == ["PREPARE", "EXECUTE"]
    again, run = statements("reinnoiesc italia")  # other words, same shape
    assert numbers(again) == ["A-0141"] and run == ["EXECUTE"]
    filtered, run = statements("permisul sedere", country="IT")  # another shape
    assert numbers(filtered) == ["A-0141"] and run == ["PREPARE", "EXECUTE"]


@pytest.mark.django_db(transaction=True)
def test_a_new_session_prepares_them_again(postgres_entries):
    assert statements("permisul sedere")[1][-1] == "EXECUTE"  # prepared in this session, maybe earlier
    connection.close()
    reconnected, run = statements("permisul sedere")
    assert numbers(reconnected) == ["A-0141"] and run == ["PREPARE", "EXECUTE"]


def test_the_setting_turns_them_off_with_the_same_answers(postgres_entries, settings):
    prepared = search("permisul sedere", country="IT").as_dict()
    settings.KB_SEARCH_PREPARED_STATEMENTS = False
    found, run = statements("permisul sedere", country="IT")
    assert run == ["WITH"]
    plain = found.as_dict()
    assert {**plain, "took_ms": 0} == {**prepared, "took_ms": 0}


def test_sessions_plan_prepared_statements_generically(postgres_entries):
    with connection.cursor() as cursor:
        cursor.execute("SHOW plan_cache_mode")
        assert cursor.fetchone()[0] == "force_generic_plan"
