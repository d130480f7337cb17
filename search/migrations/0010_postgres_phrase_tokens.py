"""PostgreSQL: add the synonym phrase tokens to the vectors of entries indexed before them.

From this version the store finds a synonym phrase ("permis de rezidență") by one token that
writing adds to each vector where the phrase occurs (``search.analysis.phrase_tokens``), instead
of a phrase operator that made PostgreSQL reread whole vectors. Rows written earlier get their
tokens here, from the stems already stored with them, so no rebuild is needed after migrating.
"""

from django.db import migrations

BATCH = 1000
TABLES = ("search_searchentry", "search_entrymatch")


def add_tokens(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    from search.stores.postgres import phrase_columns

    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT id, locale, stems, internal_notes FROM search_searchentry ORDER BY id")
        rows = cursor.fetchall()
        for start in range(0, len(rows), BATCH):
            batch = rows[start:start + BATCH]
            columns = [phrase_columns(stems, notes, locale) for _id, locale, stems, notes in batch]
            params = [[row[0] for row in batch], [public for public, _ in columns], [notes for _, notes in columns]]
            for table in TABLES:
                cursor.execute(
                    f"UPDATE {table} t SET vector = t.vector || array_to_tsvector(string_to_array(p.phrases, ' ')),"
                    " notes_vector = t.notes_vector || array_to_tsvector(string_to_array(p.note_phrases, ' '))"
                    " FROM unnest(%s::text[], %s::text[], %s::text[]) AS p(id, phrases, note_phrases)"
                    " WHERE t.id = p.id AND (p.phrases <> '' OR p.note_phrases <> '')",
                    params,
                )


class Migration(migrations.Migration):
    dependencies = [("search", "0009_postgres_match_table")]

    operations = [migrations.RunPython(add_tokens, migrations.RunPython.noop, elidable=True)]
