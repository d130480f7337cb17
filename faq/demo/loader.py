"""Load the hand-written demo content, and generate volume data for benchmarks from it.

Idempotent: everything is keyed (organisations by slug, entries by answer number, fact sheets
by country), and what already exists is left untouched, so a second run changes nothing.
"""

import uuid
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone
from wagtail.models import Locale

from ..models import Category, Country, CountryFactSheetPage, FaqPage, FaqRelatedEntry, FaqSource, Organisation
from ..numbering import format_answer_number
from ..reference.seed import translation_key
from ..site_structure import ensure_site_structure
from ..translations import register_translations, save_and_publish, translate_page
from ..verification import fact_sheet_review_days
from . import schema

BLOCK_NAMESPACE = uuid.UUID("0e7f4b8a-62c4-4d0e-8d3e-6a2f3c1b9d40")
DEMO_USERS = {
    # username: (group, is_superuser)
    "operator": ("Operators", False),
    "editor": ("Editors", False),
    "reviewer": ("Reviewers", False),
    "admin": ("Administrators", True),
}
DEMO_PASSWORD_SUFFIX = "-demo"
SOURCE_COPY_FIELDS = ("title", "url", "authority", "source_type", "last_verified_on", "verified_by", "review_interval_days", "sort_order")


def ensure_demo_users():
    """One demo login per staff group; returns ``(created, already_there)``."""
    User = get_user_model()
    created = 0
    for username, (group_name, is_superuser) in DEMO_USERS.items():
        if User.objects.filter(username=username).exists():
            continue
        user = User(username=username, email=f"{username}@example.org", is_superuser=is_superuser, is_staff=is_superuser)
        user.set_password(username + DEMO_PASSWORD_SUFFIX)
        user.save()
        user.groups.add(Group.objects.get(name=group_name))
        created += 1
    return created, len(DEMO_USERS) - created


class DemoContentError(Exception):
    def __init__(self, problems):
        super().__init__(f"{len(problems)} problem(s) in the demo content")
        self.problems = problems


@dataclass
class LoadReport:
    created: dict = field(default_factory=lambda: {"organisations": 0, "entries": 0, "fact_sheets": 0, "users": 0})
    skipped: dict = field(default_factory=lambda: {"organisations": 0, "entries": 0, "fact_sheets": 0, "users": 0})
    unpaired_strings: int = 0


def read_content():
    problems = schema.check_all()
    if problems:
        raise DemoContentError(problems)
    return {
        "organisations": [item for _, item in schema.load_files("organisations*.json")],
        "entries": [item for _, item in schema.load_files("entries*.json")],
        "fact_sheets": [item for _, item in schema.load_files("factsheets*.json")],
    }


def block_id(*parts):
    return str(uuid.uuid5(BLOCK_NAMESPACE, ":".join(str(p) for p in parts)))


def answer_stream(blocks, key):
    """Raw StreamField data with ids derived from ``key``, identical in every language."""
    raw = []
    for i, block in enumerate(blocks):
        value = block["value"]
        if block["type"] == "steps":
            value = [{"type": "item", "value": step, "id": block_id(key, i, j)} for j, step in enumerate(value)]
        elif block["type"] == "contact":
            value = {name: value.get(name, "") for name in ("name", "phone", "email", "website", "hours")}
        raw.append({"type": block["type"], "value": value, "id": block_id(key, i)})
    return raw


DEMO_OVERDUE_FACT_SHEET = "IL"


def verification_schedule(index, today):
    """Spread review dates so the demo shows every state: ~15% overdue, ~10% due soon."""
    slot = index % 20
    if slot in (0, 7, 14):
        return "overdue", lambda interval: today - timedelta(days=interval + 5 + index % 30)
    if slot in (3, 11):
        return "due_soon", lambda interval: today - timedelta(days=interval - 3 - index % 9)
    return "current", lambda interval: today - timedelta(days=5 + (index * 7) % 40)


