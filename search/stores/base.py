"""The interface every search store implements (the database store and Elasticsearch)."""

from typing import Iterable, Protocol

from search.documents import SearchDocument
from search.query import SearchRequest, SearchResult


class StoreUnavailable(Exception):
    """The store cannot answer now (unreachable, erroring or too slow); callers may fall back."""


class SearchStore(Protocol):
    name: str  # "database" or "elasticsearch"; also the ``backend`` value of results

    def search(self, request: SearchRequest) -> SearchResult:
        """Answer ``request``; raise StoreUnavailable when the store cannot."""

    def index(self, documents: Iterable[SearchDocument]) -> None:
        """Add or replace documents (by ``document.id``)."""

    def delete(self, document_ids: Iterable[str]) -> None:
        """Remove documents by id; unknown ids are ignored."""

    def rebuild(self, documents_by_locale: dict, progress=None) -> dict:
        """Replace everything with the given documents ({locale: iterable}); returns counts per locale.

        ``progress(locale, done, total)`` is called as work advances.
        """

    def status(self) -> dict:
        """Document counts per locale, plus store-specific details, for ``search_index status``."""
