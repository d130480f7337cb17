"""The public language switcher: every page links to itself, or its fallback, in each language."""

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language
from wagtail.models import Page

from ..language_versions import LanguageLink, language_links

register = template.Library()


def _suffix(request, page):
    """The part of the address below ``page`` (a category route under the FAQ index)."""
    fallback = getattr(request, "language_fallback", None)
    if fallback:
        return fallback["suffix"]
    url = page.url or ""
    return request.path[len(url):] if url and request.path.startswith(url) else ""


def _view_links(request, language):
    """Django views (no page): the same view under each language prefix, else that language's home."""
    path = request.get_full_path()
    links = []
    for code, name in settings.LANGUAGES:
        url = translate_url(path, code)
        links.append(LanguageLink(code, name, url if url != path or code == language else f"/{code}/", code == language))
    return links


@register.inclusion_tag("includes/language_switcher.html", takes_context=True)
def language_switcher(context):
    request = context.get("request")
    page = context.get("page")
    language = get_language()
    if request is None:
        links = []
    elif isinstance(page, Page):
        links = language_links(page, language, request.user, _suffix(request, page))
    else:
        links = _view_links(request, language)
    return {"links": links}
