"""Anonymous visitors never see operator-only entries or internal notes, in any language."""

import pytest
from django.test import Client

from faq.models import FaqPage

from .factories import entry_record, write_entries

MARKER = "ZZ-INTERNAL-MARKER-7731"
LANGUAGES = ("ro", "ru", "uk", "en")


@pytest.fixture
def entries(sections):
    public, internal = write_entries(
        entry_record(translation={"internal_notes": f"Ask for the contract first {MARKER}"}),
        entry_record(visibility="operators", translation={"short_answer": f"Escalate to the supervisor {MARKER}"}),
    )
    return public, internal


def public_urls(public_entry):
    """Every page a visitor can reach: homes, FAQ indexes, category listings, the entry, in four languages."""
    urls = []
    for page in FaqPage.objects.filter(translation_key=public_entry.translation_key):
        language = page.locale.language_code
        urls += [page.url, f"/{language}/"]
        index = page.get_parent()
        urls += [index.url, f"{index.url}category/entry-stay-documents/", f"{index.url}category/entry-stay-documents/residence-permits/"]
    return urls


@pytest.mark.smoke
def test_anonymous_pages_never_show_internal_content(client, entries):
    public, _internal = entries
    for url in public_urls(public):
        response = client.get(url)
        assert response.status_code == 200, url
        assert MARKER not in response.content.decode(), url


@pytest.mark.smoke
def test_operator_only_entry_is_404_for_anonymous_in_every_language(client, entries):
    _public, internal = entries
    translations = FaqPage.objects.filter(translation_key=internal.translation_key)
    assert {p.locale.language_code for p in translations} == set(LANGUAGES)
    for page in translations:
        assert client.get(page.url).status_code == 404


def test_operator_sees_operator_only_entry_and_internal_notes(entries, demo_users):
    public, internal = entries
    client = Client()
    client.force_login(demo_users["operator"])
    assert MARKER in client.get(public.url).content.decode()
    response = client.get(internal.url)
    assert response.status_code == 200
    assert MARKER in response.content.decode()


def test_category_listing_lists_operator_only_entries_for_operators_only(client, entries, demo_users):
    public, internal = entries
    listing = f"{public.get_parent().url}category/entry-stay-documents/"
    anonymous = client.get(listing).content.decode()
    assert public.title in anonymous and internal.title not in anonymous
    client.force_login(demo_users["operator"])
    assert internal.title in client.get(listing).content.decode()


def test_root_redirects_to_the_default_language(client, sections):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/ro/"


def test_translated_entry_is_served_in_its_language(client, entries):
    public, _internal = entries
    russian = FaqPage.objects.get(translation_key=public.translation_key, locale__language_code="ru")
    assert russian.url.startswith("/ru/")
    body = client.get(russian.url).content.decode()
    assert "Как получить вид на жительство?" in body
    assert '<html lang="ru">' in body
