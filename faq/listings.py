"""What the public pages show: plain functions behind the page types' contexts.

Every query for entries goes through :func:`faq.access.visible_entries`, so operator-only entries
and internal notes reach only users allowed to see them.
"""

from collections import OrderedDict

from django.db.models import Count, Q

from .access import can_see_internal, visible_entries
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
    """Top-level categories of the index's language with their subcategories and entry counts."""
    entries = visible_entries(FaqPage.objects.child_of(faq_index), request.user)
    counts = dict(entries.values_list("category_id").annotate(n=Count("id")).values_list("category_id", "n"))
    categories = list(Category.objects.filter(locale=faq_index.locale).select_related("parent"))
    overview = OrderedDict((c.pk, {"category": c, "children": [], "count": counts.get(c.pk, 0)}) for c in categories if c.is_top_level)
    for child in categories:
        if not child.is_top_level and child.parent_id in overview:
            item = {"category": child, "count": counts.get(child.pk, 0)}
            overview[child.parent_id]["children"].append(item)
            overview[child.parent_id]["count"] += item["count"]
    return list(overview.values())


def category_listing(faq_index, request, category):
    entries = (
        visible_entries(FaqPage.objects.child_of(faq_index), request.user)
        .filter(Q(category=category) | Q(category__parent=category))
        .select_related("category")
        .order_by("title")
    )
    return {
        "category": category,
        "subcategories": Category.objects.filter(parent=category),
        "entries": entries,
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
    """The sheet's sections plus this language's entries for the country, grouped by category."""
    entries = (
        visible_entries(FaqPage.objects.filter(locale=sheet.locale), request.user)
        .filter(countries__code=sheet.country.code)
        .select_related("category", "category__parent")
        .order_by("category__path", "title")
        .distinct()
    )
    grouped = OrderedDict()
    for entry in entries:
        top = entry.category.parent or entry.category
        grouped.setdefault(top, []).append(entry)
    return {"entries_by_category": list(grouped.items()), "can_see_internal": can_see_internal(request.user)}


def fact_sheet_for(country_code, locale):
    return CountryFactSheetPage.objects.live().filter(locale=locale, country__code=country_code).first()
