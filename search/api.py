"""``/api/search/``: the JSON search used by the console and by telephony or CRM integrations.

Public scope needs nothing; operator scope (operator-only entries included) needs a signed-in
user with the "view internal content" permission. Every failure is a JSON message with a 4xx
status; a search that cannot run at all is a 503, never a 500 page.
"""

import logging

from django.core.serializers.json import DjangoJSONEncoder
from django.http import JsonResponse
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.views.decorators.http import require_GET

from faq.access import can_see_internal
from kb.languages import active_language
from search.forms import SearchForm
from search.openapi import openapi_document
from search.query import OPERATOR, empty_result
from search.service import run_search

logger = logging.getLogger("search")


class SafeJSONEncoder(DjangoJSONEncoder):
    """JSON that stays inert if a client ever drops it into HTML: < > & are escaped."""

    def encode(self, o):
        # Three replace() calls: str.translate with a table took a millisecond on a page of hits.
        return super().encode(o).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _json(body, status=200):
    return JsonResponse(body, status=status, encoder=SafeJSONEncoder, json_dumps_params={"ensure_ascii": False})


def _error(status, message):
    response = _json({"error": message}, status=status)
    patch_cache_control(response, no_store=True)
    return response


def _log_token(search_request, result):
    """The signed id of the search's analytics row, or ``None`` when it could not be stored."""
    from search.analytics.services import record_search_quietly, sign_log_id

    log_id = record_search_quietly(search_request, result)
    return sign_log_id(log_id) if log_id is not None else None


@require_GET
def search_view(request):
    form = SearchForm(request.GET)
    if not form.is_valid():
        return _error(400, form.error_message())
    search_request = form.search_request(active_language())
    if search_request.scope == OPERATOR:
        if not request.user.is_authenticated:
            return _error(401, "Operator scope needs a signed-in operator.")
        if not can_see_internal(request.user):
            return _error(403, "Your account may not search operator-only entries.")
    if not search_request.text and not search_request.filters():
        result = empty_result("none")
    else:
        try:
            result = run_search(search_request)
        except Exception:  # noqa: BLE001 - the caller gets a message, the log gets the trace
            logger.exception("Search failed for a %s query in %s", search_request.scope, search_request.locale)
            return _error(503, "Search is unavailable right now. Please try again in a moment.")
    body = {
        "query": search_request.text, "locale": search_request.locale, "scope": search_request.scope,
        "filters": search_request.filters(), "page": search_request.page, "page_size": search_request.page_size,
        **result.as_dict(),
        "log_token": _log_token(search_request, result) if search_request.text else None,
    }
    response = _json(body)
    # Never cached, in either scope: each response carries its own analytics token, and an
    # operator's results must not outlive the session.
    patch_cache_control(response, private=True, no_store=True)
    patch_vary_headers(response, ["Cookie", "Accept-Language"])
    return response


@require_GET
def openapi_view(request):
    return _json(openapi_document(request.build_absolute_uri("/")))
