"""Entries for tests, written through the same import services an administrator uses."""

import itertools

from faq.exchange.apply import apply, plan
from faq.exchange.validation import validate
from faq.models import FaqPage

_numbers = itertools.count(9001)

TRANSLATIONS = {
    "ro": "Cum obțin permisul de ședere?",
    "ru": "Как получить вид на жительство?",
    "uk": "Як отримати посвідку на проживання?",
    "en": "How do I get a residence permit?",
}


def entry_record(number=None, *, languages=("ro", "ru", "uk", "en"), **overrides):
    number = number or f"A-{next(_numbers):04d}"
    record = {
        "answer_number": number,
        "category": "entry-stay-documents/residence-permits",
        "countries": ["IT"],
        "audiences": ["labour-migrant"],
        "migration_phases": ["in-destination"],
        "visibility": "public",
        "sensitivity": "none",
        "organisations": [],
        "related": [],
        "sources": [{
            "title": "Portale Integrazione Migranti", "url": "https://www.integrazionemigranti.gov.it/",
            "authority": "Ministero del Lavoro", "type": "official", "last_verified_on": "2026-10-01",
            "verified_by": "reviewer", "review_interval_days": None,
        }],
        "translations": {
            language: {
                "question": f"{TRANSLATIONS[language]} ({number})",
                "slug": f"{number.lower()}-{language}",
                "alternative_phrasings": [],
                "keywords": [],
                "short_answer": f"Short answer {number} in {language}.",
                "answer": [{"type": "text", "value": f"<p>Full answer {number} in {language}.</p>"}],
                "sms_text": "",
                "internal_notes": "",
            }
            for language in languages
        },
    }
    translation_overrides = overrides.pop("translation", {})
    record.update(overrides)
    for text in record["translations"].values():
        text.update(translation_overrides)
    return record


def write_entries(*records):
    """Validate and write records; fails the test with the validation errors if any."""
    checked, errors = validate([(f"entries[{i}]", r) for i, r in enumerate(records)])
    assert errors == [], errors
    apply(checked, plan(checked))
    return [
        FaqPage.objects.get(answer_number=r["answer_number"], locale__language_code="ro") for r in records
    ]


def make_entry(**overrides):
    return write_entries(entry_record(**overrides))[0]
