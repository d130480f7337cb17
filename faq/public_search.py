"""The public search page: the same search as the console and the API, public scope only.

A reader who finds nothing is not left at a dead end: the page offers the query with its
misspelt words corrected, each word of a longer query on its own (with how many answers it
finds), and the most viewed questions and the topics.
"""

import logging
from urllib.parse import urlencode
from dataclasses import dataclass, field, replace

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db.models import Q
from django.urls import reverse
from django.utils import translation

from kb.languages import language_codes, own_name
from search.analysis import words
from search.analytics.services import record_search_quietly
from search.forms import SearchForm
from search.query import PUBLIC, SearchRequest
from search.service import run_search

from .access import visible_entries
from .models import Category, Country, CountryFactSheetPage, FaqPage
from .vocabulary import CAUTION_STATUSES

logger = logging.getLogger("faq.public_search")

PAGE_SIZE = 10
# Pages linked either side of the current one.
PAGE_WINDOW = 2
# A longer query is relaxed word by word for suggestions; a sentence is not worth 12 searches.
MAX_WORD_SUGGESTIONS = 4


@dataclass
class Suggestion:
    query: str
    total: int
    url: str


@dataclass
class PublicSearch:
    """Everything the search page shows; ``searched`` is False until there is something to search."""

    query: str = ""
    category: str = ""
    country: str = ""
    searched: bool = False
    error: str = ""
    status: int = 200  # 400 for a query that cannot run, 503 when search is down
    hits: list = field(default_factory=list)
    total: int = 0
    page: int = 1
    pages: list = field(default_factory=list)  # page numbers, None for a gap
    last_page: int = 1
    corrected: Suggestion | None = None
    word_suggestions: list = field(default_factory=list)
    without_filters: Suggestion | None = None
    other_languages: list = field(default_factory=list)  # Suggestion per language, with .language

    language: str = ""

    @property
    def first_rank(self):
        return (self.page - 1) * PAGE_SIZE + 1

    def page_url(self, number):
        return search_url(self.language, q=self.query, category=self.category, country=self.country, page=number)

    @property
    def page_links(self):
        """[(number, address)] with (None, None) for a gap; the current page's address is None."""
        return [(number, self.page_url(number) if number and number != self.page else None) for number in self.pages]

    @property
    def previous_url(self):
        return self.page_url(self.page - 1) if self.page > 1 else None

    @property
    def next_url(self):
        return self.page_url(self.page + 1) if self.page < self.last_page else None



def hit_url(hit, language):
    """The hit's own address, or its address inside the reader's language when it is another
    language's entry shown as a fallback (faq.views.in_language)."""
    if hit.language == language:
        return hit.url
    with translation.override(language):
        return reverse("faq:in_language", args=[hit.page_id])


def search_url(language, **params):
    with translation.override(language):
        path = reverse("faq:search")
    # Page 1 is the page without a number: one address per result page.
    query = urlencode({name: value for name, value in params.items() if value and not (name == "page" and value == 1)})
    return f"{path}?{query}" if query else path


def page_numbers(page, last_page):
    """1 … 4 5 [6] 7 8 … 20: the first, the last and a window around the current page."""
    shown = {1, last_page, *range(max(1, page - PAGE_WINDOW), min(last_page, page + PAGE_WINDOW) + 1)}
    numbers = []
    for number in sorted(shown):
        if numbers and number - numbers[-1] > 1:
            numbers.append(None)
        numbers.append(number)
    return numbers


