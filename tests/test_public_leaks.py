"""Internal content never leaks to the public (issue 7 point 3).

One small site in the four languages carries a unique marker in every internal field: the
internal notes of public entries, every text field of an operator-only entry, the "verified by"
of sources (entries and fact sheets), a reviewer's name and re-verification note, a law change,
the address of an organisation whose address is never given out, unpublished draft revisions of
a public entry and of a fact sheet, an unpublished entry, a page never published, an editor's
comment, and logged search queries. An anonymous client then crawls the whole public site from
``/``, ``robots.txt``, ``sitemap.xml`` and each language's home, following every same-site link,
and searches the public API and the public search page for words only internal text contains.
No response may contain the marker.

Every marker is ``leak<hex>-<field>``: lower-case letters, digits and hyphens, which HTML, JSON
and URL escaping all leave alone, so looking for the bare ``leak<hex>`` core (case-insensitively)
finds it in any of those forms. The site is built once per module inside a transaction that is
rolled back afterwards (building entries on PostgreSQL takes about a second each).
"""

import json
import re
import uuid
from collections import deque
from dataclasses import dataclass, field
from datetime import timedelta
from html.parser import HTMLParser
from types import SimpleNamespace
from urllib.parse import unquote, urlencode, urljoin, urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from django.utils import timezone
from wagtail.models import Comment, Locale
from wagtail.rich_text import RichText

from faq.demo.loader import ensure_demo_users
from faq.models import Category, Country, CountryFactSheetPage, FaqPage, LawChange, Organisation
from faq.reviews import record_law_change, reverify
from faq.site_structure import ensure_site_structure
from faq.translations import register_translations, save_and_publish, translate_page
from search.analytics.models import SearchQueryLog

from .factories import entry_record, write_entries

pytestmark = [pytest.mark.smoke, pytest.mark.xdist_group("public_leaks")]

LANGUAGES = ("ro", "ru", "uk", "en")
SEARCH_LOCALES = (*LANGUAGES, "all")
TOKEN = f"leak{uuid.uuid4().hex[:16]}"
# Shaped like TOKEN and planted nowhere: a search for it shows how often a page echoes a query.
DECOY = f"leak{uuid.uuid4().hex[:16]}"
PLANTED = {}  # marker -> what it was planted in
MAX_PAGES = 1500
SITE_HOSTS = {"testserver", "localhost", "127.0.0.1"}
STAFF_PATH = re.compile(r"^/(?:[a-z]{2}/)?(?:admin|console)(?:/|$)")
FILE_PATHS = ("/static/", "/documents/", "/media/")
# The public search page (issue 7, being built): a 404 there means "not yet", not a broken link.
SEARCH_PAGE = re.compile(r"^/[a-z]{2}/search/")

# Made-up words, one per kind of hidden text, in both scripts: a public search for any of them
# must find nothing. CONTROL is in a public entry's short answer and must be found.
HIDDEN_WORDS = {
    "internal notes": ("quokkarune", "квоккарун"),
    "operator-only entry": ("wombatique", "вомбатик"),
    "draft revision": ("zebradraft", "зебрадрафт"),
    "unpublished entry": ("okapihidden", "окапискрыт"),
}
CONTROL = {"ro": "pelicanport", "en": "pelicanport", "ru": "пеликанпорт", "uk": "пеликанпорт"}
# Countries only hidden entries are about (operator-only, unpublished, never published): no public
# list, filter or facet may offer them.
HIDDEN_COUNTRIES = {"op": "NZ", "unpub": "IS", "never": "FJ"}


def script(language):
    return 1 if language in ("ru", "uk") else 0


def mark(name, what=None):
    marker = f"{TOKEN}-{name}"
    PLANTED[marker] = what or name
    return marker


def recent(days=5):
    return (timezone.localdate() - timedelta(days=days)).isoformat()


# --- the site ------------------------------------------------------------------------------------


def source(prefix):
    """A public source; only who verified it is internal."""
    return {
        "title": "Portale Integrazione Migranti", "url": "https://www.integrazionemigranti.gov.it/",
        "authority": "Ministero del Lavoro", "type": "official", "last_verified_on": recent(),
        "verified_by": mark(f"{prefix}-source-verified-by", "FaqSource.verified_by / SourceVerification.verified_by"),
        "review_interval_days": None,
    }


