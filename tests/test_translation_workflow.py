"""Translating pages and reference data with wagtail-localize, through the admin's own views.

Each step is the HTTP request a translator's browser sends: the submit form, the translation
editor (whose React code saves every string with a PUT to its own endpoint), its publish button
and "Sync translated pages". A template, permission or signal that breaks the workflow fails here.
"""

import json
from datetime import date

import pytest
from django.test import Client
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart
from django.urls import reverse
from wagtail.models import Locale
from wagtail_localize.models import StringTranslation, Translation, TranslationSource

from faq.models import Category, Country, CountryFactSheetPage, CountryIndexPage, FaqPage, Organisation
from faq.translations import save_and_publish
from faq.vocabulary import OrganisationType
from search.models import SearchEntry

from .clients import signed_in
from .factories import make_entry
from .search_helpers import numbers, operator_search

UK_QUESTION = "Як отримати посвідку на проживання в Італії?"
UK_SHORT_ANSWER = "Подайте заяву до квестури протягом восьми днів після приїзду."
UK_ANSWER = "Повна відповідь українською мовою."


class Editor:
    """The translation editor as its React code sees it: the props the edit view renders."""

    def __init__(self, props):
        self.props = props
        translated = {t["segment_id"]: t["data"] for t in props["initialStringTranslations"]}
        self.strings = {
            segment["contentPath"]: dict(segment, translation=translated.get(segment["id"]))
            for segment in props["segments"] if segment["type"] == "string"
        }

    def string(self, path):
        """The string segment at ``path``, or the first one inside the field or block ``path``."""
        if path in self.strings:
            return self.strings[path]
        return next(s for p, s in self.strings.items() if p.startswith(f"{path}."))

    def string_of(self, source_text):
        """Stream blocks have generated ids in their paths; find their strings by the source text."""
        return next(s for s in self.strings.values() if s["source"] == source_text)


class TranslationDesk:
    """One signed-in staff member working in the admin, one request per step."""

    def __init__(self, user, capture_on_commit):
        self.client = signed_in(user)
        # wagtail-localize publishes pages when the request's transaction commits.
        self.capture_on_commit = capture_on_commit

    def post(self, url, data):
        with self.capture_on_commit(execute=True):
            return self.client.post(url, data)

    def submit(self, instance, locale):
        if isinstance(instance, FaqPage | CountryFactSheetPage):
            url = reverse("wagtail_localize:submit_page_translation", args=[instance.pk])
        else:
            url = submit_snippet_url(instance)
        return self.post(url, {"locales": [locale.pk]})

    def editor(self, translated):
        response = self.client.get(edit_url(translated))
        assert response.status_code == 200
        assert "wagtail_localize/admin/edit_translation.html" in [t.name for t in response.templates]
        return Editor(json.loads(response.context["props"]))

    def translate(self, segment, text):
        """What the editor sends when a translator saves one string."""
        body = encode_multipart(BOUNDARY, {"value": text})
        return self.client.put(segment["editUrl"], body, content_type=MULTIPART_CONTENT)

    def publish(self, translated):
        return self.post(edit_url(translated), {"action": "publish"})

    def sync(self, source_instance):
        """Without "publish immediately": the translator publishes once the new strings are translated."""
        return self.post(sync_url(source_instance), {})

    def links_to(self, page_url, url):
        response = self.client.get(page_url)
        assert response.status_code == 200
        return f'href="{url}' in response.content.decode()


def submit_snippet_url(instance):
    return reverse("wagtail_localize:submit_snippet_translation", args=["faq", instance._meta.model_name, instance.pk])


def sync_url(instance):
    source = TranslationSource.objects.get_for_instance(instance)
    return reverse("wagtail_localize:update_translations", args=[source.pk])


def edit_url(instance):
    if isinstance(instance, FaqPage | CountryFactSheetPage):
        return reverse("wagtailadmin_pages:edit", args=[instance.pk])
    return reverse(f"wagtailsnippets_faq_{instance._meta.model_name}:edit", args=[instance.pk])


@pytest.fixture
def uk(db):
    return Locale.objects.get(language_code="uk")


