"""Which language version of a page or entry a reader gets, following the fallback chain.

A reader who asks for Ukrainian gets the Ukrainian version when it is live and visible to them;
otherwise the first version along ``KB_LANGUAGE_FALLBACKS`` (kb/languages.py), shown inside the
Ukrainian interface with a notice, at ``/uk/translation/<page id>/``. Visibility is decided by
faq.access, so a fallback can never reveal an operator-only entry to the public.
"""

from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import get_language
from wagtail.models import Page

from kb.languages import fallback_chain, language_codes

from .access import can_see_internal, visible_entries
from .models import FaqPage


@dataclass
class LanguageLink:
    language: str
    name: str  # in its own language, as language menus conventionally show it
    url: str
    current: bool
    shown_in: str = ""  # the fallback language the link leads to, when not ``language`` itself


def _visible(page, user):
    specific = page.specific
    if isinstance(specific, FaqPage) and not specific.is_public:
        return can_see_internal(user)
    return True


def versions(page, user):
    """Language code -> the live version of ``page`` that ``user`` may read, in each language."""
    found = {}
    rows = Page.objects.live().public().filter(translation_key=page.translation_key).select_related("locale")
    for version in rows.specific():
        if _visible(version, user):
            found[version.locale.language_code] = version
    return found


def _first_in_chain(available, language):
    """The first language of ``language``'s chain among ``available`` (from ``versions``), or ""."""
    return next((code for code in fallback_chain(language) if code in available), "")


def best_version(page, language, user):
    """(the version to show for ``language``, its language), or (None, "") when there is none."""
    available = versions(page, user)
    shown = _first_in_chain(available, language)
    return available.get(shown), shown


def language_targets(page, user):
    """[(language, its own name, the version a reader of it gets or None, that version's language)],
    one per interface language: what both the public switcher and the console's links lead to."""
    available = versions(page, user)
    targets = []
    for code, own_name in settings.LANGUAGES:
        shown = _first_in_chain(available, code)
        targets.append((code, own_name, available.get(shown), shown))
    return targets


def fallback_url(page, language, suffix=""):
    """The address that shows ``page`` to a reader of ``language``, whatever versions exist."""
    with translation.override(language):
        return reverse("faq:in_language", args=[page.pk]) + suffix


def language_links(page, language, user, suffix=""):
    """One link per interface language for the switcher on ``page`` (shown in ``language``).

    ``suffix`` is the rest of the path below the page (a category under the FAQ index).
    """
    links = []
    for code, own_name, version, shown in language_targets(page, user):
        url = (version.url + suffix) if code == shown else fallback_url(page, code, suffix)
        links.append(LanguageLink(code, own_name, url, code == language, "" if shown == code else shown))
    return links


def reader_language(page):
    """The language the reader asked for: the URL's, which differs from ``page``'s own language
    only when ``page`` is shown as a fallback."""
    language = get_language()
    return language if language in language_codes() else page.locale.language_code


def entries_with_fallbacks(language, user, *conditions, **filters):
    """[(language code, entries)] along the chain: each language's visible entries matching
    the conditions that no earlier language of the chain has. Queries, not lists, so callers can
    count or order them in the database."""
    chain = fallback_chain(language)
    parts = []
    for position, code in enumerate(chain):
        entries = visible_entries(FaqPage.objects.filter(*conditions, locale__language_code=code, **filters), user)
        if position:
            earlier = visible_entries(FaqPage.objects.filter(locale__language_code__in=chain[:position]), user)
            entries = entries.exclude(translation_key__in=earlier.values("translation_key"))
        parts.append((code, entries))
    return parts
