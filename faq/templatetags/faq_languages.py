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


def _links(context):
    """The page's language links, worked out once per request for the switcher and the head."""
    request = context.get("request")
    if request is None:
        return []
    if not hasattr(request, "_language_links"):
        page = context.get("page")
        language = get_language()
        if isinstance(page, Page):
            request._language_links = language_links(page, language, request.user, _suffix(request, page))
        else:
            request._language_links = _view_links(request, language)
    return request._language_links


@register.inclusion_tag("includes/language_switcher.html", takes_context=True)
def language_switcher(context):
    return {"links": _links(context)}


@register.inclusion_tag("includes/language_alternates.html", takes_context=True)
def language_alternates(context):
    """The canonical address and the hreflang alternates of a page shown in its own language.

    Only real language versions are alternates (a fallback address shows another page's text);
    ``x-default`` is the source language's. A fallback page has its own canonical (base.html).
    """
    request = context.get("request")
    if request is None or getattr(request, "language_fallback", None) or not isinstance(context.get("page"), Page):
        return {}
    versions = [link for link in _links(context) if not link.shown_in]
    absolute = request.build_absolute_uri
    default = next((link for link in versions if link.language == settings.LANGUAGE_CODE), None)
    return {
        "canonical": absolute(request.path),
        "alternates": [(link.language, absolute(link.url)) for link in versions] if len(versions) > 1 else [],
        "default": absolute(default.url) if default and len(versions) > 1 else "",
    }