def public_search(params, language):
    """Run the search the page's query string asks for (``params``: a QueryDict)."""
    data = params.copy()
    for name in ("scope", "locale", "page_size", "audience"):
        data.pop(name, None)
    form = SearchForm(data)
    if not form.is_valid():
        return PublicSearch(
            query=params.get("q", "")[:200], searched=True, error=form_error(form), status=400, language=language,
        )
    search = PublicSearch(
        query=form.cleaned_data["q"], category=form.cleaned_data["category"], country=form.cleaned_data["country"],
        page=form.cleaned_data["page"] or 1, language=language,
    )
    request = replace(form.search_request(language), scope=PUBLIC, locale=language, page_size=PAGE_SIZE)
    if not request.text and not request.filters():
        return search
    search.searched = True
    try:
        result = run_search(request)
    except Exception:  # noqa: BLE001 - the reader gets a message, the log gets the trace
        logger.exception("Public search failed in %s", language)
        search.error = translation.gettext("Search is unavailable right now. Please try again in a moment.")
        search.status = 503
        return search
    # Public searches reach the editors' search analytics like the API's.
    record_search_quietly(request, result)
    search.total = result.total
    search.last_page = max(1, -(-result.total // PAGE_SIZE))
    search.pages = page_numbers(search.page, search.last_page) if search.last_page > 1 else []
    search.hits = [_shown(hit, language) for hit in result.hits]
    if not result.total and request.text:
        search.corrected = corrected_query(request)
        search.word_suggestions = single_words(request)
        search.without_filters = unfiltered(request)
        search.other_languages = in_other_languages(request)
    return search


def form_error(form):
    return " ".join(str(message) for messages in form.errors.values() for message in messages)


def _shown(hit, language):
    hit.link = hit_url(hit, language)
    hit.caution = hit.verification_status in CAUTION_STATUSES
    hit.question_html = (hit.highlights.get("question") or [None])[0]
    hit.excerpt_html = next(
        (hit.highlights[name][0] for name in ("short_answer", "answer_text", "phrasings") if hit.highlights.get(name)),
        None,
    )
    return hit


def _count(request, text):
    try:
        return run_search(replace(request, text=text, page=1, page_size=1)).total
    except Exception:  # noqa: BLE001 - a suggestion is optional
        logger.exception("Suggestion search failed")
        return 0


def corrected_query(request):
    """The query with each unknown word replaced by the closest indexed word, if that finds answers."""
    from search.backends import database_store

    tokens = words(request.text)
    try:
        found = database_store().dialect.corrections(request.locale, tokens)
    except Exception:  # noqa: BLE001
        logger.exception("Could not look up corrections")
        return None
    if not found:
        return None
    text = " ".join(found[token][0] if found.get(token) else token for token in tokens)
    total = _count(request, text)
    return Suggestion(text, total, _suggestion_url(request, text)) if total else None


def single_words(request):
    """Each word of a query of several words, searched alone: which part finds something."""
    tokens = [token for token in dict.fromkeys(words(request.text)) if len(token) > 2]
    if len(tokens) < 2:
        return []
    suggestions = []
    for token in tokens[:MAX_WORD_SUGGESTIONS]:
        total = _count(request, token)
        if total:
            suggestions.append(Suggestion(token, total, _suggestion_url(request, token)))
    return suggestions


def unfiltered(request):
    """The same words without the topic and country filters, when that finds answers."""
    if not request.filters():
        return None
    plain = replace(request, category="", country="", audience="")
    total = _count(plain, request.text)
    return Suggestion(request.text, total, search_url(request.locale, q=request.text)) if total else None


def in_other_languages(request):
    """Where the words find answers in another language: a reader on the Romanian site who
    types in Russian is sent to the Russian search, not left with nothing."""
    found = []
    for code in language_codes():
        if code == request.locale:
            continue
        total = _count(replace(request, locale=code, with_fallbacks=False), request.text)
        if total:
            suggestion = Suggestion(request.text, total, _suggestion_url(replace(request, locale=code), request.text))
            suggestion.language, suggestion.language_name = code, own_name(code)
            found.append(suggestion)
    return found


def _suggestion_url(request: SearchRequest, text):
    return search_url(request.locale, q=text, category=request.category, country=request.country)


def filter_choices(language):
    """The topics and countries a reader can narrow a search to, named in the reader's language.

    Only countries some public entry or live fact sheet is about: a list of every country in the
    world would mostly lead to nothing, and one an operator-only entry is about would tell the
    public that entry exists. Countries are the default-language rows entries point at (faq.models.pages.default_locale_only);
    ``.localized`` follows the active language, which is the reader's during the request.
    """
    categories = [
        (category.slug, category.name)
        for category in Category.objects.filter(locale__language_code=language, parent__isnull=True).order_by("name")
    ]
    public = visible_entries(FaqPage.objects.all(), AnonymousUser())
    tagged = FaqPage.countries.through.objects.filter(faqpage__in=public).values("country_id")
    covered = Country.objects.filter(locale__language_code=settings.LANGUAGE_CODE).filter(
        Q(pk__in=tagged) | Q(code__in=CountryFactSheetPage.objects.live().values("country__code")),
    )
    countries = sorted(
        ((country.code, country.localized.name) for country in covered),
        key=lambda item: item[1].casefold(),
    )
    return categories, countries
