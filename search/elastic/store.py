"""The Elasticsearch search store (search/stores/base.py's SearchStore).

Searches get the short ``KB_SEARCH_TIMEOUT_MS`` and no retries: a slow cluster must hand the
question to the database store quickly. Writes get longer timeouts; their failures are queued
and retried by the caller. Every client or server error leaves as StoreUnavailable.
"""

import logging
from contextlib import contextmanager
from itertools import islice

from django.conf import settings
from elastic_transport import ApiError, TransportError
from elasticsearch import Elasticsearch, NotFoundError, helpers
from elasticsearch.helpers import BulkIndexError

from search.elastic.analysis import LANGUAGES
from search.elastic.mapping import alias_name, index_body, is_index_of, new_index_name
from search.elastic.prepare import prepare
from search.elastic.queries import has_words, query_body
from search.elastic.responses import parse_response
from search.query import empty_result
from search.stores.base import StoreUnavailable

logger = logging.getLogger("search")

WRITE_TIMEOUT_S = 30
REBUILD_TIMEOUT_S = 120
CHUNK_SIZE = 500
ERRORS = (ApiError, TransportError, BulkIndexError)


def _reason(result):
    """"type: reason" of one failed bulk item (``result`` is the item's body under its op type)."""
    error = result.get("error")
    if isinstance(error, dict):
        return f"{error.get('type', 'error')}: {error.get('reason', '')}"
    return str(error or f"status {result.get('status')}")


def _describe(error):
    """What went wrong, without the documents a bulk error carries (they hold internal notes)."""
    if isinstance(error, BulkIndexError):
        reasons = sorted({_reason(result) for item in error.errors for result in item.values()})
        return f"{len(error.errors)} bulk action(s) failed ({'; '.join(reasons)})"
    return str(error)


@contextmanager
def _unavailable_on_error(action):
    try:
        yield
    except ERRORS as error:
        raise StoreUnavailable(f"Elasticsearch {action} failed: {_describe(error)}") from error


def _chunks(items, size=CHUNK_SIZE):
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def swap_actions(prefix, layout, new_indices):
    """The update_aliases actions moving every alias to its new index, for one atomic call.

    ``layout`` is {index name: its aliases} before the swap; ``new_indices`` {locale: new index}.
    """
    actions = []
    for locale, new_index in new_indices.items():
        alias = alias_name(prefix, locale)
        if alias in layout:
            # A concrete index squatting on the alias's name (auto-created by a stray write).
            actions.append({"remove_index": {"index": alias}})
        actions += [{"remove": {"index": name, "alias": alias}}
                    for name, aliases in sorted(layout.items()) if alias in aliases and name != new_index]
        actions.append({"add": {"index": new_index, "alias": alias}})
    return actions


def stale_indices(prefix, layout, new_indices):
    """Every index of the rebuilt locales other than the new ones: what a rebuild deletes after the swap."""
    return sorted(
        name for name in layout for locale, new_index in new_indices.items()
        if is_index_of(name, prefix, locale) and name != new_index
    )


