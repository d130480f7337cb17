"""Locales ro/ru/uk/en, the category tree and every ISO country, in all four languages."""

from django.db import migrations

from faq.reference.seed import seed_reference_data


class Migration(migrations.Migration):
    dependencies = [
        ("faq", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(seed_reference_data, migrations.RunPython.noop)]
