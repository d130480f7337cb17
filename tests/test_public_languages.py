"""The public site in four languages: the switcher on every page, and fallbacks with a notice."""

import re

import pytest
from django.utils import translation
from wagtail.models import Locale

from faq.models import FaqIndexPage, HomePage
from kb.languages import fallback_notice

from .factories import entry_record, write_entries
from .test_console_backend import fact_sheet


@pytest.fixture
def entries(sections):
    """In every language; in Romanian and Russian; in Romanian only; operator-only in Romanian."""
    return write_entries(
        entry_record("A-0601"),
        entry_record("A-0602", languages=("ro", "ru")),
        entry_record("A-0603", languages=("ro",)),
        entry_record("A-0604", languages=("ro",), visibility="operators"),
    )


def switcher(html):
    """(language, address, current?) of each link in the language switcher."""
    nav = re.search(r'<nav aria-label="[^"]*" class="languages">(.*?)</nav>', html, re.S).group(1)
    return [
        (language, url, "aria-current" in attrs)
        for url, language, attrs in re.findall(r'<a href="([^"]*)" lang="([a-z]+)"([^>]*)>', nav)
    ]


def in_language(language, page):
    return Locale.objects.get(language_code=language), page.get_translation(Locale.objects.get(language_code=language))


def test_entry_links_to_its_translations_and_to_fallbacks_for_the_rest(client, entries):
    romanian = entries[1]
    russian = in_language("ru", romanian)[1]
    html = client.get(romanian.url).content.decode()
    assert switcher(html) == [
        ("ro", romanian.url, True),
        ("ru", russian.url, False),
        ("uk", f"/uk/translation/{romanian.pk}/", False),
        ("en", f"/en/translation/{romanian.pk}/", False),
    ]


def test_a_missing_translation_is_shown_in_the_fallback_language_with_a_notice(client, entries):
    russian = in_language("ru", entries[1])[1]
    response = client.get(f"/uk/translation/{entries[1].pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    with translation.override("uk"):
        notice = fallback_notice("uk", "ru")
    assert notice in html
    assert '<html lang="uk">' in html
    assert '<div lang="ru">' in html and russian.title in html
    assert f'<link rel="canonical" href="http://testserver{russian.url}">' in html  # the address it was asked at
    assert '<meta name="robots" content="noindex">' in html
    # The switcher still speaks of the entry, with Ukrainian current.
    assert ("uk", f"/uk/translation/{russian.pk}/", True) in switcher(html)
    # Without Russian either, the chain goes on to Romanian.
    html = client.get(f"/uk/translation/{entries[2].pk}/").content.decode()
    with translation.override("uk"):
        assert fallback_notice("uk", "ro") in html
    assert '<div lang="ro">' in html and entries[2].title in html


def test_an_existing_translation_is_a_redirect_to_its_own_address(client, entries):
    ukrainian = in_language("uk", entries[0])[1]
    response = client.get(f"/uk/translation/{entries[0].pk}/")
    assert response.status_code == 302 and response["Location"] == ukrainian.url
    # Fallbacks never reveal operator-only entries.
    assert client.get(f"/uk/translation/{entries[3].pk}/").status_code == 404
    assert client.get(f"/ro/translation/{entries[3].pk}/").status_code == 404
    assert client.get("/uk/translation/999999/").status_code == 404


def test_category_pages_list_untranslated_entries_in_their_fallback_language(client, entries, sections):
    index = FaqIndexPage.objects.get(locale__language_code="uk")
    html = client.get(index.url + "category/entry-stay-documents/").content.decode()
    assert in_language("uk", entries[0])[1].title in html
    assert f'<a href="/uk/translation/{in_language("ru", entries[1])[1].pk}/" lang="ru" hreflang="ru">' in html
    assert f'<a href="/uk/translation/{entries[2].pk}/" lang="ro" hreflang="ro">' in html
    assert entries[3].title not in html
    assert '<span class="in-language" lang="ru"' in html
    # So does a fact sheet without a Ukrainian version, itself shown in Romanian.
    sheet = fact_sheet(sections, "IT")
    html = client.get(f"/uk/translation/{sheet.pk}/").content.decode()
    assert in_language("uk", entries[0])[1].title in html
    assert f'<a href="/uk/translation/{in_language("ru", entries[1])[1].pk}/" lang="ru" hreflang="ru">' in html
    assert f'<a href="/uk/translation/{entries[2].pk}/" lang="ro" hreflang="ro">' in html
    # The category grid counts them too.
    home = HomePage.objects.get(locale__language_code="uk")
    html = client.get(home.url).content.decode()
    # Three public entries are readable from Ukrainian: one translated, two by fallback.
    counts = dict(re.findall(r'href="[^"]*category/([a-z-]+)/"[^>]*>[^<]*</a>\s*<span[^>]*>\(?(\d+)', html))
    assert counts.get("entry-stay-documents") == "3", counts


def test_every_public_page_has_a_switcher_with_all_four_languages(client, entries):
    for language in ("ro", "ru", "uk", "en"):
        home = HomePage.objects.get(locale__language_code=language)
        index = FaqIndexPage.objects.get(locale__language_code=language)
        for url in (home.url, index.url, index.url + "category/entry-stay-documents/"):
            links = switcher(client.get(url).content.decode())
            assert [code for code, _url, _current in links] == ["ro", "ru", "uk", "en"], url
            assert [code for code, _url, current in links if current] == [language], url
    # On a category page, each link keeps the category.
    index = FaqIndexPage.objects.get(locale__language_code="ro")
    links = switcher(client.get(index.url + "category/entry-stay-documents/").content.decode())
    russian_index = FaqIndexPage.objects.get(locale__language_code="ru")
    assert ("ru", russian_index.url + "category/entry-stay-documents/", False) in links
