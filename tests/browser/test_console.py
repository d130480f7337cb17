"""The operator console in a real Chromium: searching, keyboard use, filters, warnings, access.

Queries and expected entries come from the demo content and the quality query set
(bench/data/queries.json), so the tests exercise the real search behind the real page.
"""

import json
import re
import time
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from ..factories import entry_record
from .conftest import axe_violations

ROOT = Path(__file__).resolve().parents[2]
NO_DIACRITICS = ("cat timp pot sta in italia fara viza", "e1-schengen-visa-free-stay")
TYPO = ("permis de sedere itlaia", "e1-italy-residence-permit")
# The demo's verification schedule makes every 7th entry of each 20 overdue; entry 0 is one of them.
OVERDUE_ENTRY = "e1-schengen-visa-free-stay"


def demo_questions(language="ro"):
    questions = {}
    for path in sorted((ROOT / "faq" / "demo" / "content").glob("entries_*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        for entry in data if isinstance(data, list) else data["entries"]:
            questions[entry["slug"]] = entry[language]["question"]
    return questions


QUESTIONS = demo_questions()


def search(page, text):
    """Type ``text`` into the empty search box like an operator and wait for its results."""
    box = page.locator("#console-q")
    box.fill("")
    box.press_sequentially(text, delay=25)
    wait_for_results(page, text)


def wait_for_results(page, text):
    page.wait_for_function(
        "text => document.querySelector('#console-results').getAttribute('data-query') === text", arg=text.strip()
    )


def top_questions(page, count=3):
    return [text.strip() for text in page.locator("#console-results .result-question").all_inner_texts()[:count]]


def total(page):
    return int(re.search(r"\d+", page.locator("#console-status .status-count").inner_text()).group())


def shift_count(page, outcome):
    return int(page.locator(f'#console-shift [data-outcome="{outcome}"] strong').inner_text())


def open_console(page, query=""):
    page.goto("/ro/console/" + (f"?q={query}" if query else ""))
    page.wait_for_function("() => document.querySelector('#console-status').textContent.trim() !== ''")


# --- access ----------------------------------------------------------------------------------


def test_anonymous_visitor_is_sent_to_log_in(anonymous_page):
    anonymous_page.goto("/ro/console/?q=viza")
    url = urlsplit(anonymous_page.url)
    assert url.path.endswith("/admin/login/")
    assert parse_qs(url.query)["next"] == ["/ro/console/?q=viza"]
    assert anonymous_page.locator("input[name=password]").is_visible()


def test_plain_console_address_logs_in_then_opens_the_console(anonymous_page):
    from .conftest import log_in

    log_in(anonymous_page, "operator", "/console/")
    assert urlsplit(anonymous_page.url).path == "/ro/console/"
    assert anonymous_page.locator("#console-q").is_visible()


def test_operator_cannot_reach_editing(operator_page, site):
    for path in ("/admin/", "/admin/pages/", "/admin/pages/3/edit/"):
        response = operator_page.goto(path)
        landed = urlsplit(operator_page.url).path
        # Wagtail sends users without admin access back to its login page with an error.
        assert landed == "/admin/login/" or response.status in (302, 403), (path, landed, response.status)
        assert operator_page.locator("form#page-edit-form, .w-editor, [data-side-panel]").count() == 0


# --- searching -------------------------------------------------------------------------------


def test_search_box_has_focus_on_load(operator_page):
    open_console(operator_page)
    assert operator_page.evaluate("document.activeElement.id") == "console-q"


@pytest.mark.parametrize("query, slug", [NO_DIACRITICS, TYPO], ids=["no-diacritics", "typo"])
def test_romanian_query_finds_the_entry_in_the_top_three(operator_page, query, slug):
    open_console(operator_page)
    search(operator_page, query)
    assert QUESTIONS[slug] in top_questions(operator_page)


def test_state_lives_in_the_url_and_survives_a_reload(operator_page):
    open_console(operator_page)
    search(operator_page, "permis de sedere")
    operator_page.locator('#console-filters button[data-facet="country"][data-value="IT"]').click()
    operator_page.wait_for_function("() => location.search.includes('country=IT')")
    operator_page.wait_for_selector('#console-active-filters .chip[data-filter="country"]')  # drawn with the results
    before = top_questions(operator_page, 10)
    operator_page.reload()
    wait_for_results(operator_page, "permis de sedere")
    assert operator_page.input_value("#console-q") == "permis de sedere"
    assert top_questions(operator_page, 10) == before
    assert operator_page.locator('#console-active-filters .chip[data-filter="country"]').is_visible()


def test_filters_narrow_the_results_and_come_off_in_one_click(operator_page):
    open_console(operator_page)
    search(operator_page, "viza")
    unfiltered = total(operator_page)
    country = operator_page.locator('#console-filters button[data-facet="country"]').first
    facet_count = int(re.search(r"\((\d+)\)", country.inner_text()).group(1))
    country.click()
    operator_page.wait_for_function(f"() => /\\b{facet_count} /.test(document.querySelector('#console-status .status-count').textContent)")
    assert total(operator_page) == facet_count < unfiltered
    chip = operator_page.locator("#console-active-filters .chip")
    assert chip.count() == 1
    chip.click()
    operator_page.wait_for_function(
        f"() => document.querySelector('#console-status .status-count').textContent.includes('{unfiltered}')"
    )
    assert total(operator_page) == unfiltered
    assert operator_page.locator("#console-active-filters .chip").count() == 0


def test_content_language_filter_searches_another_language(operator_page):
    open_console(operator_page)
    search(operator_page, "виза")
    operator_page.locator('#console-filters button[data-facet="lang"][data-value="ru"]').click()
    operator_page.wait_for_function("() => location.search.includes('lang=ru')")
    operator_page.wait_for_selector('#console-active-filters .chip[data-filter="lang"]')  # drawn with the results
    assert total(operator_page) > 0
    assert operator_page.locator("#console-results .result-link").first.get_attribute("lang") == "ru"
    assert operator_page.locator('#console-active-filters .chip[data-filter="lang"]').is_visible()
    # Once the operator pauses, the language facet shows how many answers each language has.
    operator_page.wait_for_function(
        "() => /\\(\\d+\\)/.test(document.querySelector('#console-filters button[data-value=\"ro\"]').textContent)"
    )


def test_a_slow_older_response_never_overwrites_a_newer_one(operator_page):
    """The first query's answer is held back until the second query's results are on screen."""
    held = []
    aborted = []

    def hold_first(route):
        if parse_qs(urlsplit(route.request.url).query).get("q") == ["pasaport"]:
            held.append((route, route.fetch()))
        else:
            route.continue_()

    operator_page.route("**/api/search/?*", hold_first)
    operator_page.on("requestfailed", lambda request: aborted.append(request.url))
    open_console(operator_page)
    box = operator_page.locator("#console-q")
    box.press_sequentially("pasaport", delay=10)
    # Wait until the debounced "pasaport" request has reached the route and its answer is held.
    # Route handlers run while the page is waited on, so poll rather than guess a fixed delay:
    # on a loaded machine the server's answer can take longer than any fixed pause.
    deadline = time.monotonic() + 10
    while not held and time.monotonic() < deadline:
        operator_page.wait_for_timeout(50)
    assert held, "the first request should have been sent"
    box.press_sequentially(" biometric", delay=10)
    wait_for_results(operator_page, "pasaport biometric")
    newer = top_questions(operator_page, 10)
    route, response = held[0]
    try:
        route.fulfill(response=response)  # the browser has cancelled it; delivering it must change nothing
    except Exception:  # noqa: BLE001 - Playwright refuses to fulfil a request the page aborted
        pass
    operator_page.wait_for_timeout(300)
    assert operator_page.get_attribute("#console-results", "data-query") == "pasaport biometric"
    assert top_questions(operator_page, 10) == newer
    assert any("q=pasaport&" in url or url.endswith("q=pasaport") for url in aborted), aborted


# --- keyboard --------------------------------------------------------------------------------


def test_keyboard_only_from_focus_to_copied_answer_and_back(operator_page):
    page = operator_page
    open_console(page)
    page.evaluate("document.activeElement.blur()")  # focus away from the box first
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "console-q"
    page.keyboard.type(NO_DIACRITICS[0], delay=20)
    wait_for_results(page, NO_DIACRITICS[0])
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowUp")
    focused = page.evaluate("document.activeElement.dataset.index")
    assert focused == "0"
    question = page.locator("#console-results .result-question").first.inner_text().strip()
    # Until DOMContentLoaded the deferred console.js has not run, and "c" below would go unheard.
    with page.expect_navigation(wait_until="domcontentloaded"):
        page.keyboard.press("Enter")
    page.wait_for_selector("#console-answer")
    assert page.locator("#console-answer h1").inner_text().strip() == question
    page.keyboard.press("c")
    page.wait_for_selector("#console-announce.announce-ok")
    assert page.evaluate("navigator.clipboard.readText()") == page.locator("#answer-short").inner_text().strip()
    page.keyboard.press("Escape")
    page.wait_for_selector("#console-q")
    wait_for_results(page, NO_DIACRITICS[0])
    assert page.input_value("#console-q") == NO_DIACRITICS[0]
    # Back on the list, the answer just read has the focus again.
    page.wait_for_function("() => document.activeElement.dataset.index === '0'")


def test_escape_clears_the_query_then_the_filters(operator_page):
    page = operator_page
    page.goto("/ro/console/?q=viza&country=IT")
    wait_for_results(page, "viza")
    page.focus("#console-q")
    page.keyboard.press("Escape")
    page.wait_for_function("() => !location.search.includes('q=')")
    assert page.input_value("#console-q") == ""
    assert page.locator("#console-active-filters .chip").count() == 1
    page.keyboard.press("Escape")
    page.wait_for_function("() => location.search === ''")
    assert page.locator("#console-active-filters .chip").count() == 0


def test_help_overlay_lists_the_shortcuts(operator_page):
    page = operator_page
    open_console(page)
    page.evaluate("document.activeElement.blur()")
    page.keyboard.press("?")
    dialog = page.locator("#console-help")
    assert dialog.is_visible()
    keys = dialog.locator("kbd").all_inner_texts()
    for key in ("/", "↓", "↑", "Enter", "Esc", "c", "a", "n", "?"):
        assert key in keys
    page.keyboard.press("Escape")
    assert not dialog.is_visible()


def test_call_outcomes_are_logged_from_the_keyboard(operator_page):
    page = operator_page
    open_console(page, "pasaport")
    wait_for_results(page, "pasaport")
    answered, no_answer = shift_count(page, "answered"), shift_count(page, "no_answer")
    page.locator("#console-results .result-link").first.click()
    page.wait_for_selector("#console-answer")
    page.keyboard.press("a")
    page.wait_for_function(f"() => document.querySelector('#console-shift [data-outcome=answered] strong').textContent === '{answered + 1}'")
    page.keyboard.press("n")
    assert page.evaluate("document.activeElement.className") == "confirm-yes"
    page.keyboard.press("Enter")
    page.wait_for_function(f"() => document.querySelector('#console-shift [data-outcome=no_answer] strong').textContent === '{no_answer + 1}'")
    page.reload()
    assert shift_count(page, "answered") == answered + 1
    assert shift_count(page, "no_answer") == no_answer + 1


def test_no_answer_asks_first_and_escape_cancels(operator_page):
    page = operator_page
    open_console(page, "ceva fara raspuns qwzx")
    wait_for_results(page, "ceva fara raspuns qwzx")
    no_answer = shift_count(page, "no_answer")
    page.locator("#console-q").press("Escape")  # leaves the box empty; shortcuts work outside it
    page.evaluate("document.activeElement.blur()")
    page.keyboard.press("n")
    page.wait_for_selector("#console-confirm")
    page.keyboard.press("Escape")
    assert page.locator("#console-confirm").count() == 0
    page.wait_for_timeout(200)
    assert shift_count(page, "no_answer") == no_answer


# --- the answer view -------------------------------------------------------------------------


def open_answer(page, slug):
    open_console(page)
    search(page, QUESTIONS[slug])
    with page.expect_navigation(wait_until="domcontentloaded"):  # console.js ready for keys
        page.locator("#console-results .result-link", has_text=QUESTIONS[slug]).first.click()
    page.wait_for_selector("#console-answer")


def test_overdue_entry_shows_its_warning(operator_page):
    open_answer(operator_page, OVERDUE_ENTRY)
    assert "status-overdue" in operator_page.get_attribute("#answer-status", "class")
    warning = operator_page.locator("#answer-warning")
    assert warning.is_visible()
    assert warning.get_attribute("role") == "alert"


def test_current_entry_has_no_warning(operator_page):
    open_answer(operator_page, "e1-uk-visitor-visa")
    assert "status-current" in operator_page.get_attribute("#answer-status", "class")
    assert operator_page.locator("#answer-warning").count() == 0


def test_report_outdated_answer(operator_page):
    page = operator_page
    open_answer(page, "e1-italy-residence-permit")
    page.select_option("#answer-report-reason", "fee_changed")
    page.locator("#answer-report button[type=submit]").click()
    page.wait_for_selector("#console-announce.announce-ok")
    assert page.locator("#console-announce").inner_text().strip()
    page.reload()
    assert page.locator("#answer-report").locator("xpath=..").locator(".hint").is_visible()


def test_sms_copy_button(operator_page):
    page = operator_page
    open_answer(page, "e1-italy-residence-permit")
    if page.locator("#answer-sms").count() == 0:
        pytest.skip("this demo entry has no SMS text")
    page.locator('button[data-copy="#answer-sms"]').click()
    page.wait_for_selector("#console-announce.announce-ok")
    assert page.evaluate("navigator.clipboard.readText()") == page.locator("#answer-sms").inner_text().strip()


# --- language --------------------------------------------------------------------------------


def test_interface_language_is_remembered(operator_page):
    page = operator_page
    open_console(page)
    page.locator('.console-languages button[value="ru"]').click()
    page.wait_for_url("**/ru/console/**")
    assert page.get_attribute("html", "lang") == "ru"
    page.goto("/console/")
    assert urlsplit(page.url).path == "/ru/console/"
    page.locator('.console-languages button[value="ro"]').click()
    page.wait_for_url("**/ro/console/**")


# --- all content languages, and fallbacks marked as such (issue 6, points 4 and 6) ------------

# A made-up word that only the entries below carry, each in one translation only.
LANGUAGE_KEYWORD = "kvorblin"
QUESTION_IN = {"ro": "Întrebare de probă", "ru": "Проверочный вопрос", "uk": "Тестове питання"}
# The keyword's place: A-9701 has Romanian and Russian, with the keyword in Russian only (the source
# language is required, so no entry exists in Russian alone); A-9702 has Romanian only; A-9703 has
# Romanian, Russian and Ukrainian, with the keyword in Ukrainian only.
LANGUAGE_ENTRIES = {
    "A-9701": (("ro", "ru"), "ru"),
    "A-9702": (("ro",), "ro"),
    "A-9703": (("ro", "ru", "uk"), "uk"),
}


def language_question(number, language):
    return f"{QUESTION_IN[language]} {number}"


@pytest.fixture(scope="module")
def language_entries(site, tmp_path_factory):
    """The three entries, imported into the served site's database as an administrator would,
    and deleted after this module: the public pages' screenshots (test_public.py, same site) show
    the demo content only."""
    records = []
    for number, (languages, keyword_in) in LANGUAGE_ENTRIES.items():
        record = entry_record(number, languages=languages)
        for language, text in record["translations"].items():
            text["question"] = language_question(number, language)
            text["keywords"] = [LANGUAGE_KEYWORD] if language == keyword_in else []
        records.append(record)
    path = tmp_path_factory.mktemp("import") / "language_entries.json"
    path.write_text(json.dumps({"format": "kb-faq", "version": 1, "entries": records}), encoding="utf-8")
    site.manage("import_faq", str(path))
    yield
    site.manage("shell", "-c", (
        "from faq.models import FaqPage\n"
        f"for page in FaqPage.objects.filter(answer_number__in={sorted(LANGUAGE_ENTRIES)!r}).order_by('-depth', '-pk'):\n"
        "    page.delete()"))


def shown_hits(page):
    """(answer number, language, language badge or None, fallback notice or None) of every result."""
    return page.evaluate("""() => Array.from(document.querySelectorAll('#console-results li.result'), item => {
        const badge = item.querySelector('.result-language'), notice = item.querySelector('.result-fallback');
        return [item.querySelector('.result-number').textContent, item.querySelector('.result-link').lang,
                badge && badge.textContent, notice && notice.textContent];
    })""")


def test_all_languages_finds_each_entry_in_its_own_language_with_a_badge(operator_page, language_entries):
    page = operator_page
    page.goto(f"/ro/console/?q={LANGUAGE_KEYWORD}")
    wait_for_results(page, LANGUAGE_KEYWORD)
    # Romanian, the source language, has nothing to fall back to: only the entry with the word in Romanian.
    assert shown_hits(page) == [["A-9702", "ro", None, None]]
    page.locator('#console-filters button[data-facet="lang"][data-value="all"]').click()
    page.wait_for_function("() => location.search.includes('lang=all')")
    chip = page.locator('#console-active-filters .chip[data-filter="lang"]')  # drawn with the results
    chip.wait_for()
    assert chip.text_content().startswith("Limba conținutului: Toate limbile")
    assert page.get_attribute('#console-filters button[data-value="all"]', "aria-pressed") == "true"
    assert total(page) == 3
    # Every hit names its language, in the interface language; none is a fallback.
    assert sorted(shown_hits(page)) == [
        ["A-9701", "ru", "Rusă", None], ["A-9702", "ro", "Română", None], ["A-9703", "uk", "Ucraineană", None],
    ]
    russian = page.locator("#console-results .result-link", has=page.locator(".result-number", has_text="A-9701"))
    assert russian.locator(".result-question").text_content() == language_question("A-9701", "ru")
    assert russian.locator(".result-language").get_attribute("lang") == "ru"


def test_ukrainian_search_marks_answers_shown_in_another_language(operator_page, language_entries):
    page = operator_page  # its browser asks for Romanian: the console's language is the one in its address
    page.goto(f"/uk/console/?q={LANGUAGE_KEYWORD}")
    wait_for_results(page, LANGUAGE_KEYWORD)
    # Ukrainian's own result first, with no notice; then Russian, then Romanian, each marked.
    assert shown_hits(page) == [
        ["A-9703", "uk", None, None],
        ["A-9701", "ru", "Російська", "Ще немає мовою «Українська»; показано мовою «Російська»."],
        ["A-9702", "ro", "Румунська", "Ще немає мовою «Українська»; показано мовою «Румунська»."],
    ]
    assert page.get_attribute("#console-results li.result:nth-child(2) .result-fallback", "role") == "note"

    page.locator("#console-results .result-link", has_text="A-9701").click()
    page.wait_for_selector("#console-answer")
    assert parse_qs(urlsplit(page.url).query)["language"] == ["uk"]
    assert page.locator("#console-answer h1").text_content().strip() == language_question("A-9701", "ru")
    assert page.get_attribute("#console-answer h1", "lang") == "ru"
    assert page.locator("#answer-short").text_content().strip() == "Short answer A-9701 in ru."
    assert page.locator("#answer-language-notice").text_content() == \
        "Ще немає мовою «Українська»; показано мовою «Російська»."
    assert page.get_attribute('.answer-languages a[aria-current="page"]', "lang") == "uk"

    page.go_back()
    wait_for_results(page, LANGUAGE_KEYWORD)
    page.locator("#console-results .result-link", has_text="A-9703").click()
    page.wait_for_selector("#console-answer")
    assert page.locator("#console-answer h1").text_content().strip() == language_question("A-9703", "uk")
    assert page.get_attribute("#console-answer h1", "lang") == "uk"
    assert page.locator("#answer-language-notice").count() == 0


# --- accessibility and screenshots -----------------------------------------------------------


def test_console_has_no_serious_accessibility_violation(operator_page, screenshots):
    page = operator_page
    open_console(page)
    search(page, "permis de sedere")
    page.locator("#console-results .result-link").first.focus()
    assert axe_violations(page) == []
    page.screenshot(path=str(screenshots / "console.png"), full_page=False)


def test_answer_view_has_no_serious_accessibility_violation(operator_page, screenshots):
    page = operator_page
    open_answer(page, OVERDUE_ENTRY)
    assert axe_violations(page) == []
    page.screenshot(path=str(screenshots / "console-answer.png"), full_page=True)


# --- numbers and plural forms in the interface language --------------------------------------


@pytest.mark.parametrize("language, status, facet", [
    ("ro", "1.234 de răspunsuri", "(1.234)"),
    ("ru", "1\xa0234 ответа", "(1\xa0234)"),
    ("uk", "1\xa0234 відповіді", "(1\xa0234)"),
    ("en", "1,234 answers", "(1,234)"),
])
def test_result_counts_are_written_in_the_interface_language(operator_page, language, status, facet):
    """The real search answers; only its counts are raised to those of a large knowledge base."""
    def thousands(route):
        body = route.fetch().json()
        body["total"] = 1234
        body["facets"]["country"][0]["count"] = 1234
        route.fulfill(json=body)

    operator_page.route("**/api/search/?*", thousands)
    operator_page.goto(f"/{language}/console/?q=viza")
    wait_for_results(operator_page, "viza")
    assert operator_page.locator("#console-status .status-count").inner_text() == status
    country = operator_page.locator('#console-filters button[data-facet="country"] .facet-count').first
    assert country.inner_text().strip() == facet


def test_shift_counts_are_redrawn_grouped_and_in_the_plural_form_of_their_count(operator_page):
    """In Russian (four plural forms); the calls endpoint's answer is replaced, so nothing is logged."""
    shifts = iter([
        {"answered": 1, "referred": 0, "no_answer": 0, "total": 1},
        {"answered": 1234, "referred": 21, "no_answer": 2, "total": 1257},
    ])
    page = operator_page
    page.route("**/console/calls/", lambda route: route.fulfill(status=201, json={"shift": next(shifts)}))
    open_answer(page, "e1-italy-residence-permit")
    page.goto(page.url.replace("/ro/console/", "/ru/console/"))
    page.wait_for_selector("#console-answer")

    def shift(outcome):
        return page.locator(f'#console-shift [data-outcome="{outcome}"]').inner_text()

    page.keyboard.press("a")
    page.wait_for_function("() => document.querySelector('#console-shift [data-outcome=total] strong').textContent === '1'")
    assert shift("total") == "1 звонок всего"
    page.keyboard.press("a")
    page.wait_for_function("() => document.querySelector('#console-shift [data-outcome=answered] strong').textContent !== '1'")
    assert shift("total") == "1\xa0257 звонков всего"
    assert shift("answered") == "1\xa0234 с ответом"
    assert shift("referred") == "21 направлен"
    assert shift("no_answer") == "2 без ответа"