@pytest.fixture
def ro(db):
    return Locale.objects.get(language_code="ro")


@pytest.fixture
def desk(demo_users, django_capture_on_commit_callbacks):
    return lambda username: TranslationDesk(demo_users[username], django_capture_on_commit_callbacks)


@pytest.fixture
def entry(sections):
    return make_entry(languages=("ro",))


@pytest.fixture
def fact_sheet(sections, ro):
    index = CountryIndexPage.objects.get(locale=ro)
    sheet = CountryFactSheetPage(
        title="Italia: ce trebuie să știți", slug="italia", summary="Rezumat despre Italia.",
        country=Country.objects.get(locale=ro, code="IT"),
        sections=[("section", {
            "kind": "work", "body": "<p>Reguli privind munca.</p>",
            "sources": [{"title": "Portale Integrazione Migranti", "url": "https://www.integrazionemigranti.gov.it/",
                         "authority": "Ministero del Lavoro", "last_verified_on": date(2026, 10, 1),
                         "verified_by": "reviewer", "review_interval_days": None}],
        })],
    )
    index.add_child(instance=sheet)
    return save_and_publish(sheet)


def translate_entry(desk, entry, locale):
    """Submit ``entry``, translate its question and answers, publish; returns the translated page."""
    assert desk.submit(entry, locale).status_code == 302
    target = FaqPage.objects.get(translation_key=entry.translation_key, locale=locale)
    editor = desk.editor(target)
    assert desk.translate(editor.string("title"), UK_QUESTION).status_code == 201
    assert desk.translate(editor.string("short_answer"), UK_SHORT_ANSWER).status_code == 201
    assert desk.translate(editor.string("answer"), UK_ANSWER).status_code == 201
    assert desk.publish(target).status_code == 302
    return FaqPage.objects.get(pk=target.pk)


# --- pages ------------------------------------------------------------------------------------


def test_an_entry_translated_in_the_editor_is_published_in_ukrainian(entry, desk, uk):
    reviewer = desk("reviewer")
    assert reviewer.links_to(edit_url(entry), reverse("wagtail_localize:submit_page_translation", args=[entry.pk]))
    target = translate_entry(reviewer, entry, uk)

    assert target.live and target.title == UK_QUESTION and target.short_answer == UK_SHORT_ANSWER
    assert UK_ANSWER in str(target.answer)
    assert target.answer_number == entry.answer_number
    html = Client().get(target.url).content.decode()
    assert target.url.startswith("/uk/") and UK_QUESTION in html and UK_SHORT_ANSWER in html
    assert FaqPage.objects.get(pk=entry.pk).title == entry.title


def test_translating_an_entry_keeps_the_ukrainian_name_of_its_category(entry, desk, uk):
    """The category comes along into translation; its seeded Ukrainian name must survive that."""
    uk_name = entry.category.get_translation(uk).name
    target = translate_entry(desk("reviewer"), entry, uk)

    assert target.category.locale == uk and target.category.name == uk_name != entry.category.name


def test_a_fact_sheet_translated_in_the_editor_is_published_in_ukrainian(fact_sheet, desk, uk):
    reviewer = desk("reviewer")
    uk_italy = fact_sheet.country.get_translation(uk).name
    assert reviewer.submit(fact_sheet, uk).status_code == 302
    target = CountryFactSheetPage.objects.get(translation_key=fact_sheet.translation_key, locale=uk)
    editor = reviewer.editor(target)
    assert reviewer.translate(editor.string("title"), "Італія: що треба знати").status_code == 201
    assert reviewer.translate(editor.string("summary"), "Коротко про Італію.").status_code == 201
    assert reviewer.translate(editor.string_of("Reguli privind munca."), "Правила щодо роботи.").status_code == 201
    assert reviewer.publish(target).status_code == 302

    target = CountryFactSheetPage.objects.get(pk=target.pk)
    assert target.live and target.title == "Італія: що треба знати" and target.summary == "Коротко про Італію."
    assert target.sections[0].value["body"].source == "<p>Правила щодо роботи.</p>"
    assert target.country.locale == uk and target.country.name == uk_italy != "Italia"
    html = Client().get(target.url).content.decode()
    assert "Коротко про Італію." in html and "Правила щодо роботи." in html


