"""Whole-file validation of imported entries against the schema and the database.

Produces canonical records (see ``records.py``) and a list of ``place/field: reason`` errors.
Nothing is written here; the import writes only when this finds no error at all.
"""

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.text import slugify

from ..blocks import AnswerBlock
from ..models import Audience, Category, Country, FaqPage, MigrationPhase, Organisation, Sensitivity, SourceType, Visibility
from ..numbering import ANSWER_NUMBER
from .records import LANGUAGES, SOURCE_FIELDS

VOCABULARIES = {
    "audiences": {code for code, _ in Audience.choices},
    "migration_phases": {code for code, _ in MigrationPhase.choices},
}
CHOICES = {
    "visibility": {code for code, _ in Visibility.choices},
    "sensitivity": {code for code, _ in Sensitivity.choices},
}
PAGE_FIELDS = {"question": "title", "short_answer": "short_answer", "sms_text": "sms_text", "slug": "slug"}
ANSWER_BLOCK = AnswerBlock()
validate_url = URLValidator(schemes=["http", "https"])


def _messages(exc):
    return "; ".join(exc.messages) if hasattr(exc, "messages") else str(exc)


class Validator:
    def __init__(self):
        default = settings.LANGUAGE_CODE
        self.categories = set(Category.objects.filter(locale__language_code=default).values_list("path", flat=True))
        self.countries = set(Country.objects.filter(locale__language_code=default).values_list("code", flat=True))
        self.organisations = set(Organisation.objects.filter(locale__language_code=default).values_list("slug", flat=True))
        self.known_numbers = set(FaqPage.objects.exclude(answer_number="").values_list("answer_number", flat=True))
        self.errors = []

    def error(self, place, field, reason):
        self.errors.append(f"{place}/{field}: {reason}")

    # --- pieces ---------------------------------------------------------------------------
    def text_list(self, place, field, value):
        if value in (None, ""):
            return []
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.error(place, field, "must be a list of texts")
            return []
        return [v.strip() for v in value if v.strip()]

    def code_list(self, place, field, value, allowed, what):
        codes = self.text_list(place, field, value)
        for code in codes:
            if code not in allowed:
                self.error(place, field, f"unknown {what} {code!r}")
        if len(set(codes)) != len(codes):
            self.error(place, field, "lists a value twice")
        return sorted(codes)

    def sources(self, place, value):
        if value in (None, ""):
            return []
        if not isinstance(value, list):
            self.error(place, "sources", "must be a list")
            return []
        result = []
        for n, source in enumerate(value, start=1):
            at = f"sources[{n}]"
            if not isinstance(source, dict):
                self.error(place, at, "must be an object")
                continue
            unknown = set(source) - set(SOURCE_FIELDS)
            if unknown:
                self.error(place, at, f"unknown field(s) {', '.join(sorted(unknown))}")
            record = {name: source.get(name) for name in SOURCE_FIELDS}
            for name in ("title", "url", "authority"):
                record[name] = (record[name] or "").strip() if isinstance(record[name], str) else record[name]
                if not record[name]:
                    self.error(place, f"{at}.{name}", "required")
            if record["url"]:
                try:
                    validate_url(record["url"])
                except ValidationError:
                    self.error(place, f"{at}.url", f"not a web address: {record['url']!r}")
            record["type"] = record["type"] or SourceType.OFFICIAL
            if record["type"] not in {code for code, _ in SourceType.choices}:
                self.error(place, f"{at}.type", f"one of {', '.join(c for c, _ in SourceType.choices)}")
            record["last_verified_on"] = record["last_verified_on"] or ""
            if record["last_verified_on"]:
                try:
                    date.fromisoformat(record["last_verified_on"])
                except (TypeError, ValueError):
                    self.error(place, f"{at}.last_verified_on", "a date as YYYY-MM-DD")
            record["verified_by"] = record["verified_by"] or ""
            interval = record["review_interval_days"]
            if interval in ("", None):
                record["review_interval_days"] = None
            elif not isinstance(interval, int) or isinstance(interval, bool) or interval < 1:
                self.error(place, f"{at}.review_interval_days", "a whole number of days, 1 or more")
            result.append(record)
        return result

    def answer(self, place, field, value):
        if not isinstance(value, list) or not value:
            self.error(place, field, "at least one block is required")
            return []
        blocks = []
        for i, block in enumerate(value):
            at = f"{field}[{i}]"
            if not isinstance(block, dict) or block.get("type") not in ANSWER_BLOCK.child_blocks:
                kinds = ", ".join(ANSWER_BLOCK.child_blocks)
                self.error(place, at, f"a block needs a type among {kinds}")
                continue
            child = ANSWER_BLOCK.child_blocks[block["type"]]
            raw = block.get("value")
            try:
                child.clean(child.to_python(raw))
            except (ValidationError, TypeError, AttributeError, KeyError, ValueError) as exc:
                self.error(place, at, f"invalid {block['type']} block ({_messages(exc)})")
                continue
            blocks.append({"type": block["type"], "value": raw})
        return blocks

    def translation(self, place, language, text, number):
        at = f"translations.{language}"
        if not isinstance(text, dict):
            self.error(place, at, "must be an object")
            return None
        record = {
            "question": (text.get("question") or "").strip(),
            "slug": (text.get("slug") or "").strip(),
            "alternative_phrasings": self.text_list(place, f"{at}.alternative_phrasings", text.get("alternative_phrasings")),
            "keywords": self.text_list(place, f"{at}.keywords", text.get("keywords")),
            "short_answer": (text.get("short_answer") or "").strip(),
            "answer": self.answer(place, f"{at}.answer", text.get("answer")),
            "sms_text": (text.get("sms_text") or "").strip(),
            "internal_notes": (text.get("internal_notes") or "").strip(),
        }
        if not record["slug"]:
            record["slug"] = slugify(record["question"])[:60].strip("-") or "entry"
            record["slug"] = f"{record['slug']}-{number.lower()}"
        for name, field_name in PAGE_FIELDS.items():
            field = FaqPage._meta.get_field(field_name)
            if not record[name] and not field.blank:
                self.error(place, f"{at}.{name}", "required")
                continue
            try:
                field.run_validators(record[name]) if record[name] else None
                if field.max_length and len(record[name]) > field.max_length:
                    raise ValidationError(f"{len(record[name])} characters, at most {field.max_length}")
            except ValidationError as exc:
                self.error(place, f"{at}.{name}", _messages(exc))
        return record

    # --- whole entries --------------------------------------------------------------------
    def entry(self, place, raw, numbers_in_file):
        number = str(raw.get("answer_number") or "").strip()
        if not ANSWER_NUMBER.match(number):
            self.error(place, "answer_number", f"required, like A-0001 (got {number!r})")
        place = f"{place} ({number})" if number else place
        record = {"answer_number": number}
        record["category"] = str(raw.get("category") or "").strip()
        if record["category"] not in self.categories:
            self.error(place, "category", f"unknown category path {record['category']!r}")
        record["countries"] = self.code_list(place, "countries", raw.get("countries"), self.countries, "country code")
        for name, allowed in VOCABULARIES.items():
            record[name] = self.code_list(place, name, raw.get(name), allowed, "value")
        for name, allowed in CHOICES.items():
            record[name] = str(raw.get(name) or "").strip() or ("public" if name == "visibility" else "none")
            if record[name] not in allowed:
                self.error(place, name, f"one of {', '.join(sorted(allowed))}")
        record["organisations"] = self.code_list(place, "organisations", raw.get("organisations"), self.organisations, "organisation")
        related = self.text_list(place, "related", raw.get("related"))
        for other in related:
            if other not in numbers_in_file and other not in self.known_numbers:
                self.error(place, "related", f"unknown answer number {other!r}")
            if other == number:
                self.error(place, "related", "an entry cannot be related to itself")
        record["related"] = related
        record["sources"] = self.sources(place, raw.get("sources"))
        translations = raw.get("translations")
        if not isinstance(translations, dict) or settings.LANGUAGE_CODE not in translations:
            self.error(place, f"translations.{settings.LANGUAGE_CODE}", "the source language is required")
            translations = translations if isinstance(translations, dict) else {}
        record["translations"] = {}
        for language in translations:
            if language not in LANGUAGES:
                self.error(place, "translations", f"unknown language {language!r}")
        for language in LANGUAGES:
            if language in translations:
                text = self.translation(place, language, translations[language], number)
                if text is not None:
                    record["translations"][language] = text
        return place, record

    def check_unique(self, places_and_records):
        seen = {}
        slugs = {}
        for place, record in places_and_records:
            number = record["answer_number"]
            if number in seen:
                self.error(place, "answer_number", f"duplicate key {number}, also in {seen[number]}")
            seen.setdefault(number, place)
            for language, text in record["translations"].items():
                key = (language, text["slug"])
                if key in slugs and slugs[key] != number:
                    self.error(place, f"translations.{language}.slug", f"{text['slug']!r} is used by {slugs[key]} too")
                slugs.setdefault(key, number)
        # Slugs are unique among the entries of one language (they share one FAQ index).
        taken = {
            (language, slug): owner
            for language, slug, owner in FaqPage.objects.filter(slug__in={slug for _, slug in slugs})
            .values_list("locale__language_code", "slug", "answer_number")
        }
        for key, number in slugs.items():
            owner = taken.get(key)
            if owner and owner != number:
                self.errors.append(f"{number}/translations.{key[0]}.slug: {key[1]!r} belongs to {owner}")


def validate(raw_records):
    """Return ``(records, errors)`` for ``[(place, raw_dict)]`` read from a file."""
    validator = Validator()
    numbers = {str(raw.get("answer_number") or "").strip() for _, raw in raw_records}
    checked = [validator.entry(place, raw, numbers) for place, raw in raw_records]
    validator.check_unique(checked)
    return [record for _, record in checked], validator.errors
