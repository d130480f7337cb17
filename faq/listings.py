"""What the public pages show: plain functions behind the page types' contexts.

Every query for entries goes through :func:`faq.access.visible_entries`, so operator-only entries
and internal notes reach only users allowed to see them.
"""

from collections import OrderedDict
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Q

from kb.languages import fallback_notice

from .access import can_see_internal
from .language_versions import entries_with_fallbacks, fallback_url, reader_language
from .models import Category, CountryFactSheetPage, CountryIndexPage, FaqIndexPage, FaqPage, Sensitivity
from .verification import current_status
from .vocabulary import VerificationStatus

# The public sees a caution banner when the sources are overdue or a known change may have
# made the answer wrong; the reasons themselves are for editors.
CAUTION_STATUSES = (VerificationStatus.OVERDUE, VerificationStatus.AT_RISK)

PROTOCOLS = {
    Sensitivity.TRAFFICKING: "faq/protocols/trafficking.html",
    Sensitivity.GBV: "faq/protocols/gbv.html",
    Sensitivity.CHILD_PROTECTION: "faq/protocols/child_protection.html",
    Sensitivity.DISTRESS: "faq/protocols/distress.html",
}


def _section(home, model):
    return model.objects.child_of(home).live().first()


def home_context(home, request):
    faq_index = _section(home, FaqIndexPage)
    return {
        "faq_index": faq_index,
        "country_index": _section(home, CountryIndexPage),
        "categories": category_overview(faq_index, request) if faq_index else [],
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
        return dict(settings.LANGUAGES).get(self.fallback_language, "")

    @property
    def title(self):
        return self.page.title

    @property
    def is_public(self):
        return self.page.is_public


def listed_entries(language, user, order_by, *conditions, **filters):
    """Entries matching the conditions for a reader of ``language``: their own first, then fallbacks."""
    listed = []
    for code, entries in entries_with_fallbacks(language, user, *conditions, **filters):
        for entry in entries.select_related("category", "category__parent").order_by(*order_by).distinct():
            if code == language:
                listed.append(ListedEntry(entry, entry.url))
            else:
                listed.append(ListedEntry(entry, fallback_url(entry, language), code, fallback_notice(language, code)))
    return listed


def category_listing(faq_index, request, category):
    in_category = Q(category__path=category.path) | Q(category__parent__path=category.path)
    return {
        "category": category,
        "subcategories": Category.objects.filter(parent=category),
        "entries": listed_entries(reader_language(faq_index), request.user, ["title"], in_category),
        "can_see_internal": can_see_internal(request.user),
    }


def entry_context(entry, request):
    internal = can_see_internal(request.user)
    related = [item.entry.localized for item in entry.related_entries.select_related("entry")]
    status, _due = current_status(entry)
    return {
        "verification_status": status,
        "caution": status in CAUTION_STATUSES,
        "can_see_internal": internal,
        "countries": [country.localized for country in entry.countries.all()],
        "organisations": [organisation.localized for organisation in entry.organisations.all()],
        "related": [page for page in related if page.live and (page.is_public or internal)],
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
