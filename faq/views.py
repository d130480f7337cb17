"""Public views outside Wagtail's page tree: a page in the reader's language or its fallback,
the search page, sitemap.xml and robots.txt."""

from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET
from django.utils.translation import get_language
from wagtail import hooks
from wagtail.models import Page

from kb.languages import fallback_notice, language_codes

from .language_versions import best_version
from .listings import category_overview, popular_entries
from .models import FaqIndexPage
from .public_search import filter_choices, public_search
from .sitemap import robots_txt, sitemap_urls, sitemap_xml


def in_language(request, page_id, suffix=""):
    """``page_id`` (any language version) for a reader of the URL's language.

    The reader's own language version is a redirect to its address; a fallback version is
    served here, inside the reader's interface language, with a notice saying so, a canonical
    link to its own address and ``noindex`` so search engines do not count it twice.
    """
    language = get_language()
    if language not in language_codes():
        raise Http404("Unknown language.")
    page = get_object_or_404(Page, pk=page_id)
    shown, shown_language = best_version(page, language, request.user)
    if shown is None:
        raise Http404("This page is not available in any language you can read.")
    if shown_language == language:
        return HttpResponseRedirect(shown.url + suffix)
    route = shown.route(request, [part for part in suffix.split("/") if part])
    request.language_fallback = {
        "requested": language, "shown": shown_language, "notice": fallback_notice(language, shown_language),
        "canonical": request.build_absolute_uri(shown.url + suffix), "suffix": suffix,
    }
    target, args, kwargs = route
    for hook in hooks.get_hooks("before_serve_page"):
        result = hook(target, request, args, kwargs)
        if isinstance(result, HttpResponse):
            return result
    return target.serve(request, *args, **kwargs)


def sitemap(request):
    """Every public page in every language, with its language alternates (faq/sitemap.py)."""
    return HttpResponse(
        sitemap_xml(sitemap_urls(request), request.build_absolute_uri), content_type="application/xml; charset=utf-8",
    )


def robots(request):
    return HttpResponse(robots_txt(request.build_absolute_uri("/sitemap.xml")), content_type="text/plain; charset=utf-8")


@require_GET
def search_page(request):
    """``/<lang>/search/?q=…&category=…&country=…&page=…``: public entries of the URL's language
    (and its fallbacks); not page-cached, since each query string is its own page."""
    language = get_language()
    if language not in language_codes():
        raise Http404("Unknown language.")
    search = public_search(request.GET, language)
    categories, countries = filter_choices(language)
    context = {"search": search, "categories": categories, "countries": countries}
    if search.searched and not search.total and not search.error:
        faq_index = FaqIndexPage.objects.live().filter(locale__language_code=language).first()
        context.update({
            "faq_index": faq_index,
            "topics": category_overview(faq_index, request) if faq_index else [],
            "popular": popular_entries(language, request.user),
        })
    response = render(request, "faq/search_page.html", context, status=search.status)
    if search.searched and not search.total:
        # A page of "nothing found" or an error is no answer to index; a page of results for a
        # real question ("viza Italia") is a fair landing page, so it stays indexable.
        response["X-Robots-Tag"] = "noindex"
    return response
