"""What the public pages show: plain functions behind the page types' contexts.

Every query for entries goes through :func:`faq.access.visible_entries`, so operator-only entries
and internal notes reach only users allowed to see them.
"""

from collections import OrderedDict
from dataclasses import dataclass

from django.db.models import Count, Q
from wagtail.models import Locale

from kb.languages import fallback_chain, fallback_notice, own_name

from .access import can_see_internal
from .language_versions import best_version, entries_with_fallbacks, fallback_url, reader_language
from .models import Category, CountryFactSheetPage, CountryIndexPage, FaqIndexPage, FaqPage, Sensitivity
from .verification import current_status
from .vocabulary import CAUTION_STATUSES


PROTOCOLS = {
    Sensitivity.TRAFFICKING: "faq/protocols/trafficking.html",
    Sensitivity.GBV: "faq/protocols/gbv.html",
    Sensitivity.CHILD_PROTECTION: "faq/protocols/child_protection.html",
    Sensitivity.DISTRESS: "faq/protocols/distress.html",
}


def _section(home, model):
    return model.objects.child_of(home).live().first()


# How many questions the home page lists as the most viewed.
POPULAR_COUNT = 8


def home_context(home, request):
    language = reader_language(home)
    faq_index = _section(home, FaqIndexPage)
    return {
        "faq_index": faq_index,
        "country_index": _section(home, CountryIndexPage),
        "categories": category_overview(faq_index, request) if faq_index else [],
        "fact_sheets": fact_sheets_with_fallbacks(language),
        "popular": popular_entries(language, request.user),
    }


def category_overview(faq_index, request):
    """Top-level categories of the index's language with their subcategories and entry counts.

    Counts include the entries shown in a fallback language, as the category pages list them.
    """
    counts = {}
    for _language, entries in entries_with_fallbacks(reader_language(faq_index), request.user):
        for path, n in entries.values_list("category__path").annotate(n=Count("id")).values_list("category__path", "n"):
            counts[path] = counts.get(path, 0) + n
    categories = list(Category.objects.filter(locale=faq_index.locale).select_related("parent"))
    overview = OrderedDict((c.pk, {"category": c, "children": [], "count": counts.get(c.path, 0)}) for c in categories if c.is_top_level)
    for child in categories:
        if not child.is_top_level and child.parent_id in overview:
            item = {"category": child, "count": counts.get(child.path, 0)}
            overview[child.parent_id]["children"].append(item)
            overview[child.parent_id]["count"] += item["count"]
    return list(overview.values())


@dataclass
class ListedEntry:
    """An entry in a public list: in the reader's language, or a fallback with its address
    inside the reader's interface (faq.views.in_language)."""

    page: FaqPage
    url: str
    fallback_language: str = ""
    notice: str = ""

    @property
    def fallback_name(self):
        return own_name(self.fallback_language)

    @property
    def title(self):
        return self.page.title

    @property
    def is_public(self):
        return self.page.is_public


def _listed(page, code, language):
    if code == language:
        return ListedEntry(page, page.url)
    return ListedEntry(page, fallback_url(page, language), code, fallback_notice(language, code))


def listed_entries(language, user, order_by, *conditions, limit=None, **filters):
    """Entries matching the conditions for a reader of ``language``: their own first, then
    fallbacks; at most ``limit`` of them when given."""
    listed = []
    for code, entries in entries_with_fallbacks(language, user, *conditions, **filters):
        entries = entries.select_related("category", "category__parent").order_by(*order_by).distinct()
        if limit is not None:
            entries = entries[:limit - len(listed)]
        listed += [_listed(entry, code, language) for entry in entries]
        if limit is not None and len(listed) >= limit:
            break
    return listed


@dataclass
class PopularEntries:
    entries: list
    viewed: bool  # False: nobody has viewed an entry lately, the list is the newest entries

    def __bool__(self):
        return bool(self.entries)

    def __iter__(self):
        return iter(self.entries)


