"""What search engines get: sitemap.xml with language alternates, and robots.txt."""

from xml.etree import ElementTree

import pytest

from faq.models import FaqPage

from .factories import entry_record, write_entries

pytestmark = pytest.mark.smoke
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
BASE = "http://testserver"


def sitemap(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    root = ElementTree.fromstring(response.content)
    return {
        node.find("s:loc", NS).text: {link.get("hreflang"): link.get("href") for link in node.findall("x:link", NS)}
        for node in root.findall("s:url", NS)
    }


def full(page):
    return BASE + page.url


@pytest.fixture
def entries(sections):
    return write_entries(
        entry_record("A-0601"),
        entry_record("A-0602", languages=("ro", "ru")),
        entry_record("A-0603", visibility="operators"),
    )


def test_sitemap_lists_every_public_entry_with_its_real_language_versions(client, entries):
    everywhere, two_languages, _internal = entries
    urls = sitemap(client)
    versions = {p.locale.language_code: p for p in FaqPage.objects.filter(translation_key=everywhere.translation_key)}
    for language, page in versions.items():
        alternates = urls[full(page)]
        assert alternates == {
            **{code: full(version) for code, version in versions.items()}, "x-default": full(versions["ro"]),
        }
    ro_ru = {p.locale.language_code: p for p in FaqPage.objects.filter(translation_key=two_languages.translation_key)}
    assert set(ro_ru) == {"ro", "ru"}
    # No fallback address stands in for the missing languages: they show another page's text.
    assert urls[full(ro_ru["ru"])] == {"ro": full(ro_ru["ro"]), "ru": full(ro_ru["ru"]), "x-default": full(ro_ru["ro"])}
    assert not any("/translation/" in url for url in urls)


def test_sitemap_never_lists_operator_only_or_unpublished_entries(client, entries):
    everywhere, _two, internal = entries
    FaqPage.objects.get(translation_key=everywhere.translation_key, locale__language_code="uk").unpublish()
    urls = sitemap(client)
    for page in FaqPage.objects.filter(translation_key=internal.translation_key):
        assert full(page) not in urls
    unpublished = FaqPage.objects.get(translation_key=everywhere.translation_key, locale__language_code="uk")
    assert full(unpublished) not in urls
    assert "uk" not in urls[full(everywhere)]


def test_sitemap_leaves_out_entries_hidden_as_long_overdue(client, sections, settings):
    settings.KB_PUBLIC_HIDE_OVERDUE_AFTER_DAYS = 30
    stale, = write_entries(entry_record("A-0611", sources=[{
        "title": "Old source", "url": "https://example.org/", "authority": "Ministry", "type": "official",
        "last_verified_on": "2020-01-01", "verified_by": "reviewer", "review_interval_days": 30,
    }]))
    assert full(stale) not in sitemap(client)


def test_sitemap_lists_homes_sections_fact_sheets_and_category_listings(client, entries):
    urls = sitemap(client)
    for language in ("ro", "ru", "uk", "en"):
        home = f"{BASE}/{language}/"
        assert home in urls and urls[home]["x-default"] == f"{BASE}/ro/"
    categories = [url for url in urls if "/category/" in url]
    ro_listing = next(url for url in categories if url.startswith(f"{BASE}/ro/") and url.endswith("/category/entry-stay-documents/"))
    assert set(urls[ro_listing]) == {"ro", "ru", "uk", "en", "x-default"}
    assert all(href.endswith("/category/entry-stay-documents/") for href in urls[ro_listing].values())


def test_robots_txt_keeps_crawlers_out_of_staff_pages_and_names_the_sitemap(client, db):
    response = client.get("/robots.txt")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    for path in ("/admin/", "/api/", "/ro/console/", "/uk/console/"):
        assert f"Disallow: {path}" in lines
    assert "Disallow: /" not in lines  # the public site itself stays open
    assert f"Sitemap: {BASE}/sitemap.xml" in lines


def head_links(client, url):
    import re

    head = client.get(url).content.decode().split("</head>")[0]
    canonical = re.findall(r'<link rel="canonical" href="([^"]+)">', head)
    alternates = dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', head))
    return canonical, alternates


def test_pages_name_their_canonical_address_and_their_language_versions(client, entries):
    everywhere, two_languages, _internal = entries
    versions = {p.locale.language_code: p for p in FaqPage.objects.filter(translation_key=everywhere.translation_key)}
    canonical, alternates = head_links(client, versions["uk"].url)
    assert canonical == [full(versions["uk"])]
    assert alternates == {**{code: full(page) for code, page in versions.items()}, "x-default": full(versions["ro"])}
    ru = FaqPage.objects.get(translation_key=two_languages.translation_key, locale__language_code="ru")
    assert head_links(client, ru.url)[1] == {"ro": full(two_languages), "ru": full(ru), "x-default": full(two_languages)}
    # A category listing is canonical at its own address, its query string aside.
    listing = "/en/questions/category/entry-stay-documents/"
    canonical, alternates = head_links(client, listing + "?page=2")
    assert canonical == [BASE + listing] and alternates["x-default"] == f"{BASE}/ro/intrebari/category/entry-stay-documents/"


def test_a_fallback_page_is_canonical_at_the_version_it_shows(client, entries):
    _everywhere, two_languages, _internal = entries
    response = client.get(f"/uk/translation/{two_languages.pk}/")
    canonical, alternates = head_links(client, f"/uk/translation/{two_languages.pk}/")
    ru = FaqPage.objects.get(translation_key=two_languages.translation_key, locale__language_code="ru")
    assert response.status_code == 200 and canonical == [full(ru)] and alternates == {}


def structured_data(client, url):
    import json
    import re

    html = client.get(url).content.decode()
    found = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return [json.loads(text) for text in found]


def test_entry_pages_carry_their_question_and_short_answer_as_faqpage_data(client, sections):
    entry, = write_entries(entry_record("A-0621", translation={
        "short_answer": "<b>Apply</b> 60 days ahead </script><script>alert(1)</script>",
        "internal_notes": "ZZ-NOTE-IN-JSON-LD",
    }))
    uk = FaqPage.objects.get(translation_key=entry.translation_key, locale__language_code="uk")
    html = client.get(uk.url).content.decode()
    assert "</script><script>alert(1)" not in html  # the answer cannot close the script element
    assert "ZZ-NOTE-IN-JSON-LD" not in html
    data, = structured_data(client, uk.url)
    assert data == {
        "@context": "https://schema.org", "@type": "FAQPage", "inLanguage": "uk",
        "mainEntity": [{
            "@type": "Question", "name": uk.title, "url": full(uk),
            "acceptedAnswer": {"@type": "Answer", "text": "Apply 60 days ahead alert(1)"},
        }],
    }


def test_category_pages_list_their_own_language_entries_as_faqpage_data(client, entries):
    everywhere, two_languages, _internal = entries
    data, = structured_data(client, "/ru/voprosy/category/entry-stay-documents/residence-permits/")
    names = [question["name"] for question in data["mainEntity"]]
    ru = {p.answer_number: p for p in FaqPage.objects.filter(locale__language_code="ru")}
    assert len(names) == 2 and set(names) == {ru["A-0601"].title, ru["A-0602"].title}  # never the operator-only A-0603
    assert data["inLanguage"] == "ru"
    # In Ukrainian, A-0602 is listed in Russian as a fallback: not Ukrainian text, so not in the data.
    data, = structured_data(client, "/uk/pytannia/category/entry-stay-documents/residence-permits/")
    uk = FaqPage.objects.get(translation_key=everywhere.translation_key, locale__language_code="uk")
    assert [question["name"] for question in data["mainEntity"]] == [uk.title]