def public_entry(number, languages, organisations=(), related=()):
    record = entry_record(number, languages=languages, countries=["IT"], sources=[source(number.lower())],
                          organisations=list(organisations), related=list(related))
    for language, text in record["translations"].items():
        word = HIDDEN_WORDS["internal notes"][script(language)]
        text["short_answer"] = f"Short answer {number} in {language}: {CONTROL[language]}."
        text["internal_notes"] = f"{mark(f'{number.lower()}-notes-{language}', 'FaqPage.internal_notes')} {word}"
    return record


def hidden_text(prefix, language, word):
    """Every text field of an entry the public must never see, each with its own marker."""
    def m(name):
        return mark(f"{prefix}-{name}-{language}", f"{prefix} entry: {name}")

    return {
        "question": f"{m('title')} {word}",
        "slug": m("slug"),
        "alternative_phrasings": [f"{m('phrasing')} {word}"],
        "keywords": [m("keyword")],
        "short_answer": f"{m('short-answer')} {word}",
        "answer": [
            {"type": "text", "value": f"<p>{m('answer-text')} {word}</p>"},
            {"type": "steps", "value": [m("answer-step")]},
            {"type": "contact", "value": {
                "name": m("contact-name"), "phone": "", "email": f"{m('contact-email')}@example.org",
                "website": f"https://example.org/{m('contact-website')}", "hours": m("contact-hours"),
            }},
            {"type": "link", "value": {"title": m("link-title"), "url": f"https://example.org/{m('link-url')}"}},
            {"type": "callout", "value": {"tone": "warning", "text": m("callout")}},
        ],
        "sms_text": m("sms"),
        "internal_notes": f"{m('notes')} {HIDDEN_WORDS['internal notes'][script(language)]}",
    }


def hidden_entry(number, prefix, languages, word_kind, **overrides):
    record = entry_record(number, languages=languages, **overrides)
    for language in languages:
        record["translations"][language] = hidden_text(prefix, language, HIDDEN_WORDS[word_kind][script(language)])
    record["sources"] = [{
        "title": mark(f"{prefix}-source-title"), "url": f"https://example.org/{mark(f'{prefix}-source-url')}",
        "authority": mark(f"{prefix}-source-authority"), "type": "official", "last_verified_on": recent(),
        "verified_by": mark(f"{prefix}-source-verified-by"), "review_interval_days": None,
    }]
    return record


def versions(page):
    return {p.locale.language_code: p for p in FaqPage.objects.filter(translation_key=page.translation_key).select_related("locale")}


def protected_organisation():
    """A shelter whose address operators must never give: the address is internal in every language."""
    key = uuid.uuid4()
    for language in LANGUAGES:
        locale = Locale.objects.get(language_code=language)
        Organisation.objects.create(
            translation_key=key, locale=locale, slug="leak-test-shelter", organisation_type="ngo",
            name=f"Shelter {language}", services=f"Safe housing ({language})", phone="022 000 111",
            country=Country.objects.get(locale=locale, code="IT"), languages=["ro"],
            address=mark(f"org-address-{language}", "Organisation.address (never_give_address)"),
            never_give_address=True,
        )


def fact_sheet(sections, languages):
    """An Italy fact sheet whose section sources name their verifier (internal) in each language."""
    def sections_for(language):
        return [{"type": "section", "value": {"kind": "work", "body": f"<p>Work in Italy ({language}).</p>", "sources": [
            {"type": "item", "id": f"source-{language}", "value": {
                "title": "Ministero del Lavoro", "url": "https://www.lavoro.gov.it/", "authority": "Ministero",
                "source_type": "official", "last_verified_on": recent(),
                "verified_by": mark(f"sheet-source-verified-by-{language}", "fact sheet source verified_by"),
                "review_interval_days": None,
            }},
        ]}}]

    def country(language):
        return Country.objects.get(locale__language_code=language, code="IT")

    sheet = CountryFactSheetPage(title="Italia", slug="italia", summary="Italia pe scurt.", country=country("ro"),
                                 sections=sections_for("ro"))
    sections.country_index.add_child(instance=sheet)
    save_and_publish(sheet)
    targets = [
        translate_page(sheet, Locale.objects.get(language_code=language), {
            "title": f"Italy ({language})", "summary": f"Italy in short ({language}).", "country": country(language),
            "sections": sections_for(language),
        })
        for language in languages if language != "ro"
    ]
    register_translations(sheet, targets)
    return sheet


