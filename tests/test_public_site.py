"""The public website (issue 7 points 1 and 6): home, lists, entry pages, the search page, and the
per-language page cache with its invalidation and view counting."""

import re

import pytest
from django.test import Client
from django.utils import timezone
from wagtail.models import Locale

from faq.models import FaqPage
from kb import page_cache
from search.analytics.models import EntryViewDay, SearchQueryLog
from search.analytics.page_views import record_view

from .factories import entry_record, write_entries
from .test_console_backend import fact_sheet

pytestmark = pytest.mark.smoke


@pytest.fixture
def entries(sections):
    """Four entries: everywhere; Romanian only (related to the first); operator-only; and one
    whose question carries markup that must stay text."""
    return write_entries(
        entry_record("A-0701", related=["A-0702"], translation={"keywords": ["pașaport"]}),
        entry_record("A-0702", languages=("ro",), countries=["DE"]),
        entry_record("A-0703", visibility="operators", countries=["DE"]),
        entry_record("A-0704", languages=("ro",), translation={"question": "Permis <script>x</script> de muncă?"}),
    )


def version(entry, language):
    return FaqPage.objects.get(translation_key=entry.translation_key, locale__language_code=language)


def text(response):
    return response.content.decode()


# --- pages ----------------------------------------------------------------------------------


def test_home_has_search_box_topics_countries_and_recent_questions(client, entries, sections):
    fact_sheet(sections, "IT")
    html = text(client.get("/uk/"))
    assert 'role="search"' in html and 'action="/uk/search/"' in html
    assert 'id="topics"' in html and "/uk/" in html
    # The Italian fact sheet exists only in Romanian: the Ukrainian home links its fallback address.
    sheet = fact_sheet_url = sections.country_index.get_children().live().first()
    fact_sheet_url = f"/uk/translation/{sheet.pk}/"
    assert fact_sheet_url in html
    # Nobody has viewed anything yet: the list is the newest entries and says so.
    assert "Нещодавно додані запитання" in html
    assert version(entries[0], "uk").url in html
    assert version(entries[2], "uk").url not in html  # operator-only


def test_most_viewed_questions_rank_by_views_in_every_language(client, entries):
    everywhere, romanian_only = entries[0], entries[1]
    for _ in range(3):
        record_view(romanian_only.pk)
    record_view(version(everywhere, "ru").pk)
    html = text(client.get("/ro/"))
    popular = html[html.index('id="popular"'):html.index('id="topics"')]
    assert popular.index(romanian_only.url) < popular.index(everywhere.url)
    # In Ukrainian the Romanian-only entry is still the most viewed, shown through its fallback.
    html = text(client.get("/uk/"))
    popular = html[html.index('id="popular"'):html.index('id="topics"')]
    assert popular.index(f"/uk/translation/{romanian_only.pk}/") < popular.index(version(everywhere, "uk").url)


def test_country_index_lists_fallback_fact_sheets(client, sections):
    sheet = fact_sheet(sections, "IT")
    index = sections.country_index.get_translation(Locale.objects.get(language_code="en"))
    html = text(client.get(index.url))
    assert f"/en/translation/{sheet.pk}/" in html
    assert "Italy" in html  # the country's name in the reader's language


def test_entry_page_has_breadcrumb_and_related_entries_in_the_readers_language(client, entries):
    everywhere, romanian_only = entries[0], entries[1]
    html = text(client.get(version(everywhere, "uk").url))
    breadcrumb = re.search(r'<nav class="breadcrumb".*?</nav>', html, re.S).group(0)
    assert 'href="/uk/' in breadcrumb and "/category/entry-stay-documents/" in breadcrumb
    assert "/category/entry-stay-documents/residence-permits/" in breadcrumb
    # Shown to a Ukrainian reader, the Romanian-only entry's breadcrumb is in Ukrainian too.
    html = text(client.get(f"/uk/translation/{romanian_only.pk}/"))
    breadcrumb = re.search(r'<nav class="breadcrumb".*?</nav>', html, re.S).group(0)
    uk_index = FaqPage.objects.get(pk=romanian_only.pk).get_parent().get_translation(Locale.objects.get(language_code="uk"))
    assert f'<a href="{uk_index.url}">{uk_index.title}</a>' in breadcrumb
    # The related entry has no Ukrainian version: its link keeps the reader in Ukrainian.
    assert f"/uk/translation/{romanian_only.pk}/" in html


@pytest.mark.parametrize("path", ["/ro/", "entry", "category", "fact_sheet", "/ro/search/"])
def test_every_page_type_has_a_meta_description_and_a_local_favicon(client, entries, sections, path):
    if path == "entry":
        path = entries[0].url
    elif path == "category":
        path = sections.faq_index.url + "category/entry-stay-documents/"
    elif path == "fact_sheet":
        path = fact_sheet(sections, "IT").url
    html = text(client.get(path))
    description = re.search(r'<meta name="description" content="([^"]+)">', html)
    assert description and len(description.group(1)) <= 160
    assert re.search(r'<link rel="icon" href="/static/kb/favicon\.svg"', html)
    # No third-party assets: every script, image, stylesheet and icon comes from this site.
    assets = re.findall(r'<(?:script|img|link rel="(?:stylesheet|icon)")[^>]*(?:src|href)="([^"]+)"', html)
    assert assets and all(url.startswith("/") and not url.startswith("//") for url in assets)


# --- search page ----------------------------------------------------------------------------


