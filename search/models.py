"""The database search store's tables, fed by search documents (search/documents.py).

Plain columns work on every database. PostgreSQL adds a weighted ``tsvector`` per row, built with
the locale's text search configuration, plus GIN indexes (migration 0002); SQLite adds an FTS5
table (migration 0003). Neither is a Django field, because only one database has each.
"""

from django.db import models


class SearchEntry(models.Model):
    """One search document: an FAQ entry in one locale."""

    id = models.CharField(primary_key=True, max_length=40)  # "<locale>:<page id>"
    page_id = models.IntegerField(db_index=True)
    locale = models.CharField(max_length=8)
    answer_number = models.CharField(max_length=16)
    visibility = models.CharField(max_length=16)
    category_path = models.CharField(max_length=255)
    category_top = models.CharField(max_length=255)
    # "|IT|DE|": filterable with LIKE on every database without an array type.
    countries = models.CharField(max_length=1024, blank=True)
    audiences = models.CharField(max_length=512, blank=True)
    # "|ro|ru|": the languages the entry is live in, so fallback searches can skip translated ones.
    translations = models.CharField(max_length=64, blank=True)
    verification_status = models.CharField(max_length=16)
    review_due = models.DateField(null=True, blank=True)
    question = models.TextField()
    phrasings = models.TextField(blank=True)
    keywords = models.TextField(blank=True)
    short_answer = models.TextField(blank=True)
    answer_text = models.TextField(blank=True)
    internal_notes = models.TextField(blank=True)
    # Latin skeleton of Cyrillic text (search/transliteration.py); empty for Latin-script locales.
    translit = models.TextField(blank=True)
    # Folded, stemmed words of the public text: SQLite has no stemmer of its own.
    stems = models.TextField(blank=True)
    document = models.JSONField()  # the SearchDocument as a dict, for building hits

    class Meta:
        indexes = [models.Index(fields=["locale", "visibility"], name="search_entry_scope")]
        verbose_name_plural = "search entries"

    def __str__(self):
        return self.id


class SearchTerm(models.Model):
    """A folded word that occurs in a locale's entries: the dictionary that typos are corrected to."""

    locale = models.CharField(max_length=16)  # "ro", ... and "ru-translit", "uk-translit"
    term = models.CharField(max_length=100)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["locale", "term"], name="search_term_unique")]

    def __str__(self):
        return f"{self.locale}:{self.term}"


class PendingIndexUpdate(models.Model):
    """A page whose index update failed in one store; retried until it succeeds.

    Publishing never waits for or fails because of search: the failure is written here and
    ``search_index retry`` (or the next successful update, or ``rebuild``) repairs it.
    """

    page_id = models.IntegerField()
    store = models.CharField(max_length=32)
    attempts = models.PositiveIntegerField(default=1)
    last_error = models.TextField(blank=True)
    first_failed_at = models.DateTimeField(auto_now_add=True)
    last_failed_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["page_id", "store"], name="search_pending_unique")]

    def __str__(self):
        return f"{self.store}: page {self.page_id} ({self.attempts} attempts)"
