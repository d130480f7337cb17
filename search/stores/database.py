"""The database search store: the embedded default and the fallback when Elasticsearch fails.

Rows of ``SearchEntry`` hold the search documents; each database vendor then adds its own
full-text machinery (search/stores/postgres.py, search/stores/sqlite.py). Both answer the same
query plan (search/analysis.py) and return the same SearchResult shape.
"""

import json
import time
from itertools import islice

from django.db import connection, transaction

from kb import generations
from search.analysis import CYRILLIC_LOCALES, build_plan, stems_text, translit_text, words
from search.models import SearchEntry, SearchTerm
from search.query import FACETS, Hit, SearchResult, empty_result
from search.stores.remembered import INDEX_GENERATION_KEY, Remembered
from search.stores.sql import filter_sql

BATCH = 500


def _joined(values):
    return " | ".join(values)


def _tagged(values):
    return "|" + "|".join(values) + "|" if values else ""


def entry_for(document):
    """The SearchEntry row of a search document."""
    public_text = " ".join([document.question, *document.phrasings, *document.keywords, document.short_answer, document.answer_text])
    cyrillic_text = " ".join([document.question, *document.phrasings, *document.keywords])
    return SearchEntry(
        id=document.id, page_id=document.page_id, locale=document.locale, answer_number=document.answer_number,
        visibility=document.visibility, category_path=document.category_path, category_top=document.category_top,
        countries=_tagged(document.countries), audiences=_tagged(document.audiences),
        translations=_tagged(document.translations),
        verification_status=document.verification_status, question=document.question,
        review_due=document.review_due or None,
        phrasings=_joined(document.phrasings), keywords=_joined(document.keywords),
        short_answer=document.short_answer, answer_text=document.answer_text, internal_notes=document.internal_notes,
        translit=translit_text(cyrillic_text, document.locale),
        stems=stems_text(public_text, document.locale), document=document.as_dict(),
    )


def terms_of(entry):
    """Dictionary words of an entry (for typo correction), with the locale they belong to."""
    text = " ".join([entry.question, entry.phrasings, entry.keywords, entry.short_answer, entry.answer_text, entry.internal_notes])
    found = {(entry.locale, word) for word in words(text) if 3 <= len(word) <= 100 and not word.isdigit()}
    if entry.locale in CYRILLIC_LOCALES:
        found |= {(f"{entry.locale}-translit", word) for word in entry.translit.split() if 3 <= len(word) <= 100}
    return found


def _loaded(document):
    """Raw SQL gives JSON columns as text on both vendors (Django leaves jsonb undecoded)."""
    return json.loads(document) if isinstance(document, str) else document


# Typo corrections per (locale, Latin skeleton or not, token), and fallback probes per filter.
_corrections = Remembered()
_untranslated = Remembered(limit=1_000)


def _index_changed():
    """Remembered corrections and probes are forgotten: a typo may be a known word now, and a
    fallback language may have untranslated entries."""
    generations.renew_now_and_on_commit(INDEX_GENERATION_KEY, "remembered search index answers")


def _batches(iterable, size=BATCH):
    iterator = iter(iterable)
    while batch := list(islice(iterator, size)):
        yield batch


class DatabaseStore:
    name = "database"

    def __init__(self):
        self.vendor = connection.vendor
        if self.vendor == "postgresql":
            from search.stores import postgres as dialect
        else:
            from search.stores import sqlite as dialect
        self.dialect = dialect

    # Writing -------------------------------------------------------------------------------

    def index(self, documents):
        _index_changed()
        for batch in _batches(documents):
            entries = [entry_for(document) for document in batch]
            with transaction.atomic():
                ids = [entry.id for entry in entries]
                self.dialect.remove(ids)
                SearchEntry.objects.filter(id__in=ids).delete()
                SearchEntry.objects.bulk_create(entries)
                self.dialect.write(entries)
                self._add_terms(entries)

    def delete(self, document_ids):
        _index_changed()
        ids = list(document_ids)
        with transaction.atomic():
            self.dialect.remove(ids)
            SearchEntry.objects.filter(id__in=ids).delete()

    def rebuild(self, documents_by_locale, progress=None):
        """Replace the whole table in one transaction: searches see the old rows until it commits."""
        counts = {}
        with transaction.atomic():
            self.dialect.clear()
            SearchEntry.objects.all().delete()
            SearchTerm.objects.all().delete()
            for locale, documents in documents_by_locale.items():
                documents = list(documents)
                counts[locale] = 0
                if progress:
                    progress(locale, 0, len(documents))
                for batch in _batches(documents):
                    self.index(batch)
                    counts[locale] += len(batch)
                    if progress:
                        progress(locale, counts[locale], len(documents))
            self.dialect.rebuilt()
        self.dialect.settle()
        return counts

    def _any_untranslated(self, request, generation):
        where, params = filter_sql(request)

        def probe():
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT EXISTS (SELECT 1 FROM search_searchentry e WHERE {where})", params)
                return bool(cursor.fetchone()[0])

        return _untranslated.one(generation, (where, *map(str, params)), probe)

    def _add_terms(self, entries):
        found = set()
        for entry in entries:
            found |= terms_of(entry)
        SearchTerm.objects.bulk_create(
            [SearchTerm(locale=locale, term=term) for locale, term in sorted(found)], ignore_conflicts=True,
        )

    def _corrector(self, locale, generation):
        def corrector(tokens, translit=False):
            found = _corrections.many(
                generation, [(locale, translit, token) for token in tokens],
                lambda missing: {(locale, translit, token): corrections for token, corrections in self.dialect.corrections(
                    locale, [key[2] for key in missing], translit=translit).items()})
            return {key[2]: corrections for key, corrections in found.items() if corrections}

        return corrector

    def status(self):
        counts = {}
        for locale, visibility in SearchEntry.objects.values_list("locale", "visibility"):
            counts.setdefault(locale, {"count": 0, "operators_only": 0})
            counts[locale]["count"] += 1
            counts[locale]["operators_only"] += visibility == "operators"
        return {"backend": self.name, "vendor": self.vendor, "locales": counts, "terms": SearchTerm.objects.count()}

    # Searching -----------------------------------------------------------------------------

    def search(self, request):
        started = time.perf_counter()
        generation = generations.current(INDEX_GENERATION_KEY)
        if request.exclude_translated and not self._any_untranslated(request, generation):
            # A fallback language whose matching entries all exist in an earlier language: the
            # usual case once translations are done, answered by one remembered index probe.
            return empty_result(self.name)
        plan = build_plan(request.text, request.locale, corrector=self._corrector(request.locale, generation))
        if plan.empty and not request.filters():
            return empty_result(self.name)
        rows, highlights, facets, total = self.dialect.results(request, plan)
        hits = [
            Hit.from_document(_loaded(row["document"]), score=row["score"], highlights=highlights.get(row["id"]))
            for row in rows
        ]
        return SearchResult(
            hits=hits, total=total, facets={name: facets.get(name, []) for name in FACETS},
            took_ms=(time.perf_counter() - started) * 1000, backend=self.name,
        )
