"""Console pages and endpoints: each view checks input, calls a service and renders.

The interface language is the URL prefix (/ro/console/, /ru/console/...); the content language
searched is a separate filter. A plain /console/ sends the operator to the language they chose
last, which is kept in Wagtail's user profile so the admin follows it too.
"""

import re

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpResponseBadRequest, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import Resolver404, resolve, reverse, translate_url
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django.views.i18n import JavaScriptCatalog
from wagtail.users.models import UserProfile

from kb.languages import active_language, language_codes, saved_language
from search.forms import SearchForm

from .access import console_api, console_page, json_error
from .config import console_config
from .models import CallOutcome, ReportReason
from .payloads import CALL_KEYS, REPORT_KEYS, PayloadError, call_fields, is_json, read_payload, report_reason
from .services import (
    answer_context, answer_in_language, content_language_links, language_counts, live_answer, record_call,
    report_entry, shift_counts,
)

COUNTRY_PARAM = re.compile(r"^[A-Za-z]{2}$")
# The search API's log token: a signed id, "<digits>:<timestamp>:<signature>".
TOKEN_PARAM = re.compile(r"^[A-Za-z0-9:_-]{1,120}$")
RANK_PARAM = re.compile(r"^[1-9][0-9]{0,3}$")


def console_home_url(language):
    with translation.override(language):
        return reverse("console:home")


def console_redirect(request):
    """``/console/`` without a language: log in first, then the operator's remembered language."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
    url = console_home_url(saved_language(request.user))
    if request.META.get("QUERY_STRING"):
        url += "?" + request.META["QUERY_STRING"]
    return HttpResponseRedirect(url)


def shell_context(request):
    """What the console layout shows on every page: the shift counts and the language switch."""
    return {
        "shift": shift_counts(request.user),
        "interface_languages": settings.LANGUAGES,
        "current_path": request.get_full_path(),
    }


@console_page
@require_GET
def home_view(request):
    language = active_language()
    return render(request, "console/search.html", {
        **shell_context(request),
        "config": console_config(language),
        "query": request.GET.get("q", "")[:200],
    })


def _query_value(request, name, pattern):
    value = request.GET.get(name, "")
    return value if pattern.fullmatch(value) else ""


@console_page
@require_GET
def answer_view(request, page_id):
    page = live_answer(page_id)
    if page is None:
        raise Http404("No published FAQ entry has this id.")
    country = _query_value(request, "country", COUNTRY_PARAM).upper()
    requested = request.GET.get("language", "")
    page, notice = answer_in_language(page, requested, request.user)
    return render(request, "console/answer.html", {
        **shell_context(request),
        **answer_context(page, country, request.user),
        "language_notice": notice,
        "content_languages": content_language_links(page, request.user, reverse("console:home") + "answer/", requested),
        "log_token": _query_value(request, "token", TOKEN_PARAM),
        "rank": _query_value(request, "rank", RANK_PARAM),
    })


def _saved(request, body, message):
    """JSON for console.js; for a plain form, back to the page it came from with a message."""
    if is_json(request):
        return JsonResponse(body, status=201)
    messages.success(request, message)
    return HttpResponseRedirect(_safe_console_url(request, request.POST.get("next")) or reverse("console:home"))


@console_api
@require_POST
def calls_view(request):
    try:
        fields = call_fields(read_payload(request, CALL_KEYS))
    except PayloadError as error:
        return json_error(400, str(error))
    record = record_call(request.user, **fields)
    label = CallOutcome(record.outcome).label
    return _saved(request, {"shift": shift_counts(request.user)}, _("Call logged: %(outcome)s.") % {"outcome": label})


@console_api
@require_GET
def shift_view(request):
    return JsonResponse(shift_counts(request.user))


@console_api
@require_GET
def language_counts_view(request):
    """How many operator results the query has in each content language, for the language facet."""
    form = SearchForm(request.GET)
    if not form.is_valid():
        return json_error(400, form.error_message())
    search_request = form.search_request(active_language())
    if not search_request.text and not search_request.filters():
        return json_error(400, "Give a query or a filter.")
    return JsonResponse({"counts": language_counts(search_request)})


@console_api
@require_POST
def report_view(request, page_id):
    page = live_answer(page_id)
    if page is None:
        return json_error(404, "No published FAQ entry has this id.")
    try:
        reason = report_reason(read_payload(request, REPORT_KEYS))
    except PayloadError as error:
        return json_error(400, str(error))
    report, created = report_entry(page, request.user, reason)
    body = {"report": report.pk, "reason": report.reason, "already_open": not created}
    return _saved(request, body, _("Thank you. Editors will check this answer (%(reason)s).") % {
        "reason": ReportReason(reason).label,
    })


def _safe_console_url(request, url):
    """``url`` when it is a path on this site inside the console, else None."""
    if not url or not url.startswith("/") or not url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return None
    try:
        match = resolve(url.split("?", 1)[0])
    except Resolver404:
        return None
    return url if match.namespace == "console" else None


@console_page
@require_POST
def language_view(request):
    """Switch the interface language, remember it, and show the same console page in it."""
    language = request.POST.get("language", "")
    if language not in language_codes():
        return HttpResponseBadRequest(_("Unknown language."))
    profile = UserProfile.get_for_user(request.user)
    profile.preferred_language = language
    profile.save(update_fields=["preferred_language"])
    current = _safe_console_url(request, request.POST.get("next"))
    target = translate_url(current, language) if current else console_home_url(language)
    response = HttpResponseRedirect(target)
    # The public site and the login page read the same cookie.
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME, language, max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH, secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY, samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response


class ConsoleJavaScriptCatalog(JavaScriptCatalog):
    """The console script's strings only: the project catalogues (LOCALE_PATHS), not every app's.

    Django's stock view either reads named apps' own locale folders, where our catalogues are not,
    or merges every installed app's JavaScript catalogue, Wagtail's admin strings included.
    """

    def get_paths(self, packages):
        return [str(path) for path in settings.LOCALE_PATHS]