def popular_entries(language, user, limit=POPULAR_COUNT):
    """The questions the public opened most in the last 30 days, in every language together.

    A new site (or a quiet month) has fewer than ``limit`` viewed entries; the list is topped up
    with the most recently published entries so the home page never shows an empty block, and
    says "recently added" while no view at all is counted.
    """
    from search.analytics.page_views import most_viewed_translation_keys

    keys = most_viewed_translation_keys(limit)
    rank = {key: position for position, key in enumerate(keys)}
    popular = sorted(
        listed_entries(language, user, ["title"], translation_key__in=keys) if keys else [],
        key=lambda item: rank[item.page.translation_key],
    )
    if len(popular) < limit:
        popular += listed_entries(
            language, user, ["-first_published_at", "title"], ~Q(translation_key__in=keys), limit=limit - len(popular),
        )
    return PopularEntries(popular, viewed=bool(keys))


def fact_sheets_with_fallbacks(language):
    """Every country with a live fact sheet, in ``language`` where it is translated and otherwise
    in the first fallback language that has it; sorted by the country's name."""
    sheets, seen = [], set()
    for code in fallback_chain(language):
        rows = CountryFactSheetPage.objects.live().public().filter(locale__language_code=code).select_related("country")
        for sheet in rows:
            if sheet.translation_key not in seen:
                seen.add(sheet.translation_key)
                sheets.append(_listed(sheet, code, language))
    for item in sheets:
        item.country_name = item.page.country.localized.name
    return sorted(sheets, key=lambda item: item.country_name.casefold())


def in_reader_language(page, language, suffix=""):
    """(title, address) of ``page`` (a home or section page) for a reader of ``language``: its
    own version when live, else its fallback address with the title it shows."""
    if page.locale.language_code != language:
        locale = Locale.objects.filter(language_code=language).first()
        version = page.get_translation_or_none(locale) if locale else None
        if version is None or not version.live:
            return page.title, fallback_url(page, language, suffix)
        page = version
    return page.title, page.url + suffix


def entry_breadcrumb(entry, language):
    """Home › FAQ › topic › subtopic, each in the reader's language."""
    faq_index = entry.get_parent().specific
    crumbs = [in_reader_language(faq_index.get_parent(), language), in_reader_language(faq_index, language)]
    category = entry.category
    for level in ([category.parent, category] if category.parent_id else [category]):
        suffix = faq_index.reverse_subpage("category", args=[level.path]) if "/" not in level.path else (
            faq_index.reverse_subpage("subcategory", args=level.path.split("/"))
        )
        crumbs.append((level.localized.name, in_reader_language(faq_index, language, suffix)[1]))
    return crumbs


def category_listing(faq_index, request, category):
    in_category = Q(category__path=category.path) | Q(category__parent__path=category.path)
    return {
        "category": category,
        "subcategories": Category.objects.filter(parent=category),
        "entries": listed_entries(reader_language(faq_index), request.user, ["title"], in_category),
        "can_see_internal": can_see_internal(request.user),
    }


def related_entries(entry, language, user):
    """The entry's related entries for a reader of ``language``, each in the best language they
    have (faq.language_versions), never one the reader may not see."""
    related = []
    for item in entry.related_entries.select_related("entry"):
        version, code = best_version(item.entry, language, user)
        if version is not None:
            related.append(_listed(version, code, language))
    return related


def entry_context(entry, request):
    internal = can_see_internal(request.user)
    language = reader_language(entry)
    status, _due = current_status(entry)
    return {
        "verification_status": status,
        "caution": status in CAUTION_STATUSES,
        "can_see_internal": internal,
        "countries": [country.localized for country in entry.countries.all()],
        "organisations": [organisation.localized for organisation in entry.organisations.all()],
        "related": related_entries(entry, language, request.user),
        "breadcrumb": entry_breadcrumb(entry, language),
        "protocol_template": PROTOCOLS.get(entry.sensitivity) if internal else None,
    }


def fact_sheet_context(sheet, request):
    """The sheet's sections plus the entries for the country, grouped by category; entries not
    translated into the sheet's language come in a fallback language."""
    entries = listed_entries(reader_language(sheet), request.user, ["category__path", "title"], countries__code=sheet.country.code)
    grouped = OrderedDict()
    for entry in sorted(entries, key=lambda item: (item.page.category.path, item.fallback_language != "", item.title)):
        category = entry.page.category
        top = (category.parent or category).localized
        grouped.setdefault(top, []).append(entry)
    return {"entries_by_category": list(grouped.items()), "can_see_internal": can_see_internal(request.user)}


def fact_sheet_for(country_code, locale):
    return CountryFactSheetPage.objects.live().filter(locale=locale, country__code=country_code).first()
