"""PostgreSQL: a narrow table of vectors for counting which query words an entry covers.

A query of several words needs, per entry, how many of its words match (search/stores/postgres.py).
That count comes from one GIN bitmap scan per word, and every matching row of the scanned table
is visited. In ``search_searchentry`` a row carries its inline head vector and a dozen columns,
three to a page: a common word visited a thousand pages, and counting was half of a search.
Here a row is the entry's id, page, language, visibility and languages, with both vectors out of
line: a hundred rows to a page, and the same count reads a twentieth of the pages.

The vectors stay in ``search_searchentry`` as well, where one-word queries and ranking read
them next to the head vector. The table is filled from the existing rows, so no rebuild is
needed after migrating; from then on the store writes both (``postgres.write``/``remove``/``clear``).
"""

from django.db import migrations

from search.db_operations import VendorSQL


class Migration(migrations.Migration):
    dependencies = [("search", "0008_untranslated_indexes")]

    operations = [
        VendorSQL(
            "postgresql",
            [
                "CREATE TABLE search_entrymatch ("
                " id varchar(40) PRIMARY KEY, page_id integer NOT NULL, locale varchar(8) NOT NULL,"
                " visibility varchar(16) NOT NULL, translations varchar(64) NOT NULL,"
                " vector tsvector, notes_vector tsvector)",
                # Out of line and uncompressed: the bitmap scans never read them, a recheck does.
                "ALTER TABLE search_entrymatch ALTER COLUMN vector SET STORAGE EXTERNAL,"
                " ALTER COLUMN notes_vector SET STORAGE EXTERNAL, SET (toast_tuple_target = 128)",
                "INSERT INTO search_entrymatch"
                " SELECT id, page_id, locale, visibility, translations, vector, notes_vector FROM search_searchentry",
                "CREATE INDEX search_match_vector ON search_entrymatch USING gin (vector) WITH (fastupdate = off)",
                "CREATE INDEX search_match_notes_vector ON search_entrymatch USING gin (notes_vector) WITH (fastupdate = off)",
                "ANALYZE search_entrymatch",
            ],
            ["DROP TABLE IF EXISTS search_entrymatch"],
        ),
    ]