def test_a_changed_source_string_awaits_translation_after_a_sync(entry, desk, uk):
    reviewer = desk("reviewer")
    target = translate_entry(reviewer, entry, uk)
    entry.short_answer = "Depuneți cererea la chestură în opt zile lucrătoare."
    save_and_publish(entry)

    assert reviewer.links_to(edit_url(entry), sync_url(entry))
    assert reviewer.client.get(sync_url(entry)).status_code == 200
    assert reviewer.sync(entry).status_code == 302
    editor = reviewer.editor(target)
    changed = editor.string("short_answer")
    assert changed["source"] == entry.short_answer and changed["translation"] is None
    assert editor.string("title")["translation"] == UK_QUESTION
    assert reviewer.translate(changed, "Подайте заяву до квестури протягом восьми робочих днів.").status_code == 201
    assert reviewer.publish(target).status_code == 302

    target = FaqPage.objects.get(pk=target.pk)
    assert target.short_answer == "Подайте заяву до квестури протягом восьми робочих днів."
    assert target.title == UK_QUESTION
    assert "восьми робочих днів" in Client().get(target.url).content.decode()


# --- search -----------------------------------------------------------------------------------


def test_a_published_translation_is_indexed_in_its_own_language(entry, desk, uk):
    reviewer = desk("reviewer")
    assert numbers(operator_search("посвідку", locale="uk")) == []
    target = translate_entry(reviewer, entry, uk)

    indexed = SearchEntry.objects.get(id=f"uk:{target.pk}")
    assert indexed.locale == "uk" and indexed.question == UK_QUESTION
    assert numbers(operator_search("посвідку", locale="uk")) == [entry.answer_number]
    source = SearchEntry.objects.get(id=f"ro:{entry.pk}")
    assert source.locale == "ro" and source.question == entry.title
    assert numbers(operator_search("permisul", locale="ro")) == [entry.answer_number]
    assert numbers(operator_search("посвідку", locale="ro")) == []


# --- snippets ---------------------------------------------------------------------------------


def new_category(ro):
    parent = Category.objects.get(locale=ro, path="work-employment")
    category = Category.objects.create(locale=ro, parent=parent, slug="agriculture", name="Muncă în agricultură")
    return category, {"parent": parent.pk}


def new_country(ro):
    # Sorted by code from Z, Kosovo's user-assigned XK is on the first page of ~250 countries.
    return Country.objects.create(locale=ro, code="XK", name="Kosovo"), {"ordering": "-code"}


def new_organisation(ro):
    organisation = Organisation.objects.create(
        locale=ro, slug="centrul-pentru-migranti", name="Centrul pentru migranți",
        organisation_type=OrganisationType.NGO, country=Country.objects.get(locale=ro, code="IT"),
        services="Consiliere juridică gratuită.", languages=["ro"],
    )
    return organisation, {"organisation_type": OrganisationType.NGO}


SNIPPETS = {
    "category": (new_category, "Робота в сільському господарстві"),
    "country": (new_country, "Косово"),
    "organisation": (new_organisation, "Центр для мігрантів"),
}


@pytest.fixture(params=SNIPPETS)
def snippet(request, ro):
    make, uk_name = SNIPPETS[request.param]
    instance, listing_filters = make(ro)
    return instance, listing_filters, uk_name


def translate_snippet(desk, source, locale, name):
    assert desk.submit(source, locale).status_code == 302
    target = type(source).objects.get(translation_key=source.translation_key, locale=locale)
    assert desk.translate(desk.editor(target).string("name"), name).status_code == 201
    assert desk.publish(target).status_code == 302
    return type(source).objects.get(pk=target.pk)


def listing_offers_translate(desk, source, listing_filters):
    """Whether the snippet listing's row for ``source`` links to wagtail-localize's submit view."""
    listing = reverse(f"wagtailsnippets_faq_{source._meta.model_name}:list")
    response = desk.client.get(listing, {"locale": "ro", **listing_filters})
    assert response.status_code == 200
    return f'href="{submit_snippet_url(source)}"' in response.content.decode()


