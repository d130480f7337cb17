"""System checks for search settings: a misconfigured search must stop a deploy, not a call."""

import re
from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Error, Tags, register

INDEX_PREFIX = re.compile(r"^[a-z0-9][a-z0-9_-]{0,59}$")


def _positive_int(name):
    value = getattr(settings, name, None)
    return isinstance(value, int) and not isinstance(value, bool) and value > 0


@register(Tags.compatibility, "search")
def check_search_settings(app_configs=None, **kwargs):
    from search.backends import BACKENDS, ELASTICSEARCH

    errors = []
    backend = getattr(settings, "KB_SEARCH_BACKEND", None)
    url = getattr(settings, "ELASTICSEARCH_URL", "") or ""
    if backend not in BACKENDS:
        errors.append(Error(
            f"KB_SEARCH_BACKEND is {backend!r}; it must be one of {', '.join(BACKENDS)}.",
            hint="Leave it unset: it follows ELASTICSEARCH_URL.", id="search.E001"))
    if backend == ELASTICSEARCH and not url:
        errors.append(Error(
            "KB_SEARCH_BACKEND is 'elasticsearch' but ELASTICSEARCH_URL is empty.",
            hint="Set ELASTICSEARCH_URL, e.g. http://elasticsearch:9200.", id="search.E002"))
    if url:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            errors.append(Error(
                f"ELASTICSEARCH_URL {url!r} is not an http(s) URL with a host.",
                hint="For example https://user:password@search.internal:9200", id="search.E003"))
    if not _positive_int("KB_SEARCH_TIMEOUT_MS"):
        errors.append(Error(
            "KB_SEARCH_TIMEOUT_MS must be a positive number of milliseconds.",
            hint="The default, 300, keeps operators waiting at most 0.3 s for Elasticsearch.", id="search.E004"))
    prefix = getattr(settings, "KB_SEARCH_INDEX_PREFIX", "")
    if not isinstance(prefix, str) or not INDEX_PREFIX.match(prefix):
        errors.append(Error(
            f"KB_SEARCH_INDEX_PREFIX {prefix!r} is not a valid Elasticsearch index name prefix.",
            hint="Lower-case letters, digits, '-' and '_', starting with a letter or digit.", id="search.E005"))
    if backend == ELASTICSEARCH:
        try:
            import elasticsearch_dsl  # noqa: F401
        except ImportError:
            errors.append(Error(
                "KB_SEARCH_BACKEND is 'elasticsearch' but elasticsearch-dsl is not installed.",
                hint="pip install -r requirements.txt", id="search.E006"))
    if not _positive_int("KB_SEARCH_LOG_RETENTION_DAYS"):
        errors.append(Error(
            "KB_SEARCH_LOG_RETENTION_DAYS must be a positive number of days.", id="search.E007"))
    return errors