def test_search_page_shows_highlighted_public_hits_only(client, entries):
    response = client.get("/ro/search/", {"q": "permis"})
    html = text(response)
    assert response.status_code == 200 and "X-Robots-Tag" not in response
    assert "<mark>" in html
    assert "<script>x</script>" not in html and "&lt;script&gt;" in html
    assert "A-0703" not in html  # operator-only
    assert SearchQueryLog.objects.filter(scope="public", query="permis").exists()


def test_search_page_filters_by_country_and_topic(client, entries):
    html = text(client.get("/ro/search/", {"q": "permis", "country": "DE"}))
    assert entries[1].url in html and entries[0].url not in html
    html = text(client.get("/ro/search/", {"q": "permis", "category": "work-employment"}))
    assert 'class="no-results"' in html, re.findall(r'class="result-count">[^<]*', html) and "/ro/search/?q=permis" in html  # the way back without filters


def test_search_page_paginates(client, sections):
    write_entries(*(entry_record(f"A-08{n:02d}", languages=("ro",)) for n in range(12)))
    first = text(client.get("/ro/search/", {"q": "permisul"}))
    assert "12 answers found" in first or "12 răspunsuri" in first
    assert first.count('class="hit"') == 10
    assert 'href="/ro/search/?q=permisul&amp;page=2" rel="next"' in first
    second = text(client.get("/ro/search/", {"q": "permisul", "page": 2}))
    assert second.count('class="hit"') == 2 and '<ol class="hits" start="11">' in second


def test_search_page_fallback_hits_stay_in_the_readers_language(client, entries):
    html = text(client.get("/uk/search/", {"q": "permis"}))
    assert f'href="/uk/translation/{entries[1].pk}/"' in html


def test_search_with_nothing_found_suggests_other_languages_and_popular_questions(client, entries):
    # Russian typed on the Romanian site: nothing in Romanian, answers in Russian.
    response = client.get("/ro/search/", {"q": "вид на жительство"})
    html = text(response)
    assert 'class="no-results"' in html, re.findall(r'class="result-count">[^<]*', html)
    assert response["X-Robots-Tag"] == "noindex"
    assert 'href="/ru/search/?q=%D0%B2%D0%B8%D0%B4' in html
    assert entries[0].url in html  # recently added / most viewed questions
    assert sections_link(html)  # the topics


def sections_link(html):
    return re.search(r'href="/ro/[^"]+/category/[a-z-]+/"', html)


def test_search_page_rejects_a_hostile_query_with_a_message(client, entries):
    response = client.get("/ro/search/", {"q": "x" * 500})
    assert response.status_code == 400
    assert "200" in text(response)
    response = client.get("/ro/search/", {"q": "permis", "country": "<svg>", "scope": "operator"})
    assert response.status_code == 400 and "<svg>" not in text(response)


# --- page cache -----------------------------------------------------------------------------


def test_anonymous_pages_are_cached_and_publishing_invalidates_them(client, entries):
    entry = version(entries[0], "ro")
    assert client.get(entry.url)[page_cache.HEADER] == "miss"
    assert client.get(entry.url)[page_cache.HEADER] == "hit"
    entry.title = "Întrebare nouă publicată"
    entry.save_revision().publish()
    response = client.get(entry.url)
    assert response[page_cache.HEADER] == "miss" and "Întrebare nouă publicată" in text(response)


def test_unpublishing_takes_the_cached_page_away(client, entries):
    entry = version(entries[0], "ro")
    client.get(entry.url)
    assert client.get(entry.url)[page_cache.HEADER] == "hit"
    entry.unpublish()
    assert client.get(entry.url).status_code == 404


def test_status_refresh_and_snippet_edits_invalidate_the_cache(client, entries):
    from faq.models import Category

    url = entries[0].url
    client.get(url)
    category = Category.objects.get(locale__language_code="ro", path="entry-stay-documents")
    category.name = "Acte noi"
    category.save()
    response = client.get(url)
    assert response[page_cache.HEADER] == "miss" and "Acte noi" in text(response)


def test_signed_in_readers_query_strings_and_errors_are_never_cached(client, entries, demo_users):
    entry = entries[0]
    operator = Client()
    operator.force_login(demo_users["operator"])
    assert page_cache.HEADER not in operator.get(entry.url)
    assert page_cache.HEADER not in client.get(entry.url + "?utm_source=x")
    assert client.get("/ro/no-such-page/").status_code == 404
    assert page_cache.HEADER not in client.get("/ro/no-such-page/")
    assert page_cache.HEADER not in client.get("/ro/search/?q=permis")
    # The operator-only entry is cached for nobody: anonymous readers get 404, the operator is not served from cache.
    internal = entries[2]
    assert client.get(internal.url).status_code == 404
    assert operator.get(internal.url).status_code == 200
    assert client.get(internal.url).status_code == 404


def test_entry_views_are_counted_on_cache_hits_but_not_for_robots_or_staff(client, entries, demo_users):
    entry = entries[0]
    client.get(entry.url)
    client.get(entry.url)  # a cache hit
    client.get(entry.url, HTTP_USER_AGENT="Mozilla/5.0 (compatible; Googlebot/2.1)")
    operator = Client()
    operator.force_login(demo_users["operator"])
    operator.get(entry.url)
    row = EntryViewDay.objects.get(page=entry)
    assert (row.day, row.views) == (timezone.localdate(), 2)
    assert not EntryViewDay.objects.exclude(page=entry).exists()