class ElasticsearchStore:
    name = "elasticsearch"

    def __init__(self, url, prefix, timeout_ms, *, locales=LANGUAGES, shards=None, replicas=None):
        self.prefix = prefix
        self.locales = tuple(locales)
        self.timeout_s = timeout_ms / 1000
        self.shards = shards if shards is not None else getattr(settings, "KB_SEARCH_SHARDS", 1)
        self.replicas = replicas if replicas is not None else getattr(settings, "KB_SEARCH_REPLICAS", 0)
        self.client = Elasticsearch(url, request_timeout=self.timeout_s, max_retries=0, retry_on_timeout=False)
        self._indices_ensured = False

    def alias(self, locale):
        return alias_name(self.prefix, locale)

    def _client(self, timeout_s):
        return self.client.options(request_timeout=timeout_s, max_retries=0, retry_on_timeout=False)

    # Searching -----------------------------------------------------------------------------

    def search(self, request):
        if not has_words(request.text) and not request.filters():
            return empty_result(self.name)
        with _unavailable_on_error("search"):
            response = self._client(self.timeout_s).search(index=self.alias(request.locale), body=query_body(request))
        try:
            return parse_response(response.body, request)
        except (KeyError, TypeError, ValueError, AttributeError) as error:
            raise StoreUnavailable(f"Elasticsearch answered a search with an unexpected response: {error!r}") from error

    # Writing -------------------------------------------------------------------------------

    def index(self, documents):
        documents = list(documents)
        if not documents:
            return
        if not self._indices_ensured:
            self.ensure_indices()
            self._indices_ensured = True
        actions = [
            {"_op_type": "index", "_index": self.alias(document.locale), "_id": document.id, "_source": prepare(document)}
            for document in documents
        ]
        # require_alias: never let a write auto-create a concrete index under an alias's name.
        # refresh: a published change must be searchable within a second (DESIGN.md section 6),
        # and the default refresh interval alone takes up to a second after the write.
        with _unavailable_on_error("indexing"):
            helpers.bulk(self._client(WRITE_TIMEOUT_S), actions, chunk_size=CHUNK_SIZE, require_alias=True, refresh=True)

    def delete(self, document_ids):
        actions = [
            {"_op_type": "delete", "_index": self.alias(locale), "_id": document_id}
            for document_id in document_ids
            if (locale := document_id.split(":", 1)[0]) in self.locales
        ]
        if not actions:
            return
        # 404: the document (or the whole index) is not there, which is what deleting wants.
        with _unavailable_on_error("deleting"):
            helpers.bulk(self._client(WRITE_TIMEOUT_S), actions, chunk_size=CHUNK_SIZE, ignore_status=(404,), refresh=True)

    def refresh(self):
        """Make every write so far searchable now (Elasticsearch otherwise does so within a second)."""
        with _unavailable_on_error("refresh"):
            self._client(WRITE_TIMEOUT_S).indices.refresh(index=",".join(self.alias(locale) for locale in self.locales))

    # Indices -------------------------------------------------------------------------------

    def _layout(self, client):
        """{index name: set of its aliases} for every index under this store's prefix."""
        try:
            response = client.indices.get_alias(index=f"{self.prefix}-*", expand_wildcards="all")
        except NotFoundError:
            return {}
        return {name: set(details.get("aliases", {})) for name, details in response.body.items()}

    def _create(self, client, locale, with_alias=False):
        name = new_index_name(self.prefix, locale)
        body = index_body(locale, self.shards, self.replicas)
        if with_alias:
            body["aliases"] = {self.alias(locale): {}}
        client.indices.create(index=name, **body)
        return name

    def ensure_indices(self):
        """Create an index and alias for every locale that has none; returns the new index names."""
        client = self._client(WRITE_TIMEOUT_S)
        created = []
        with _unavailable_on_error("creating indices"):
            layout = self._layout(client)
            served = set().union(*layout.values())
            for locale in self.locales:
                if self.alias(locale) not in served:
                    created.append(self._create(client, locale, with_alias=True))
        return created

    def rebuild(self, documents_by_locale, progress=None):
        """Load every locale into new indices, swap all aliases in one call, delete the old indices.

        Searches see the old indices until the swap. If anything fails before it, the new indices
        are deleted and the old ones keep serving.
        """
        unknown = set(documents_by_locale) - set(LANGUAGES)
        if unknown:
            raise ValueError(f"No Elasticsearch analysis for locales {sorted(unknown)}")
        locales = [*self.locales, *(locale for locale in documents_by_locale if locale not in self.locales)]
        client = self._client(REBUILD_TIMEOUT_S)
        new_indices = {}
        counts = {}
        try:
            with _unavailable_on_error("rebuild"):
                for locale in locales:
                    new_indices[locale] = self._create(client, locale)
                    counts[locale] = self._load(client, new_indices[locale], locale, documents_by_locale.get(locale, ()), progress)
                client.indices.refresh(index=",".join(new_indices.values()))
                layout = self._layout(client)
                client.indices.update_aliases(actions=swap_actions(self.prefix, layout, new_indices))
        except BaseException:
            self._delete_quietly(client, self._unserving(client, new_indices.values()))
            raise
        self._indices_ensured = True
        self._delete_quietly(client, stale_indices(self.prefix, layout, new_indices))
        return counts

    def _load(self, client, index_name, locale, documents, progress):
        documents = list(documents)
        done = 0
        if progress:
            progress(locale, 0, len(documents))
        for chunk in _chunks(documents):
            actions = [{"_op_type": "index", "_index": index_name, "_id": document.id, "_source": prepare(document)}
                       for document in chunk]
            helpers.bulk(client, actions, chunk_size=CHUNK_SIZE)
            done += len(chunk)
            if progress:
                progress(locale, done, len(documents))
        return done

    def _unserving(self, client, names):
        """Those of ``names`` no alias points to (a swap that timed out may still have happened)."""
        names = list(names)
        if not names:
            return []
        try:
            layout = self._layout(client)
        except ERRORS:
            return []  # unknown state: leave them; the next rebuild deletes whatever is stale
        return [name for name in names if not layout.get(name)]

    def _delete_quietly(self, client, names):
        """Delete indices; a failure is logged, and the next rebuild deletes what is left."""
        if not names:
            return
        try:
            client.indices.delete(index=",".join(names))
        except ERRORS as error:
            logger.warning("Could not delete Elasticsearch indices %s: %s", names, _describe(error))

    # Status --------------------------------------------------------------------------------

    def status(self):
        client = self._client(WRITE_TIMEOUT_S)
        locales = {}
        with _unavailable_on_error("status"):
            layout = self._layout(client)
            for locale in self.locales:
                alias = self.alias(locale)
                indices = sorted(name for name, aliases in layout.items() if alias in aliases)
                details = {"alias": alias, "index": ", ".join(indices) or None, "count": 0, "operators_only": 0}
                if indices:
                    details["count"] = client.count(index=alias)["count"]
                    details["operators_only"] = client.count(index=alias, query={"term": {"visibility": "operators"}})["count"]
                locales[locale] = details
        return {"backend": self.name, "locales": locales}