def save_draft(page, **values):
    """A later revision, saved and never published: its text must stay in the admin."""
    draft = page.specific.get_latest_revision_as_object()
    for name, value in values.items():
        setattr(draft, name, value)
    draft.save_revision(clean=False)
    return draft


def build_site():
    sections = ensure_site_structure()
    ensure_demo_users()
    User = get_user_model()
    editor = User.objects.get(username="editor")
    reviewer = User.objects.get(username="reviewer")
    reviewer.first_name = mark("reviewer-first-name", "a reviewer's name (verified_by)")
    reviewer.last_name = mark("reviewer-last-name", "a reviewer's name (verified_by)")
    reviewer.save()
    protected_organisation()

    public, two_languages, operators_only, unpublished = write_entries(
        public_entry("A-8701", LANGUAGES, organisations=["leak-test-shelter"], related=["A-8703", "A-8702"]),
        public_entry("A-8702", ("ro", "ru")),
        hidden_entry("A-8703", "op", LANGUAGES, "operator-only entry", visibility="operators", sensitivity="trafficking",
                     countries=["IT", HIDDEN_COUNTRIES["op"]], organisations=["leak-test-shelter"], related=["A-8701"]),
        hidden_entry("A-8704", "unpub", ("ro", "en"), "unpublished entry", countries=["IT", HIDDEN_COUNTRIES["unpub"]]),
    )
    for language, page in versions(operators_only).items():
        FaqPage.objects.filter(pk=page.pk).update(
            seo_title=mark(f"op-seo-title-{language}"), search_description=mark(f"op-search-description-{language}"),
        )
    for page in versions(unpublished).values():
        page.unpublish()

    # A page created and saved but never published.
    never = FaqPage(
        title=mark("never-title"), slug=mark("never-slug"), short_answer=mark("never-short-answer"),
        answer=[("text", RichText(f"<p>{mark('never-answer')}</p>"))], internal_notes=mark("never-notes"),
        category=public.category, live=False,
    )
    never.countries = [Country.objects.get(locale__language_code="ro", code=HIDDEN_COUNTRIES["never"])]
    sections.faq_index.add_child(instance=never)
    never.save_revision(clean=False)

    # A re-verification by the reviewer (their name becomes the sources' "verified by"), then a
    # law change that puts the public entry at risk: both are editors' records.
    reverify(public, reviewer, note=mark("reverify-note", "re-verification note (audit log)"))
    event = LawChange.objects.create(
        country=Country.objects.get(locale__language_code="ro", code="IT"),
        category=Category.objects.get(locale__language_code="ro", path="entry-stay-documents"),
        changed_on=timezone.localdate(), description=mark("law-change-description", "LawChange.description"),
        recorded_by=editor,
    )
    record_law_change(event, editor)

    sheet = fact_sheet(sections, ("ro", "ru", "en"))
    save_draft(sheet, title=mark("sheet-draft-title"), summary=mark("sheet-draft-summary"))

    draft_word = HIDDEN_WORDS["draft revision"]
    for language, page in versions(public).items():
        word = draft_word[script(language)]
        save_draft(
            page,
            title=f"{mark(f'draft-title-{language}')} {word}", short_answer=f"{mark(f'draft-short-answer-{language}')} {word}",
            answer=[("text", RichText(f"<p>{mark(f'draft-answer-{language}')} {word}</p>"))],
            alternative_phrasings=f"{mark(f'draft-phrasing-{language}')} {word}", keywords=mark(f"draft-keyword-{language}"),
            sms_text=mark(f"draft-sms-{language}"), internal_notes=mark(f"draft-notes-{language}"),
        )

    Comment.objects.create(page=public, user=editor, text=mark("editor-comment", "an editor's comment"),
                           contentpath="title")
    for scope in ("public", "operator"):
        SearchQueryLog.objects.create(
            locale="ro", scope=scope, query=mark(f"search-log-{scope}", "SearchQueryLog.query"),
            normalised_query=mark(f"search-log-{scope}-normalised", "SearchQueryLog.normalised_query"),
            result_count=1, latency_ms=1.0, backend="database", opened_answer_number=operators_only.answer_number,
        )
    return SimpleNamespace(
        sections=sections, public=versions(public), two_languages=versions(two_languages),
        operators_only=versions(operators_only), unpublished=versions(unpublished), never=never,
        sheet={p.locale.language_code: p for p in CountryFactSheetPage.objects.filter(translation_key=sheet.translation_key)},
        users={user.username: user for user in User.objects.all()},
    )


