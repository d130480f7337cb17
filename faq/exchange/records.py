"""The canonical shape of an exported entry, shared by both file formats and by change detection.

An entry record holds the entry-level fields once and a ``translations`` mapping per language.
Code lists are sorted and stream blocks carry no ids, so the same content always serialises to
the same bytes: export, import into an empty database and export again gives an identical file.
"""

from django.conf import settings

from ..blocks import plain_blocks
from ..models import FaqPage

LANGUAGES = [code for code, _name in settings.LANGUAGES]
ENTRY_FIELDS = (
    "answer_number", "category", "countries", "audiences", "migration_phases",
    "visibility", "sensitivity", "organisations", "related",
)
TRANSLATION_FIELDS = (
    "question", "slug", "alternative_phrasings", "keywords", "short_answer", "answer", "sms_text", "internal_notes",
)
SOURCE_FIELDS = ("title", "url", "authority", "type", "last_verified_on", "verified_by", "review_interval_days")


def source_record(source):
    return {
        "title": source.title,
        "url": source.url,
        "authority": source.authority,
        "type": source.source_type,
        "last_verified_on": source.last_verified_on.isoformat() if source.last_verified_on else "",
        "verified_by": source.verified_by,
        "review_interval_days": source.review_interval_days,
    }


def translation_record(page):
    return {
        "question": page.title,
        "slug": page.slug,
        "alternative_phrasings": page.phrasing_list(),
        "keywords": page.keyword_list(),
        "short_answer": page.short_answer,
        "answer": plain_blocks(page.answer),
        "sms_text": page.sms_text,
        "internal_notes": page.internal_notes,
    }


def entry_record(source_page):
    """The record of an entry, read from its source-language page and its translations."""
    translations = {source_page.locale.language_code: source_page}
    for page in FaqPage.objects.filter(translation_key=source_page.translation_key).select_related("locale"):
        translations.setdefault(page.locale.language_code, page)
    return {
        "answer_number": source_page.answer_number,
        "category": source_page.category.path,
        "countries": sorted(c.code for c in source_page.countries.all()),
        "audiences": sorted(source_page.audiences),
        "migration_phases": sorted(source_page.migration_phases),
        "visibility": source_page.visibility,
        "sensitivity": source_page.sensitivity,
        "organisations": sorted(o.slug for o in source_page.organisations.all()),
        "related": [item.entry.answer_number for item in source_page.related_entries.select_related("entry")],
        "sources": [source_record(s) for s in source_page.sources.all()],
        "translations": {
            code: translation_record(translations[code]) for code in LANGUAGES if code in translations
        },
    }


def source_pages():
    return (
        FaqPage.objects.filter(locale__language_code=settings.LANGUAGE_CODE)
        .exclude(answer_number="")
        .select_related("category", "locale")
        .order_by("answer_number")
    )


def export_records():
    return [entry_record(page) for page in source_pages()]
