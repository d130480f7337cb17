"""PostgreSQL: one small partial index per language over the entries not live in it.

A Ukrainian search also searches the Russian and Romanian entries that have no Ukrainian
version (the fallback chain). Once most entries are translated those are few or none, and
without these indexes every fallback language cost a full search anyway: the fallback chain
doubled the operators' p95 (docs/benchmarks.md). With them a fallback part reads only its
candidates. The predicates are written exactly as ``search.stores.sql.filter_sql`` writes its
clause, so the planner can prove that an index applies.
"""

from django.db import migrations

from search.db_operations import VendorSQL

LANGUAGES = ("ro", "ru", "uk", "en")


class Migration(migrations.Migration):
    dependencies = [("search", "0007_translations")]

    operations = [
        VendorSQL(
            "postgresql",
            [
                f"CREATE INDEX search_entry_not_in_{language} ON search_searchentry (locale) "
                f"WHERE translations NOT LIKE '%|{language}|%'"
                for language in LANGUAGES
            ],
            [f"DROP INDEX IF EXISTS search_entry_not_in_{language}" for language in LANGUAGES],
        ),
    ]