def test_the_snippet_listing_offers_translate(snippet, desk):
    source, listing_filters, _ = snippet
    assert listing_offers_translate(desk("admin"), source, listing_filters)


def test_a_snippet_translated_in_the_editor_carries_the_ukrainian_name(snippet, desk, uk):
    source, _, uk_name = snippet
    target = translate_snippet(desk("admin"), source, uk, uk_name)

    assert target.locale == uk and target.name == uk_name
    source.refresh_from_db()
    assert source.name != uk_name


def test_a_changed_snippet_name_awaits_translation_after_a_sync(snippet, desk, uk):
    source, _, uk_name = snippet
    admin = desk("admin")
    target = translate_snippet(admin, source, uk, uk_name)
    source.name = f"{source.name} (nou)"
    source.save()

    assert admin.sync(source).status_code == 302
    name = admin.editor(target).string("name")
    assert name["source"] == source.name and name["translation"] is None
    assert admin.translate(name, f"{uk_name} (нове)").status_code == 201
    assert admin.publish(target).status_code == 302
    assert type(source).objects.get(pk=target.pk).name == f"{uk_name} (нове)"


# --- who may translate ------------------------------------------------------------------------


def test_an_editor_submits_translates_and_syncs_an_entry(entry, desk, uk):
    editor = desk("editor")
    assert editor.submit(entry, uk).status_code == 302
    target = FaqPage.objects.get(translation_key=entry.translation_key, locale=uk)
    assert editor.translate(editor.editor(target).string("title"), UK_QUESTION).status_code == 201
    entry.title = "Cum obțin permisul de ședere în Italia?"
    save_and_publish(entry)

    assert editor.sync(entry).status_code == 302
    assert editor.editor(target).string("title")["translation"] is None


def test_an_editor_cannot_publish_a_translated_entry_but_a_reviewer_can(entry, desk, uk):
    """Editors submit for review and never publish (faq/roles.py); translations are no exception."""
    editor, reviewer = desk("editor"), desk("reviewer")
    editor.submit(entry, uk)
    target = FaqPage.objects.get(translation_key=entry.translation_key, locale=uk)
    translation_editor = editor.editor(target)
    assert translation_editor.props["perms"]["canPublish"] is False
    assert editor.translate(translation_editor.string("title"), UK_QUESTION).status_code == 201

    refused = editor.publish(target)
    assert (refused.status_code, refused["Location"]) == (302, reverse("wagtailadmin_home"))
    assert FaqPage.objects.get(pk=target.pk).title != UK_QUESTION
    assert reviewer.publish(target).status_code == 302
    assert FaqPage.objects.get(pk=target.pk).title == UK_QUESTION


def test_an_editor_translates_an_organisation(desk, ro, uk):
    organisation, listing_filters = new_organisation(ro)
    editor = desk("editor")
    assert listing_offers_translate(editor, organisation, listing_filters)
    target = translate_snippet(editor, organisation, uk, "Центр для мігрантів")
    assert target.name == "Центр для мігрантів"


def test_an_operator_cannot_touch_translations(entry, desk, uk):
    target = translate_entry(desk("reviewer"), entry, uk)
    string = desk("reviewer").editor(target).string("title")
    other = make_entry(languages=("ro",))
    operator = desk("operator")
    translations, strings = Translation.objects.count(), dict(StringTranslation.objects.values_list("pk", "data"))

    responses = [
        operator.client.get(reverse("wagtail_localize:submit_page_translation", args=[other.pk])),
        operator.submit(other, uk),
        operator.client.get(edit_url(target)),
        operator.translate(string, "Чужий переклад"),
        operator.publish(target),
        operator.sync(entry),
    ]
    assert all(r.status_code == 302 and r["Location"].startswith(reverse("wagtailadmin_login")) for r in responses)
    assert Translation.objects.count() == translations
    assert dict(StringTranslation.objects.values_list("pk", "data")) == strings
    assert FaqPage.objects.get(pk=target.pk).title == UK_QUESTION