@pytest.fixture(scope="module")
def site(django_db_setup, django_db_blocker):
    """The site, built once for the module and rolled back at its end."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield build_site()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            cache.clear()  # no page of this site may be served to a later module


# --- looking for markers -------------------------------------------------------------------------


def body_of(response):
    if getattr(response, "streaming", False):
        # Reading it to the end closes it, as a server would; a second close would fire
        # request_finished with the connection-closing handler attached (fatal on PostgreSQL).
        return b"".join(response.streaming_content)
    return response.content


def text_of(response, body):
    headers = "\n".join(f"{name}: {value}" for name, value in response.items())
    return headers + "\n" + body.decode("utf-8", errors="replace")


def markers_in(text):
    """Planted markers (with their field) found in ``text``; the bare token if no field is legible."""
    lowered = text.lower()
    if TOKEN not in lowered:
        return []
    lowered = lowered.replace("\\u002d", "-")  # escapejs writes hyphens as \u002D
    found = sorted(set(re.findall(re.escape(TOKEN) + r"-[a-z0-9-]+", lowered)))
    named = [f"{marker} ({PLANTED.get(marker, '?')})" for marker in found]
    return named or [f"{TOKEN} (field not legible)"]


# --- the crawler ---------------------------------------------------------------------------------


class LinkParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links = []
        self.get_forms = []
        self._form = None

    def handle_starttag(self, tag, attrs):
        attrs = {name: value or "" for name, value in attrs}
        for name in ("href", "src", "poster", "data-src", "data-url", "data-href"):
            if attrs.get(name):
                self.links.append(attrs[name])
        if attrs.get("srcset"):
            self.links += [part.strip().split(" ")[0] for part in attrs["srcset"].split(",") if part.strip()]
        if tag == "meta" and attrs.get("http-equiv", "").lower() == "refresh" and "url=" in attrs.get("content", "").lower():
            self.links.append(attrs["content"].split("=", 1)[1].strip())
        if tag == "form":
            self._form = {"action": attrs.get("action", ""), "method": (attrs.get("method") or "get").lower(), "inputs": []}
            if self._form["method"] == "get":
                self.get_forms.append(self._form)
        elif tag in ("input", "select", "textarea") and self._form is not None and attrs.get("name"):
            kind = attrs.get("type", "text").lower() if tag == "input" else tag
            if kind not in ("checkbox", "radio") or "checked" in attrs:
                self._form["inputs"].append((attrs["name"], kind, attrs.get("value", "")))

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None


ABSOLUTE = re.compile(r"https?://(?:testserver|localhost|127\.0\.0\.1)(?::\d+)?/[^\s\"'<>\\)]*")


def form_urls(form):
    """A GET form's action with its defaults, and with every text box filled with hidden words."""
    defaults, typed = [], []
    words = " ".join(words[0] for words in HIDDEN_WORDS.values())
    for name, kind, value in form["inputs"]:
        if kind in ("submit", "button", "image", "reset", "file", "password"):
            continue
        defaults.append((name, value))
        typed.append((name, words if kind in ("text", "search", "textarea") else value))
    action = form["action"] or ""
    return [f"{action}?{urlencode(query)}" if query else action for query in (defaults, typed)]


def links_in(response, body):
    kind = response.get("Content-Type", "").split(";")[0].strip()
    text = body.decode("utf-8", errors="replace")
    found = ABSOLUTE.findall(text)
    if kind == "text/html":
        parser = LinkParser()
        parser.feed(text)
        found += parser.links
        for form in parser.get_forms:
            found += form_urls(form)
    elif kind.endswith("xml"):
        found += [match.replace("&amp;", "&") for match in re.findall(r"<loc>\s*([^<\s]+)\s*</loc>", text)]
        found += [match.replace("&amp;", "&") for match in re.findall(r'href="([^"]+)"', text)]
    elif kind == "application/json":
        def strings(value):
            if isinstance(value, dict):
                for item in value.values():
                    yield from strings(item)
            elif isinstance(value, list):
                for item in value:
                    yield from strings(item)
            elif isinstance(value, str):
                yield value

        # A JSON response that does not parse fails the crawl rather than hiding its links.
        found += [s for s in strings(json.loads(text)) if s.startswith("/") and not s.startswith("//")]
    elif kind == "text/plain":
        found += [line.split(":", 1)[1].strip() for line in text.splitlines() if line.lower().startswith("sitemap:")]
    return found


