"""Turn validated records into pages: plan what changes, then write it all in one transaction."""

import uuid
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.db import transaction
from wagtail.models import Locale

from ..models import Category, Country, FaqPage, FaqRelatedEntry, FaqSource, Organisation
from ..site_structure import ensure_site_structure
from ..translations import register_translations, save_and_publish, translate_page
from ..verification import import_verifications, refresh_statuses
from .records import entry_record


@dataclass
class Change:
    answer_number: str
    action: str  # "create", "update" or "unchanged"
    fields: list = field(default_factory=list)

    def describe(self):
        detail = f" ({', '.join(self.fields)})" if self.fields else ""
        return f"{self.answer_number}: {self.action}{detail}"


def _existing(number):
    return (
        FaqPage.objects.filter(answer_number=number, locale__language_code=settings.LANGUAGE_CODE)
        .select_related("category", "locale")
        .first()
    )


def _changed_fields(current, incoming):
    changed = [name for name in incoming if name != "translations" and current.get(name) != incoming[name]]
    for language, text in incoming["translations"].items():
        old = current["translations"].get(language)
        if old is None:
            changed.append(f"{language}: new translation")
            continue
        changed.extend(f"{language}.{name}" for name in text if old.get(name) != text[name])
    return changed


def plan(records):
    changes = []
    for record in records:
        page = _existing(record["answer_number"])
        if page is None:
            changes.append(Change(record["answer_number"], "create"))
            continue
        fields = _changed_fields(entry_record(page), record)
        changes.append(Change(record["answer_number"], "update" if fields else "unchanged", fields))
    return changes


def _block_id(answer_number, *position):
    """The same id for the same block position in every language of an entry.

    wagtail-localize pairs a translation's blocks with the source's by id: with fresh random ids
    per language, every imported translation would look untranslated, and a sync would put
    Romanian text into it.
    """
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"kb-answer:{answer_number}:" + ":".join(map(str, position))))


def _stream(blocks, answer_number):
    raw = []
    for index, block in enumerate(blocks):
        value = block["value"]
        if block["type"] == "steps":
            value = [{"type": "item", "value": step, "id": _block_id(answer_number, index, step_index)}
                     for step_index, step in enumerate(value)]
        raw.append({"type": block["type"], "value": value, "id": _block_id(answer_number, index)})
    return raw


class Writer:
    def __init__(self, user=None):
        self.user = user
        self.locales = {locale.language_code: locale for locale in Locale.objects.all()}
        self.sections = ensure_site_structure()
        self.reassessed = []

    def shared_values(self, record, language):
        return {"category": Category.objects.get(locale=self.locales[language], path=record["category"])}

    def text_values(self, text, answer_number):
        return {
            "title": text["question"],
            "slug": text["slug"],
            "alternative_phrasings": "\n".join(text["alternative_phrasings"]),
            "keywords": ", ".join(text["keywords"]),
            "short_answer": text["short_answer"],
            "answer": _stream(text["answer"], answer_number),
            "sms_text": text["sms_text"],
            "internal_notes": text["internal_notes"],
        }

    def set_relations(self, page, record):
        default = self.locales[settings.LANGUAGE_CODE]
        page.audiences = record["audiences"]
        page.migration_phases = record["migration_phases"]
        page.visibility = record["visibility"]
        page.sensitivity = record["sensitivity"]
        page.countries = list(Country.objects.filter(locale=default, code__in=record["countries"]))
        page.organisations = list(Organisation.objects.filter(locale=default, slug__in=record["organisations"]))
        page.sources = [
            FaqSource(
                title=s["title"], url=s["url"], authority=s["authority"], source_type=s["type"],
                last_verified_on=date.fromisoformat(s["last_verified_on"]) if s["last_verified_on"] else None,
                verified_by=s["verified_by"], review_interval_days=s["review_interval_days"], sort_order=i,
            )
            for i, s in enumerate(record["sources"])
        ]
        targets = {n: _existing(n) for n in record["related"]}
        page.related_entries = [
            FaqRelatedEntry(entry=target, sort_order=i) for i, target in enumerate(targets.values()) if target
        ]
        return all(targets.values())

    def carry_verifications(self, page, record):
        sources = [
            (s["url"], date.fromisoformat(s["last_verified_on"]) if s["last_verified_on"] else None, s["verified_by"])
            for s in record["sources"]
        ]
        if import_verifications(page, sources):
            self.reassessed.append(page.pk)

    def write(self, record):
        """Create or update one entry in every language it carries; return False if related entries wait."""
        language = settings.LANGUAGE_CODE
        page = _existing(record["answer_number"])
        values = {**self.text_values(record["translations"][language], record["answer_number"]), **self.shared_values(record, language)} if language in record["translations"] else {}
        if page is None:
            page = FaqPage(answer_number=record["answer_number"], locale=self.locales[language], owner=self.user, **values)
            complete = self.set_relations(page, record)
            self.sections.faq_index.add_child(instance=page)
        else:
            page = page.specific
            for name, value in values.items():
                setattr(page, name, value)
            complete = self.set_relations(page, record)
        save_and_publish(page, user=self.user)
        self.carry_verifications(page, record)
        targets = []
        for code, text in record["translations"].items():
            if code == language:
                continue
            existing = page.get_translation_or_none(self.locales[code])
            values = {**self.text_values(text, record["answer_number"]), **self.shared_values(record, code)}
            if existing is not None:
                target = existing.specific
                for name, value in values.items():
                    setattr(target, name, value)
                self.set_relations(target, record)
                targets.append(save_and_publish(target, user=self.user))
                self.carry_verifications(target, record)
            else:
                targets.append(translate_page(page, self.locales[code], values, user=self.user))
        register_translations(page, targets)
        return complete

    def relink(self, record):
        """Second pass for entries whose related entries were created later in the same import."""
        page = _existing(record["answer_number"]).specific
        for target in [page] + [p.specific for p in page.get_translations()]:
            self.set_relations(target, record)
            save_and_publish(target, user=self.user)


@transaction.atomic
def apply(records, changes, user=None, progress=None):
    """Write every created or updated entry; any failure rolls back the whole import."""
    writer = Writer(user=user)
    by_number = {record["answer_number"]: record for record in records}
    waiting = []
    todo = [c for c in changes if c.action != "unchanged"]
    for done, change in enumerate(todo, start=1):
        if not writer.write(by_number[change.answer_number]):
            waiting.append(change.answer_number)
        if progress and (done % 25 == 0 or done == len(todo)):
            progress(f"written {done}/{len(todo)}")
    for number in waiting:
        writer.relink(by_number[number])
    refresh_statuses(writer.reassessed, reason="import")
    return len(todo)

