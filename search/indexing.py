"""Keeping the search stores in step with published pages.

The database store is written inside the publishing transaction (it lives in the same
database, so a rolled-back publish leaves no trace). Elasticsearch is written after commit.
Any store failure is logged and queued in PendingIndexUpdate; it never reaches the editor.
"""

import logging
import threading
from contextlib import contextmanager
from datetime import timedelta
from functools import reduce
from operator import or_

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from wagtail.models import Locale, ModelLogEntry, Page, PageLogEntry

from faq.models import Category, FaqPage
from search import backends
from search.documents import build_document, live_languages
from search.models import PendingIndexUpdate

logger = logging.getLogger("search")
RETRY_BATCH = 100
# A publish is logged inside its transaction, which may commit only after a rebuild has read its
# snapshot; so the catch-up after a rebuild replays the log from a little before the start.
CATCH_UP_MARGIN = timedelta(seconds=60)
_deferral = threading.local()


def document_id(page):
    return f"{page.locale.language_code}:{page.pk}"


def _pages(page_ids):
    return (
        FaqPage.objects.filter(pk__in=page_ids)
        .select_related("locale", "category__parent")
        .prefetch_related("countries")
    )


def with_translations(page_ids):
    """These pages and every translation of them.

    Each document lists the languages its entry is live in, so publishing, unpublishing or
    deleting one translation changes the documents of the others.
    """
    page_ids = set(page_ids)
    keys = FaqPage.objects.filter(pk__in=page_ids).values("translation_key")
    return page_ids | set(FaqPage.objects.filter(translation_key__in=keys).values_list("pk", flat=True))


def write_pages(store, page_ids):
    """Bring ``store`` up to date for these pages: index the live ones, remove the rest."""
    page_ids = set(page_ids)
    documents, present, unlisted = [], set(), []
    pages = list(_pages(page_ids))
    languages = live_languages(page.translation_key for page in pages)
    for page in pages:
        present.add(page.pk)
        document = build_document(page, languages.get(str(page.translation_key), []))
        if document:
            documents.append(document)
        else:
            unlisted.append(document_id(page))
    if documents:
        store.index(documents)
    if unlisted:
        store.delete(unlisted)
    gone = page_ids - present
    if gone:
        # A deleted page's locale is gone with it; its id can only be in one locale's documents.
        codes = Locale.objects.values_list("language_code", flat=True)
        store.delete([f"{code}:{pk}" for pk in sorted(gone) for code in codes])


def _record_failure(store, page_ids, error):
    logger.warning("Search index update failed in %s for pages %s (queued for retry): %s",
                   store.name, sorted(page_ids), error)
    for page_id in page_ids:
        pending, created = PendingIndexUpdate.objects.get_or_create(
            page_id=page_id, store=store.name, defaults={"last_error": str(error)[:2000]})
        if not created:
            pending.attempts += 1
            pending.last_error = str(error)[:2000]
            pending.save(update_fields=["attempts", "last_error", "last_failed_at"])


def _write_safely(store, page_ids):
    try:
        with transaction.atomic():
            write_pages(store, page_ids)
    except Exception as error:  # noqa: BLE001 - no store failure may break publishing
        _record_failure(store, page_ids, error)
        return False
    PendingIndexUpdate.objects.filter(store=store.name, page_id__in=page_ids).delete()
    return True


def update_pages(page_ids):
    """Index or remove these pages, and their translations, in every store; never raises."""
    page_ids = with_translations(page_ids)
    if not page_ids:
        return
    if getattr(_deferral, "pending", None) is not None:
        _deferral.pending |= page_ids
        return
    database, *others = backends.write_stores()
    _write_safely(database, page_ids)
    for store in others:
        transaction.on_commit(lambda store=store: _write_safely(store, page_ids) and retry_pending(store, RETRY_BATCH))


def retry_pending(store=None, limit=None):
    """Retry queued updates (all stores, or one); returns (succeeded, still failing)."""
    stores = [store] if store else backends.write_stores()
    done = failed = 0
    for current in stores:
        queued = PendingIndexUpdate.objects.filter(store=current.name).order_by("first_failed_at")
        page_ids = list(queued.values_list("page_id", flat=True)[:limit] if limit else queued.values_list("page_id", flat=True))
        if not page_ids:
            continue
        if _write_safely(current, page_ids):
            done += len(page_ids)
        else:
            failed += len(page_ids)
    return done, failed


@contextmanager
def deferred(rebuild=False):
    """Collect updates during bulk work and write them once at the end (not at all on failure).

    With ``rebuild``, the stores are rebuilt from the live pages instead: bulk loaders that
    create live pages directly, without publishing, send no signals to collect.
    """
    outer = getattr(_deferral, "pending", None)
    if outer is not None:
        yield
        return
    _deferral.pending = set()
    try:
        yield
        pending = _deferral.pending
    finally:
        _deferral.pending = None
    if rebuild:
        rebuild_index()
    else:
        update_pages(pending)


def live_documents_by_locale(progress=None):
    """Search documents of every live FAQ entry, grouped by locale."""
    by_locale = {}
    pages = _pages(FaqPage.objects.live().values("pk")).order_by("locale__language_code", "pk")
    total = pages.count()
    languages = live_languages()
    for done, page in enumerate(pages.iterator(chunk_size=500), 1):
        document = build_document(page, languages.get(str(page.translation_key), []))
        if document:
            by_locale.setdefault(document.locale, []).append(document)
        if progress and (done % 500 == 0 or done == total):
            progress(done, total)
    return by_locale


def pages_changed_since(moment):
    """Ids of FAQ entries the audit log shows as touched since ``moment``, deleted ones included.

    A logged section (moved, renamed, unpublished) stands for every entry below it; an edited
    category for the entries filed under it or under its subcategories.
    """
    entry_type = ContentType.objects.get_for_model(FaqPage)
    logged = PageLogEntry.objects.filter(timestamp__gte=moment)
    changed = set(logged.filter(content_type=entry_type).values_list("page_id", flat=True))
    sections = Page.objects.filter(pk__in=logged.exclude(content_type=entry_type).values("page_id"))
    paths = set(sections.values_list("path", flat=True))
    if paths:
        below = reduce(or_, (Q(path__startswith=path) for path in paths))
        changed |= set(FaqPage.objects.filter(below).values_list("pk", flat=True))
    categories = ModelLogEntry.objects.filter(
        timestamp__gte=moment, content_type=ContentType.objects.get_for_model(Category),
    ).values_list("object_id", flat=True)
    category_ids = {int(pk) for pk in categories}
    if category_ids:
        filed = Q(category_id__in=category_ids) | Q(category__parent_id__in=category_ids)
        changed |= set(FaqPage.objects.filter(filed).values_list("pk", flat=True))
    return changed


def rebuild_index(stores=None, progress=None, build_progress=None):
    """Rebuild stores (default: every store indexing writes) from the live pages.

    A rebuild works from a snapshot; whatever changes while it runs is written again afterwards
    (writes during an Elasticsearch rebuild go to the index it replaces). Only failures queued
    before the start are dropped: the rebuild has repaired those.
    """
    started = timezone.now()
    documents = live_documents_by_locale(progress=build_progress)
    counts = {}
    for store in stores or backends.write_stores():
        counts[store.name] = store.rebuild(documents, progress=progress)
        changed = pages_changed_since(started - CATCH_UP_MARGIN)
        if changed:
            _write_safely(store, changed)
        PendingIndexUpdate.objects.filter(store=store.name, last_failed_at__lt=started).delete()
    return counts
