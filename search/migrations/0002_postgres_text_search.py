"""PostgreSQL: unaccent and pg_trgm, one text search configuration per language, weighted vectors.

Each configuration folds accents with ``unaccent`` before stemming, so "sedere" finds "ședere".
Ukrainian has no Snowball stemmer in PostgreSQL; its configuration folds only, and the query
side adds prefix matching on a light stem (search/stemming.py).
"""

from django.db import migrations

from search.db_operations import VendorSQL

CONFIGURATIONS = {
    "kb_ro": ("romanian", "romanian_stem"),
    "kb_ru": ("russian", "russian_stem"),
    "kb_en": ("english", "english_stem"),
    "kb_uk": ("simple", "simple"),
    "kb_simple": ("simple", "simple"),
}
# One dictionary of known words per locale, plus the Latin skeletons of the Cyrillic ones.
DICTIONARIES = ("ro", "ru", "uk", "en", "ru-translit", "uk-translit")
WORD_TOKENS = "word, hword, hword_part, asciiword, asciihword, hword_asciipart"


def configuration_sql():
    statements = []
    for name, (parent, dictionary) in CONFIGURATIONS.items():
        statements.append(f"CREATE TEXT SEARCH CONFIGURATION {name} (COPY = pg_catalog.{parent})")
        tokens = WORD_TOKENS if dictionary == "simple" else "word, hword, hword_part"
        statements.append(f"ALTER TEXT SEARCH CONFIGURATION {name} ALTER MAPPING FOR {tokens} WITH unaccent, {dictionary}")
    return statements


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [
        # Both are trusted extensions: the database owner may create them. Never dropped on the
        # way back, since other applications in the database may use them.
        VendorSQL(
            "postgresql",
            ["CREATE EXTENSION IF NOT EXISTS unaccent", "CREATE EXTENSION IF NOT EXISTS pg_trgm"],
            migrations.RunSQL.noop,
        ),
        VendorSQL(
            "postgresql",
            configuration_sql(),
            [f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {name}" for name in CONFIGURATIONS],
        ),
        VendorSQL(
            "postgresql",
            [
                "ALTER TABLE search_searchentry ADD COLUMN vector tsvector, ADD COLUMN notes_vector tsvector",
                "CREATE INDEX search_entry_vector ON search_searchentry USING gin (vector)",
                "CREATE INDEX search_entry_notes_vector ON search_searchentry USING gin (notes_vector)",
                # Prefix look-ups ("is this the start of a known word?") by range scan.
                "CREATE INDEX search_term_prefix ON search_searchterm (locale, term varchar_pattern_ops)",
                # Nearest known words by trigram distance (KNN), one small GiST index per dictionary.
                *[
                    f"CREATE INDEX search_term_trigram_{name.replace('-', '_')} ON search_searchterm "
                    f"USING gist (term gist_trgm_ops) WHERE locale = '{name}'"
                    for name in DICTIONARIES
                ],
            ],
            [
                *[f"DROP INDEX IF EXISTS search_term_trigram_{name.replace('-', '_')}" for name in DICTIONARIES],
                "DROP INDEX IF EXISTS search_term_prefix",
                "ALTER TABLE search_searchentry DROP COLUMN vector, DROP COLUMN notes_vector",
            ],
        ),
    ]
