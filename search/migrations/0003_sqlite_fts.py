"""SQLite (the embedded demo default): an FTS5 table mirroring the search entries.

``unicode61 remove_diacritics 2`` folds ă â î ș ş ț ţ; the ``stems`` column carries words stemmed
in Python, because FTS5 has no Romanian or Russian stemmer. The rowid is the page id.
"""

from django.db import migrations

from search.db_operations import VendorSQL


class Migration(migrations.Migration):
    dependencies = [("search", "0002_postgres_text_search")]

    operations = [
        VendorSQL(
            "sqlite",
            "CREATE VIRTUAL TABLE search_fts USING fts5("
            "question, phrasings, keywords, short_answer, answer_text, internal_notes, stems, translit, "
            "tokenize = 'unicode61 remove_diacritics 2')",
            "DROP TABLE IF EXISTS search_fts",
        ),
    ]
