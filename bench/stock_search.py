"""Wagtail's stock search on the FAQ pages, shaped like our hits, as the benchmarks' baseline.

Same scope rules, category and country filters as ours (done with the ORM before searching), default search
backend from WAGTAILSEARCH_BACKENDS, first page of 10.
"""

import time

from django.http import JsonResponse

from wagtail.models import Locale

from faq.models import FaqPage


def stock_search(text, locale, operator=True, category="", country="", size=10):
    pages = FaqPage.objects.live().filter(locale=Locale.objects.get(language_code=locale))
    if not operator:
        pages = pages.filter(visibility="public")
    if category or country:
        # Wagtail's search filters only on declared filter fields: narrow by id first.
        narrowed = pages
        if category:
            narrowed = narrowed.filter(category__path__startswith=category)
        if country:
            narrowed = narrowed.filter(countries__code=country)
        pages = pages.filter(id__in=list(narrowed.values_list("id", flat=True)))
    results = pages.search(text)[:size] if text else pages.order_by("answer_number")[:size]
    return [page.answer_number for page in results]


def stock_search_view(request):
    started = time.perf_counter()
    numbers = stock_search(
        request.GET.get("q", ""), request.GET.get("locale", "ro"), category=request.GET.get("category", ""),
        country=request.GET.get("country", ""),
    )
    return JsonResponse({"hits": numbers, "took_ms": (time.perf_counter() - started) * 1000, "backend": "wagtail"})
