"""PostgreSQL: a head vector for the first ranking pass, and a narrow heap for the scans.

The first ranking pass and the facet counts read every matching row, often thousands. They
need only the head vector (question, phrasings, keywords) and a few short columns, so:
- ``toast_tuple_target`` moves the long values (answer, document, full vector) out of line,
  leaving rows of about a kilobyte, many per page, for the bitmap heap scans;
- the short columns are PLAIN and the head vector MAIN, so they stay inline and are never
  compressed: decompressing them on every row cost more than the scan itself.
The head vector is filled from the existing vectors, which also rewrites every row in the new
layout, so no rebuild is needed after migrating.
"""

from django.db import migrations

from search.db_operations import VendorSQL

SHORT_COLUMNS = ("id", "locale", "visibility", "answer_number", "category_path", "category_top", "countries",
                 "audiences", "verification_status")


class Migration(migrations.Migration):
    dependencies = [("search", "0004_pending_index_updates")]

    operations = [
        VendorSQL(
            "postgresql",
            [
                "ALTER TABLE search_searchentry ADD COLUMN head_vector tsvector",
                "ALTER TABLE search_searchentry SET (toast_tuple_target = 128)",
                "ALTER TABLE search_searchentry ALTER COLUMN head_vector SET STORAGE MAIN, "
                + ", ".join(f"ALTER COLUMN {name} SET STORAGE PLAIN" for name in SHORT_COLUMNS),
                "UPDATE search_searchentry SET head_vector = ts_filter(vector, '{a,b}')",
                # Searches read the GIN indexes far more often than entries are published: no
                # pending list that every search would scan until the next vacuum.
                "ALTER INDEX search_entry_vector SET (fastupdate = off)",
                "ALTER INDEX search_entry_notes_vector SET (fastupdate = off)",
                "SELECT gin_clean_pending_list('search_entry_vector'::regclass)",
                "SELECT gin_clean_pending_list('search_entry_notes_vector'::regclass)",
            ],
            [
                "ALTER INDEX search_entry_vector RESET (fastupdate)",
                "ALTER INDEX search_entry_notes_vector RESET (fastupdate)",
                "ALTER TABLE search_searchentry RESET (toast_tuple_target), "
                + ", ".join(f"ALTER COLUMN {name} SET STORAGE EXTENDED" for name in SHORT_COLUMNS),
                "ALTER TABLE search_searchentry DROP COLUMN head_vector",
            ],
        ),
    ]
