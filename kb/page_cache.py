"""Whole-page caching of the public site for anonymous readers, one copy per language and path.

A reader on a slow phone connection and a crawler get the same bytes, and the server renders a
page once per change instead of once per visit. Keys carry a *generation*: anything that can
change what a public page shows (publishing, unpublishing, moving or deleting a page, saving a
snippet, a verification or a status refresh) replaces the generation, so every older copy is
unreachable at once and expires on its own. The timeout bounds what no signal announces, such
as an entry passing its review date at midnight.

Only requests that cannot differ between readers are cached: anonymous GET or HEAD, no query
string, a public path. Responses that set a cookie, are not 200 or say ``private``/``no-store``
are never stored, so a page with a CSRF token or a message for one visitor cannot be replayed.
"""

import logging
import re

from django.conf import settings
from django.core.cache import cache

from kb import generations

logger = logging.getLogger("kb.page_cache")

GENERATION_KEY = "kb:page-cache:generation"
HEADER = "X-KB-Page-Cache"
# Paths outside the language prefixes that every reader gets alike.
SHARED_PATHS = ("/sitemap.xml", "/robots.txt")
# Under a language prefix: everything but the console, the public search (its results are per
# query string anyway) and the language-switch and feedback endpoints.
NEVER_CACHED = re.compile(r"^/[a-z]{2}/(console|search|feedback|i18n)/")
CACHEABLE_TYPES = ("text/html", "application/xml", "text/plain")


def timeout():
    return getattr(settings, "KB_PAGE_CACHE_SECONDS", 300)


def enabled():
    return timeout() > 0


def generation():
    return generations.current(GENERATION_KEY)


def invalidate(*args, **kwargs):
    """Signal receiver and plain function alike: a change the public may see just happened."""
    if enabled():
        generations.renew_now_and_on_commit(GENERATION_KEY, "the public page cache")


def _language_prefixes():
    return tuple(f"/{code}/" for code, _name in settings.LANGUAGES)


def cacheable_request(request):
    if request.method not in ("GET", "HEAD") or request.META.get("QUERY_STRING"):
        return False
    path = request.path
    if path not in SHARED_PATHS and (not path.startswith(_language_prefixes()) or NEVER_CACHED.match(path)):
        return False
    return not request.user.is_authenticated


def cacheable_response(request, response):
    """A 200 that every reader may get: no cookie now, and none the outer middleware would add
    on the way out (a session written by the view, a CSRF token used in the page)."""
    if response.status_code != 200 or response.cookies or response.streaming:
        return False
    session = getattr(request, "session", None)
    if (session is not None and session.modified) or request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False
    control = response.get("Cache-Control", "")
    if "private" in control or "no-store" in control or "no-cache" in control:
        return False
    return response.get("Content-Type", "").split(";")[0] in CACHEABLE_TYPES


def cache_key(request, current_generation):
    return f"kb:page:{current_generation}:{request.get_host()}:{request.path}"


class PublicPageCacheMiddleware:
    """Serves and stores cached public pages; last in MIDDLEWARE, so it knows who reads and every
    outer middleware still adds its headers to a cached copy.

    The entry a page shows travels with it (``request.kb_entry_id`` set by the entry's view), so
    page views are counted on cache hits too.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not enabled() or not cacheable_request(request):
            return self._counted(request, self.get_response(request))
        try:
            key = cache_key(request, generation())
            stored = cache.get(key)
        except Exception:  # noqa: BLE001 - without a cache the page is rendered as usual
            logger.exception("Public page cache unavailable")
            return self._counted(request, self.get_response(request))
        if stored is not None:
            response, entry_id = stored
            response[HEADER] = "hit"
            request.kb_entry_id = entry_id
            return self._counted(request, response)
        response = self.get_response(request)
        if cacheable_response(request, response):
            if hasattr(response, "render") and callable(response.render):
                response.render()
            try:
                cache.set(key, (response, getattr(request, "kb_entry_id", None)), timeout())
            except Exception:  # noqa: BLE001
                logger.exception("Could not store a public page")
            response[HEADER] = "miss"
        return self._counted(request, response)

    def _counted(self, request, response):
        entry_id = getattr(request, "kb_entry_id", None)
        if entry_id and request.method == "GET" and response.status_code == 200:
            from search.analytics.page_views import record_view

            record_view(entry_id, request)
        return response