class DemoLoader:
    def __init__(self, content, *, today=None, progress=None):
        self.content = content
        self.today = today or timezone.localdate()
        self.progress = progress or (lambda message: None)
        self.report = LoadReport()
        self.locales = {locale.language_code: locale for locale in Locale.objects.all()}
        self.source_locale = self.locales[settings.LANGUAGE_CODE]
        self.other_locales = [loc for code, loc in self.locales.items() if code != settings.LANGUAGE_CODE]
        self.categories = {}

    # --- reference rows -------------------------------------------------------------
    def countries(self, codes, locale=None):
        locale = locale or self.source_locale
        found = {c.code: c for c in Country.objects.filter(locale=locale, code__in=codes)}
        return [found[code] for code in codes if code in found]

    def organisations(self):
        for org in self.content["organisations"]:
            key = translation_key("organisation", org["slug"])
            if Organisation.objects.filter(translation_key=key).exists():
                self.report.skipped["organisations"] += 1
                continue
            for code, locale in self.locales.items():
                Organisation.objects.create(
                    translation_key=key, locale=locale, slug=org["slug"], name=org[code]["name"],
                    services=org[code]["services"], organisation_type=org["type"],
                    country=Country.objects.get(locale=locale, code=org["country"]),
                    phone=org.get("phone", ""), hours=org.get("hours", ""), languages=org.get("languages", []),
                    website=org.get("website", ""), email=org.get("email", ""),
                    never_give_address=org.get("never_give_address", False),
                )
            self.report.created["organisations"] += 1

    # --- FAQ entries -----------------------------------------------------------------
    def entry_values(self, entry, language, key):
        text = entry[language]
        return {
            "title": text["question"],
            "alternative_phrasings": "\n".join(text.get("phrasings", [])),
            "keywords": ", ".join(text.get("keywords", [])),
            "short_answer": text["short_answer"],
            "answer": answer_stream(text["answer"], key),
            "sms_text": text.get("sms", ""),
            "internal_notes": text.get("internal_notes", ""),
        }

    def build_sources(self, entry, index):
        _state, verified_on = verification_schedule(index, self.today)
        category = self.category(entry["category"], self.source_locale)
        return [
            FaqSource(
                title=s["title"], url=s["url"], authority=s["authority"], source_type=s["type"],
                last_verified_on=verified_on(category.review_interval_days), verified_by="reviewer",
                sort_order=i,
            )
            for i, s in enumerate(entry["sources"])
        ]

    def create_entry(self, entry, index, number, faq_index, owner):
        key = entry["slug"]
        values = self.entry_values(entry, settings.LANGUAGE_CODE, key)
        page = FaqPage(
            slug=key[:250], answer_number=number, locale=self.source_locale, owner=owner,
            category=self.category(entry["category"], self.source_locale),
            audiences=entry.get("audiences", []), migration_phases=entry.get("phases", []),
            visibility=entry["visibility"], sensitivity=entry["sensitivity"], **values,
        )
        page.sources = self.build_sources(entry, index)
        page.countries = self.countries(entry.get("countries", []))
        page.organisations = self.entry_organisations(entry)
        faq_index.add_child(instance=page)
        save_and_publish(page, user=owner)
        targets = []
        for locale in self.other_locales:
            translated = self.entry_values(entry, locale.language_code, key)
            translated["category"] = self.category(entry["category"], locale)
            targets.append(translate_page(page, locale, translated, user=owner))
        self.report.unpaired_strings += register_translations(page, targets)
        return page

    def create_variant(self, entry, index, number, faq_index, owner, suffix):
        """A generated copy for volume data: the same pages an editor's publish produces
        (live, one revision, linked translations), built directly instead of through the
        copy-and-publish actions, which would make 5,000 entries take most of an hour."""
        key = entry["slug"] + suffix
        label = f" ({suffix.strip('-')})"
        sources = self.build_sources(entry, index)
        countries = self.countries(entry.get("countries", []))
        organisations = self.entry_organisations(entry)
        source_page = None
        for locale in [self.source_locale, *self.other_locales]:
            parent = faq_index if locale == self.source_locale else self.translated_indexes[locale.pk]
            values = self.entry_values(entry, locale.language_code, key)
            values["title"] += label
            page = FaqPage(
                slug=key[:250], answer_number=number, locale=locale, owner=owner, live=True,
                first_published_at=timezone.now(), last_published_at=timezone.now(),
                translation_key=source_page.translation_key if source_page else uuid.uuid4(),
                category=self.category(entry["category"], locale),
                audiences=entry.get("audiences", []), migration_phases=entry.get("phases", []),
                visibility=entry["visibility"], sensitivity=entry["sensitivity"], **values,
            )
            page.sources = [FaqSource(**{f: getattr(s, f) for f in SOURCE_COPY_FIELDS}) for s in sources]
            page.countries = countries
            page.organisations = organisations
            parent.add_child(instance=page)
            revision = page.save_revision(user=owner, clean=False, log_action=False)
            FaqPage.objects.filter(pk=page.pk).update(live_revision=revision, has_unpublished_changes=False)
            source_page = source_page or page
        return source_page

    def entry_organisations(self, entry):
        return list(Organisation.objects.filter(locale=self.source_locale, slug__in=entry.get("organisations", [])))

    def category(self, path, locale):
        key = (path, locale.pk)
        if key not in self.categories:
            self.categories[key] = Category.objects.get(locale=locale, path=path)
        return self.categories[key]

    def link_related(self, pages_by_slug, owner):
        """Related entries point at the source-language page; templates show its translation.

        Set through a new revision, as an editor would: rows written beside the revision
        history would vanish at the next publish from the editor.
        """
        for slug, page in pages_by_slug.items():
            wanted = [pages_by_slug[s] for s in self.related.get(slug, []) if s in pages_by_slug]
            if not wanted or page.related_entries.exists():
                continue
            with transaction.atomic():
                for locale_page in [page.specific] + [p.specific for p in page.get_translations()]:
                    locale_page.related_entries = [FaqRelatedEntry(entry=other, sort_order=i) for i, other in enumerate(wanted)]
                    save_and_publish(locale_page, user=owner)

    def entries(self, count, faq_index, owner):
        hand_written = self.content["entries"]
        self.related = {e["slug"]: e.get("related", []) for e in hand_written}
        total = count if count is not None else len(hand_written)
        pages_by_slug = {}
        self.translated_indexes = {p.locale_id: p for p in faq_index.get_translations()}
        for index in range(total):
            entry = hand_written[index % len(hand_written)]
            variant = index // len(hand_written)
            number = format_answer_number(index + 1)
            existing = FaqPage.objects.filter(locale=self.source_locale, answer_number=number).first()
            if existing:
                self.report.skipped["entries"] += 1
                if not variant:
                    pages_by_slug[entry["slug"]] = existing
            else:
                with transaction.atomic():
                    if variant:
                        page = self.create_variant(entry, index, number, faq_index, owner, f"-v{variant}")
                    else:
                        page = self.create_entry(entry, index, number, faq_index, owner)
                self.report.created["entries"] += 1
                if not variant:
                    pages_by_slug[entry["slug"]] = page
            if (index + 1) % 25 == 0 or index + 1 == total:
                self.progress(f"entries: {index + 1}/{total}")
        self.link_related(pages_by_slug, owner)

    # --- fact sheets -----------------------------------------------------------------
    def fact_sheet_sections(self, sheet, language, index):
        """One sheet is overdue, so the demo shows its entries "at risk"; the others are current.

        An overdue sheet puts every entry of its country at risk; spreading overdue sections over
        all sheets, as entries do, would leave hardly an entry with a country that is not."""
        raw = []
        for i, section in enumerate(sheet["sections"]):
            if sheet["country"] == DEMO_OVERDUE_FACT_SHEET and i == 0:
                verified_on = lambda interval: self.today - timedelta(days=interval + 10)  # noqa: E731
            else:
                _state, verified_on = verification_schedule(20 * (index * 11 + i) + 1, self.today)
            sources = [
                {
                    "type": "item", "id": block_id(sheet["country"], "section", i, "source", j),
                    "value": {
                        "title": s["title"], "url": s["url"], "authority": s["authority"],
                        "source_type": s["type"], "verified_by": "reviewer", "review_interval_days": None,
                        "last_verified_on": verified_on(fact_sheet_review_days()).isoformat(),
                    },
                }
                for j, s in enumerate(section["sources"])
            ]
            raw.append({
                "type": "section", "id": block_id(sheet["country"], "section", i),
                "value": {"kind": section["kind"], "body": section[language]["body"], "sources": sources},
            })
        return raw

    def fact_sheets(self, country_index, owner):
        for index, sheet in enumerate(self.content["fact_sheets"]):
            if CountryFactSheetPage.objects.filter(locale=self.source_locale, country__code=sheet["country"]).exists():
                self.report.skipped["fact_sheets"] += 1
                continue
            language = settings.LANGUAGE_CODE
            with transaction.atomic():
                page = CountryFactSheetPage(
                    title=sheet[language]["title"], slug=sheet["country"].lower(), owner=owner,
                    locale=self.source_locale, country=self.countries([sheet["country"]])[0],
                    summary=sheet[language]["summary"], sections=self.fact_sheet_sections(sheet, language, index),
                )
                country_index.add_child(instance=page)
                save_and_publish(page, user=owner)
                targets = [
                    translate_page(page, locale, {
                        "title": sheet[locale.language_code]["title"],
                        "summary": sheet[locale.language_code]["summary"],
                        "country": self.countries([sheet["country"]], locale)[0],
                        "sections": self.fact_sheet_sections(sheet, locale.language_code, index),
                    }, user=owner)
                    for locale in self.other_locales
                ]
                self.report.unpaired_strings += register_translations(page, targets)
            self.report.created["fact_sheets"] += 1
            self.progress(f"fact sheets: {index + 1}/{len(self.content['fact_sheets'])}")

    # --- users -----------------------------------------------------------------------
    def users(self):
        created, skipped = ensure_demo_users()
        self.report.created["users"] += created
        self.report.skipped["users"] += skipped

    def run(self, entry_count=None, with_fact_sheets=True):
        self.users()
        owner = get_user_model().objects.get(username="editor")
        sections = ensure_site_structure()
        self.organisations()
        self.progress("organisations: done")
        self.entries(entry_count, sections.faq_index, owner)
        if with_fact_sheets:
            self.fact_sheets(sections.country_index, owner)
        return self.report
