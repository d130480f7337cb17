"""Reference data every installation has: locales, the category tree and all ISO countries.

Called from data migrations with the migration's historical ``apps``. Translation keys are
derived from the stable keys (uuid5), so the same category or country is linked across
languages identically in every database: imports and exports never depend on row ids.
"""

import gettext
import json
import uuid
from pathlib import Path

import pycountry

LANGUAGES = ("ro", "ru", "uk", "en")
KEY_NAMESPACE = uuid.UUID("6f1c1f0e-3b55-4c63-9a55-1d1b0e6a8c11")
CATEGORIES_FILE = Path(__file__).parent / "categories.json"

# Names used in Moldova that differ from the ISO catalogue's wording.
COUNTRY_NAME_OVERRIDES = {"MD": {"ru": "Молдова"}}


def translation_key(kind, key):
    return uuid.uuid5(KEY_NAMESPACE, f"{kind}:{key}")


def ensure_locales(apps):
    Locale = apps.get_model("wagtailcore", "Locale")
    return {code: Locale.objects.get_or_create(language_code=code)[0] for code in LANGUAGES}


def seed_categories(apps, locales):
    Category = apps.get_model("faq", "Category")
    tree = json.loads(CATEGORIES_FILE.read_text(encoding="utf-8"))["categories"]
    for position, top in enumerate(tree):
        parents = {}
        for code, locale in locales.items():
            parents[code], _ = Category.objects.update_or_create(
                locale=locale, path=top["slug"],
                defaults={
                    "translation_key": translation_key("category", top["slug"]),
                    "name": top["name"][code], "slug": top["slug"], "parent": None,
                    "review_interval_days": top["review_days"], "sort_order": position,
                },
            )
        for child_position, child in enumerate(top.get("children", [])):
            child_path = f"{top['slug']}/{child['slug']}"
            for code, locale in locales.items():
                Category.objects.update_or_create(
                    locale=locale, path=child_path,
                    defaults={
                        "translation_key": translation_key("category", child_path),
                        "name": child["name"][code], "slug": child["slug"], "parent": parents[code],
                        "review_interval_days": child["review_days"], "sort_order": child_position,
                    },
                )


def country_names():
    """ISO 3166-1 countries with their names in the four languages, from pycountry's catalogues."""
    catalogues = {
        code: gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[code], fallback=True)
        for code in LANGUAGES if code != "en"
    }
    for country in pycountry.countries:
        english = getattr(country, "common_name", None) or country.name
        names = {"en": english}
        for code, catalogue in catalogues.items():
            names[code] = catalogue.gettext(english)
        names.update(COUNTRY_NAME_OVERRIDES.get(country.alpha_2, {}))
        yield country.alpha_2, names


def seed_countries(apps, locales):
    Country = apps.get_model("faq", "Country")
    existing = set(Country.objects.values_list("locale__language_code", "code"))
    rows = [
        Country(code=iso, name=names[code], locale=locale, translation_key=translation_key("country", iso))
        for iso, names in country_names()
        for code, locale in locales.items()
        if (code, iso) not in existing
    ]
    Country.objects.bulk_create(rows, batch_size=500)


def seed_reference_data(apps, schema_editor):
    locales = ensure_locales(apps)
    seed_categories(apps, locales)
    seed_countries(apps, locales)