def same_site(url, base):
    """``url`` (as found on the page at ``base``) as a site path with its query, or None."""
    url = url.strip()
    if not url or url.startswith(("mailto:", "tel:", "javascript:", "data:")):
        return None
    parts = urlsplit(urljoin("http://testserver" + base, url))
    if parts.scheme not in ("http", "https") or parts.hostname not in SITE_HOSTS:
        return None
    return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")


@dataclass
class Crawl:
    visited: dict = field(default_factory=dict)  # url -> status
    leaks: list = field(default_factory=list)  # (url, markers)
    broken: list = field(default_factory=list)  # (url, status, found on)
    staff: dict = field(default_factory=dict)  # url -> (status, Location)
    external: set = field(default_factory=set)
    hit_cap: bool = False


def run_crawl(client, seeds, limit=MAX_PAGES):
    result = Crawl()
    queue = deque((url, None) for url in seeds)
    seen = set(seeds)
    while queue:
        if len(result.visited) >= limit:
            result.hit_cap = True
            break
        url, found_on = queue.popleft()
        path = urlsplit(url).path
        response = client.get(url)
        body = body_of(response)
        result.visited[url] = response.status_code
        leaked = markers_in(text_of(response, body) + "\n" + unquote(url))
        if leaked:
            result.leaks.append((url, leaked))
        if STAFF_PATH.match(path):
            result.staff[url] = (response.status_code, response.get("Location", ""))
            continue  # never crawl into the admin or the console
        pending_search_page = response.status_code == 404 and SEARCH_PAGE.match(path)
        if response.status_code >= 500 or (response.status_code >= 400 and found_on and not pending_search_page):
            result.broken.append((url, response.status_code, found_on))
        if path.startswith(FILE_PATHS):
            continue
        targets = links_in(response, body)
        if response.status_code in (301, 302, 303, 307, 308):
            targets.append(response["Location"])
        for target in targets:
            link = same_site(target, path)
            if link is None:
                result.external.add(target)
            elif link not in seen:
                seen.add(link)
                queue.append((link, url))
    return result


def operator_client(site):
    client = Client()
    client.force_login(site.users["operator"])
    return client


@pytest.fixture(scope="module")
def crawl(site):
    """The anonymous crawl, after an operator has read the internal pages (so that no cache or
    "most viewed" list can pass on what the operator was shown)."""
    cache.clear()
    operator = operator_client(site)
    for _round in range(3):
        for page in [*site.operators_only.values(), *site.public.values()]:
            assert operator.get(page.url).status_code == 200
    seeds = ["/", "/robots.txt", "/sitemap.xml", "/healthz/", "/api/search/openapi.json", "/api/search/",
             "/admin/", "/console/", *(f"/{language}/" for language in LANGUAGES),
             *(f"/{language}/console/" for language in LANGUAGES)]
    return run_crawl(Client(), seeds)


# --- the crawl -----------------------------------------------------------------------------------


def test_the_crawl_reached_the_whole_public_site(site, crawl, db):
    assert not crawl.hit_cap, f"the crawl stopped at {MAX_PAGES} pages; raise MAX_PAGES"
    ok = {url for url, status in crawl.visited.items() if status == 200}
    index = {p.locale.language_code: p for p in site.sections.faq_index.get_translations(inclusive=True)}
    countries = {p.locale.language_code: p for p in site.sections.country_index.get_translations(inclusive=True)}
    expected = {"/robots.txt", "/sitemap.xml"}
    for language in LANGUAGES:
        expected |= {f"/{language}/", index[language].url, f"{index[language].url}category/entry-stay-documents/",
                     f"{index[language].url}category/entry-stay-documents/residence-permits/", site.public[language].url,
                     countries[language].url}
    expected |= {page.url for page in site.two_languages.values()} | {page.url for page in site.sheet.values()}
    assert expected <= ok, sorted(expected - ok)
    # Languages without a version are reached through their fallback addresses.
    for language, versions_ in (("uk", site.two_languages), ("en", site.two_languages), ("uk", site.sheet)):
        fallbacks = {f"/{language}/translation/{page.pk}/" for page in versions_.values()}
        assert fallbacks & ok, (language, fallbacks)
    assert any(url.startswith("/static/") for url in ok), "no static file was checked"
    assert len(ok) > 100


