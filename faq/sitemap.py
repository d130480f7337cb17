"""sitemap.xml and robots.txt: what search engines may index, with every page's languages.

Only what an anonymous reader can open is listed: live, public pages, entries that
``faq.access.visible_entries`` lets the public see, and the category listings of each FAQ
index. Each URL names its other real language versions (``xhtml:link`` hreflang alternates,
plus ``x-default`` for the source language). Fallback addresses (``/uk/translation/…``) are
left out: they show another page's text and carry ``noindex``.
"""

from dataclasses import dataclass, field
from xml.etree import ElementTree

from django.conf import settings
from wagtail.models import Page

from kb.languages import language_codes

from .access import visible_entries
from .models import Category, CountryFactSheetPage, CountryIndexPage, FaqIndexPage, FaqPage, HomePage

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NS = "http://www.w3.org/1999/xhtml"
LISTED_TYPES = (HomePage, FaqIndexPage, CountryIndexPage, CountryFactSheetPage)


@dataclass
class SitemapUrl:
    location: str
    language: str
    last_modified: object = None
    alternates: dict = field(default_factory=dict)  # language code -> URL of that version


def _groups(pages):
    """Live pages grouped by translation key: {key: {language: page}}."""
    grouped = {}
    for page in pages:
        grouped.setdefault(page.translation_key, {})[page.locale.language_code] = page
    return grouped


def _listed_pages():
    public = Page.objects.live().public().select_related("locale")
    pages = list(public.type(*LISTED_TYPES).specific())
    pages += list(visible_entries(FaqPage.objects.public().select_related("locale"), user=None))
    return pages


def _category_urls(indexes_by_language, request):
    """Each category listing under its language's FAQ index, with the same category's other languages."""
    by_key = {}
    for category in Category.objects.select_related("locale"):
        index = indexes_by_language.get(category.locale.language_code)
        if index is not None:
            by_key.setdefault(category.translation_key, {})[category.locale.language_code] = (
                f"{index.get_url(request)}category/{category.path}/"
            )
    return list(by_key.values())


def sitemap_urls(request=None):
    """Every listed URL (site-relative), ordered by address so the file is stable.

    ``request`` lets Wagtail work out the site's root paths once rather than for every page.
    """
    pages = _listed_pages()
    indexes = {page.locale.language_code: page for page in pages if isinstance(page, FaqIndexPage)}
    found = []
    for group in _groups(pages).values():
        alternates = {language: page.get_url(request) for language, page in group.items()}
        found += [SitemapUrl(alternates[language], language, page.last_published_at, alternates)
                  for language, page in group.items()]
    for alternates in _category_urls(indexes, request):
        found += [SitemapUrl(url, language, None, alternates) for language, url in alternates.items()]
    return sorted(found, key=lambda item: item.location)


def sitemap_xml(urls, absolute):
    """The sitemap document; ``absolute`` turns a site-relative URL into a full one."""
    ElementTree.register_namespace("", SITEMAP_NS)
    ElementTree.register_namespace("xhtml", XHTML_NS)
    root = ElementTree.Element(f"{{{SITEMAP_NS}}}urlset")
    for item in urls:
        node = ElementTree.SubElement(root, f"{{{SITEMAP_NS}}}url")
        ElementTree.SubElement(node, f"{{{SITEMAP_NS}}}loc").text = absolute(item.location)
        if item.last_modified:
            ElementTree.SubElement(node, f"{{{SITEMAP_NS}}}lastmod").text = item.last_modified.date().isoformat()
        if len(item.alternates) > 1:
            for language, url in sorted(item.alternates.items()):
                ElementTree.SubElement(node, f"{{{XHTML_NS}}}link", rel="alternate", hreflang=language, href=absolute(url))
            if settings.LANGUAGE_CODE in item.alternates:
                ElementTree.SubElement(node, f"{{{XHTML_NS}}}link", rel="alternate", hreflang="x-default",
                                       href=absolute(item.alternates[settings.LANGUAGE_CODE]))
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ElementTree.tostring(root, encoding="utf-8")


# Staff and machine addresses: nothing there is for search engines (and most needs a sign-in).
ROBOTS_DISALLOWED = ("/admin/", "/api/", "/i18n/", "/console/") + tuple(f"/{code}/console/" for code in language_codes())


def robots_txt(sitemap_url):
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in ROBOTS_DISALLOWED), "", f"Sitemap: {sitemap_url}"]
    return "\n".join(lines) + "\n"
