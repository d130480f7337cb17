"""The languages each entry is live in, so a fallback search can leave out translated entries.

Existing rows are filled from the stored documents (every row is a live entry), so searches
are right straight after migrating; Elasticsearch indices need ``search_index rebuild`` to map
the new field.
"""

from django.db import migrations, models

from search.db_operations import VendorSQL

BATCH = 500


def fill_translations(apps, schema_editor):
    SearchEntry = apps.get_model("search", "SearchEntry")
    rows = list(SearchEntry.objects.values_list("id", "locale", "document"))
    languages = {}
    for _id, locale, document in rows:
        languages.setdefault(document["translation_key"], set()).add(locale)
    updated = []
    for pk, _locale, document in rows:
        tagged = "|" + "|".join(sorted(languages[document["translation_key"]])) + "|"
        updated.append(SearchEntry(id=pk, translations=tagged))
    SearchEntry.objects.bulk_update(updated, ["translations"], batch_size=BATCH)


class Migration(migrations.Migration):
    dependencies = [("search", "0006_review_due")]

    operations = [
        migrations.AddField(
            model_name="searchentry",
            name="translations",
            field=models.CharField(blank=True, max_length=64),
        ),
        # Short columns stay inline and uncompressed for the scans (see 0005).
        VendorSQL(
            "postgresql",
            ["ALTER TABLE search_searchentry ALTER COLUMN translations SET STORAGE PLAIN"],
            ["ALTER TABLE search_searchentry ALTER COLUMN translations SET STORAGE EXTENDED"],
        ),
        migrations.RunPython(fill_translations, migrations.RunPython.noop),
    ]