def test_no_public_response_contains_internal_content(crawl, db):
    assert crawl.leaks == []


def test_public_pages_link_to_nothing_hidden_or_broken(crawl, db):
    """A link to an operator-only or unpublished page would answer 404 to the visitor."""
    assert crawl.broken == []


def test_admin_and_console_send_anonymous_visitors_to_log_in(crawl, db):
    assert crawl.staff, "the crawl checked no staff address"
    for url, (status, location) in crawl.staff.items():
        path = urlsplit(url).path
        if path == "/admin/login/":
            assert status == 200, url  # the login form itself
        elif status in (301, 302, 303, 307, 308):
            assert STAFF_PATH.match(urlsplit(location).path), (url, location)
        else:
            assert status in (401, 403, 404, 405), (url, status)


def test_operator_only_unpublished_and_draft_pages_answer_404(site, client, db):
    hidden = [*site.operators_only.values(), *site.unpublished.values(), site.never]
    for page in hidden:
        urls = [f"/{language}/translation/{page.pk}/" for language in LANGUAGES]
        if page.url:
            urls.append(page.url)
        for url in urls:
            response = client.get(url)
            assert response.status_code == 404, url
            # The address itself may carry the slug's marker; nothing else may show.
            echoed = set(re.findall(re.escape(TOKEN) + r"-[a-z0-9-]+", unquote(url).lower()))
            shown = [m for m in markers_in(text_of(response, response.content)) if m.split(" ")[0] not in echoed]
            assert shown == [], url
    # Nor can a visitor vote on them ("Was this helpful?"), which would confirm they exist.
    for page in hidden:
        for accept in ("text/html", "application/json"):
            response = client.post(f"/{page.locale.language_code}/feedback/{page.pk}/", {"helpful": "yes"}, HTTP_ACCEPT=accept)
            assert response.status_code == 404, (page.pk, accept)
    # The console answer view is for signed-in operators only.
    for page in site.operators_only.values():
        response = client.get(f"/{page.locale.language_code}/console/answer/{page.pk}/")
        assert response.status_code == 302 and not markers_in(text_of(response, response.content))


def test_a_signed_in_user_without_the_permission_sees_no_internal_content(site, db):
    visitor = get_user_model().objects.create_user("leak-visitor", password="x")
    client = Client()
    client.force_login(visitor)
    for page in site.operators_only.values():
        assert client.get(page.url).status_code == 404
    for language, page in site.public.items():
        response = client.get(page.url)
        assert response.status_code == 200 and markers_in(text_of(response, response.content)) == [], language
    response = client.get(f"{site.sections.faq_index.url}category/entry-stay-documents/")
    assert markers_in(text_of(response, response.content)) == []


def test_the_markers_are_where_operators_read_them(site, db):
    """Proof that the markers are planted in what the pages show: an operator sees them."""
    operator = operator_client(site)
    for language, page in site.operators_only.items():
        html = operator.get(page.url).content.decode().lower()
        for name in ("title", "short-answer", "answer-text", "answer-step", "contact-name", "link-title", "callout", "notes"):
            assert f"{TOKEN}-op-{name}-{language}" in html, (language, name)
    for language, page in site.public.items():
        assert f"{TOKEN}-a-8701-notes-{language}" in operator.get(page.url).content.decode().lower(), language
    # The operator's search finds the words that only internal notes contain.
    for language in LANGUAGES:
        body = operator.get("/api/search/", {"q": HIDDEN_WORDS["internal notes"][script(language)], "locale": language,
                                             "scope": "operator"}).json()
        assert body["total"] >= 1, language


# --- search --------------------------------------------------------------------------------------


def public_page_ids():
    return set(FaqPage.objects.live().filter(visibility="public").values_list("pk", flat=True))


