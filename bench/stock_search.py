"""Wagtail's stock search on the FAQ pages, shaped like our hits, as the benchmarks' baseline.

Same scope rules and filters as ours (done with the ORM before searching), default search
backend from WAGTAILSEARCH_BACKENDS, first page of 10. Used by both harnesses.
"""

import time

from django.http import JsonResponse

from wagtail.models import Locale

from faq.models import FaqPage


def stock_search(text, locale, operator=True, category="", country="", audience="", size=10):
    pages = FaqPage.objects.live().filter(locale=Locale.objects.get(language_code=locale))
    if not operator:
        pages = pages.filter(visibility="public")
    if category or country or audience:
        # Wagtail's search filters only on declared filter fields: narrow by id first.
        narrowed = pages
        if category:
            narrowed = narrowed.filter(category__path=category) | narrowed.filter(category__path__startswith=f"{category}/")
        if country:
            narrowed = narrowed.filter(countries__code=country)
        ids = narrowed.values_list("id", "audiences")
        if audience:
            # Audiences are a JSON list; SQLite has no containment lookup, so filter here.
            ids = [(page_id, audiences) for page_id, audiences in ids if audience in (audiences or [])]
        pages = pages.filter(id__in=[page_id for page_id, _ in ids])
    results = pages.search(text)[:size] if text else pages.order_by("answer_number")[:size]
    return [page.answer_number for page in results]


def stock_search_view(request):
    started = time.perf_counter()
    numbers = stock_search(
        request.GET.get("q", ""), request.GET.get("locale", "ro"), category=request.GET.get("category", ""),
        country=request.GET.get("country", ""),
    )
    return JsonResponse({"hits": numbers, "took_ms": (time.perf_counter() - started) * 1000, "backend": "wagtail"})
