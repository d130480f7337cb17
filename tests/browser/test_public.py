"""The public website in Debian's Chromium (issue 7 points 5 and 7): a reader's journey, axe-core
on every page type in every language, keyboard use and the printed leaflet."""

import re

import pytest

from .conftest import axe_violations

ALL_IMPACTS = ("minor", "moderate", "serious", "critical")
# A word each language's demo content answers, typed as a hurried reader would.
SEARCH_WORDS = {"ro": "viza", "ru": "виза", "uk": "віза", "en": "visa"}


def first_link(page, selector):
    return page.locator(selector).first.get_attribute("href")


def page_types(page, language):
    """The five page types of one language, found by following the site's own links."""
    page.goto(f"/{language}/")
    category = first_link(page, ".category-grid > li > a")
    country = first_link(page, ".country-list a")
    page.goto(category)
    entry = first_link(page, "ul.entries a")
    return {
        "home": f"/{language}/", "category": category, "country": country, "entry": entry,
        "search": f"/{language}/search/?q={SEARCH_WORDS[language]}",
    }


def test_reader_journey_home_category_country_entry_search_language_and_vote(anonymous_page, screenshots):
    page = anonymous_page
    page.goto("/ro/")
    assert page.locator("html").get_attribute("lang") == "ro"
    page.screenshot(path=str(screenshots / "public-home.png"), full_page=True)

    page.locator(".category-grid > li > a").first.click()
    page.wait_for_load_state("domcontentloaded")
    assert "/category/" in page.url and page.locator("ul.entries a").count() > 0
    page.screenshot(path=str(screenshots / "public-category.png"), full_page=True)

    page.goto("/ro/")
    page.locator(".country-list a", has_text="Italia").click()
    page.wait_for_load_state("domcontentloaded")
    assert page.locator("h1").inner_text() and page.locator("#questions").count() == 1
    page.screenshot(path=str(screenshots / "public-country.png"), full_page=True)

    # A typo and no diacritics, from the home page's search box.
    page.goto("/ro/")
    page.fill("#home-search-q", "pasaprot")
    page.press("#home-search-q", "Enter")
    page.wait_for_url(re.compile(r"/ro/search/\?q=pasaprot"))
    hits = page.locator("li.hit")
    assert hits.count() > 0
    assert "pașaport" in hits.first.inner_text().lower()
    page.screenshot(path=str(screenshots / "public-search.png"), full_page=True)

    hits.first.locator("h2 a").click()
    page.wait_for_load_state("domcontentloaded")
    assert page.locator("article.entry").count() == 1
    assert page.locator(".breadcrumb a").count() >= 3
    page.screenshot(path=str(screenshots / "public-entry.png"), full_page=True)

    # Switch to Russian: the same entry, in Russian or through its fallback.
    page.locator("nav.languages a[lang=ru]").click()
    page.wait_for_load_state("domcontentloaded")
    assert page.url.split("/")[3] == "ru" and page.locator("html").get_attribute("lang") == "ru"
    assert page.locator("article.entry").count() == 1

    # Vote "no" with a reason, in place (feedback.js), and get the Russian thank-you.
    page.locator("button[name=helpful][value=no]").click()  # first press reveals the reasons
    page.locator(".feedback-reasons input[type=radio]").first.check()
    page.locator("button[name=helpful][value=no]").click()
    message = page.locator("[data-feedback-message]")
    message.filter(has_text=re.compile(r"\S")).wait_for()
    assert "Спасибо" in message.inner_text()
    assert page.locator("[data-feedback-form]").count() == 0 or not page.locator("[data-feedback-form]").is_visible()


@pytest.mark.parametrize("language", ["ro", "ru", "uk", "en"])
def test_every_page_type_has_no_axe_violation(anonymous_page, language):
    page = anonymous_page
    found = {}
    for kind, url in page_types(page, language).items():
        page.goto(url)
        assert page.locator("html").get_attribute("lang") == language
        violations = axe_violations(page, impacts=ALL_IMPACTS)
        if violations:
            found[kind] = violations
    assert found == {}


def test_skip_link_and_keyboard_search(anonymous_page):
    page = anonymous_page
    page.goto("/uk/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.className")
    assert focused == "skip-link"
    assert page.evaluate("getComputedStyle(document.activeElement).left") != "-999px"
    page.keyboard.press("Enter")
    assert page.url.endswith("#main")
    page.focus("#home-search-q")
    page.keyboard.type("віза")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/uk/search/\?q="))
    assert page.locator("li.hit").count() > 0


def test_entry_prints_as_a_leaflet(anonymous_page, site):
    page = anonymous_page
    entry = page_types(page, "ro")["entry"]
    page.goto(entry)
    page.emulate_media(media="print")
    for hidden in (".site-header nav", ".header-search", ".feedback", ".breadcrumb"):
        assert page.locator(hidden).first.is_hidden(), hidden
    assert page.locator("article.entry h1").is_visible()
    source = page.locator("#sources ~ ul a[href^=http], section a[href^=http]").first
    written_out = source.evaluate("link => getComputedStyle(link, '::after').content")
    assert source.get_attribute("href") in written_out
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF") and len(pdf) > 5_000