def search_words():
    return [TOKEN, *(word for words in HIDDEN_WORDS.values() for word in words)]


def test_public_search_api_finds_nothing_internal(site, client, db):
    visible = public_page_ids()
    for locale in SEARCH_LOCALES:
        for word in search_words():
            response = client.get("/api/search/", {"q": word, "locale": locale})
            assert response.status_code == 200, (locale, word)
            body = response.json()
            assert body["hits"] == [] and body["total"] == 0, (locale, word, body["hits"])
            assert all(values == [] for values in body["facets"].values()), (locale, word, body["facets"])
            text = text_of(response, response.content)
            if word == TOKEN:
                decoy = client.get("/api/search/", {"q": DECOY, "locale": locale})
                assert text.lower().count(TOKEN) == text_of(decoy, decoy.content).lower().count(DECOY), locale
            else:
                assert markers_in(text) == [], (locale, word)
        # Filters alone reach no hidden entry either (only they are tagged with these countries).
        for country in HIDDEN_COUNTRIES.values():
            body = client.get("/api/search/", {"country": country, "locale": locale}).json()
            assert body["total"] == 0 and body["hits"] == [], (locale, country)
        body = client.get("/api/search/", {"category": "entry-stay-documents", "locale": locale, "page_size": 50}).json()
        assert body["hits"] and {hit["page_id"] for hit in body["hits"]} <= visible, locale
        assert markers_in(json.dumps(body, ensure_ascii=False)) == [], locale
        response = client.get("/api/search/", {"q": "wombatique", "locale": locale, "scope": "operator"})
        assert response.status_code == 401 and markers_in(text_of(response, response.content)) == []


def test_public_search_api_finds_the_public_entry(site, client, db):
    """The control: the search works, so finding nothing above means something."""
    for language, page in site.public.items():
        body = client.get("/api/search/", {"q": CONTROL[language], "locale": language}).json()
        assert page.pk in {hit["page_id"] for hit in body["hits"]}, language
        assert markers_in(json.dumps(body, ensure_ascii=False)) == [], language


def typo(word):
    return word[:-1] + ("x" if word[-1] != "x" else "y")


def search_page(client, language, **params):
    """The public search page (issue 7, in progress): None while it does not exist."""
    response = client.get(f"/{language}/search/", params, follow=True)
    if response.status_code == 404:
        return None
    assert response.status_code == 200, (language, params)
    return response


def test_public_search_page_shows_nothing_internal(site, client, db):
    for language in LANGUAGES:
        if search_page(client, language) is None:
            pytest.skip("no public search page yet")
        for word in search_words():
            response = search_page(client, language, q=word)
            text = text_of(response, response.content)
            if word == TOKEN:
                decoy = search_page(client, language, q=DECOY)
                assert text.lower().count(TOKEN) == text_of(decoy, decoy.content).lower().count(DECOY), language
            else:
                assert markers_in(text) == [], (language, word)
        for country in HIDDEN_COUNTRIES.values():
            response = search_page(client, language, country=country)
            assert markers_in(text_of(response, response.content)) == [], (language, country)


def test_public_search_page_suggests_no_internal_words(site, client, db):
    """A misspelt hidden word, alone or beside public words, is never "corrected" into view."""
    for language in LANGUAGES:
        if search_page(client, language) is None:
            pytest.skip("no public search page yet")
        hidden = [TOKEN, *(words[script(language)] for words in HIDDEN_WORDS.values())]
        for word in hidden:
            for query in (typo(word), f"{CONTROL[language]} {typo(word)}", f"{CONTROL[language]} answer {typo(word)}"):
                html = search_page(client, language, q=query).content.decode().lower()
                assert word not in html and markers_in(html) == [], (language, query)


def test_public_search_filters_offer_no_country_only_hidden_entries_are_about(site, client, db):
    """The country filter lists what the public can find; a country only hidden entries are
    tagged with would tell visitors that there is internal content about it."""
    for language in LANGUAGES:
        response = search_page(client, language)
        if response is None:
            pytest.skip("no public search page yet")
        select = re.search(r'(?s)<select[^>]*name="country".*?</select>', response.content.decode())
        offered = set(re.findall(r'<option value="([^"]*)"', select.group(0))) if select else set()
        assert not offered & set(HIDDEN_COUNTRIES.values()), (language, sorted(offered))
