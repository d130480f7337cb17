"""System checks catch search misconfiguration before it reaches an operator."""

import pytest
from django.test import override_settings

from search.checks import check_search_settings

pytestmark = pytest.mark.smoke


def ids(**settings):
    with override_settings(**settings):
        return [error.id for error in check_search_settings()]


def test_default_configuration_passes():
    assert ids() == []
    assert ids(KB_SEARCH_BACKEND="elasticsearch", ELASTICSEARCH_URL="https://user:pw@search.internal:9200") == []


@pytest.mark.parametrize("settings, expected", [
    ({"KB_SEARCH_BACKEND": "solr"}, "search.E001"),
    ({"KB_SEARCH_BACKEND": "elasticsearch", "ELASTICSEARCH_URL": ""}, "search.E002"),
    ({"ELASTICSEARCH_URL": "search.internal:9200"}, "search.E003"),
    ({"ELASTICSEARCH_URL": "ftp://search.internal"}, "search.E003"),
    ({"KB_SEARCH_TIMEOUT_MS": 0}, "search.E004"),
    ({"KB_SEARCH_TIMEOUT_MS": "300"}, "search.E004"),
    ({"KB_SEARCH_INDEX_PREFIX": "KB Faq"}, "search.E005"),
    ({"KB_SEARCH_INDEX_PREFIX": "_kb"}, "search.E005"),
    ({"KB_SEARCH_LOG_RETENTION_DAYS": -1}, "search.E007"),
])
def test_misconfiguration_is_reported(settings, expected):
    assert expected in ids(**settings)


def test_checks_run_with_the_management_command(capsys):
    from django.core.management import call_command
    from django.core.management.base import SystemCheckError

    with override_settings(KB_SEARCH_BACKEND="solr"), pytest.raises(SystemCheckError, match="search.E001"):
        call_command("check")
