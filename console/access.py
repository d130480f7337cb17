"""Who may use the console, and how every console view says no.

The console shows operator-only entries and internal notes, so it asks the same question as the
public site does for that content (faq.access). Pages send anonymous visitors to log in; the JSON
endpoints answer 401/403 in JSON instead, because a script cannot follow a login form.
"""

from functools import wraps

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers, patch_cache_control

from faq.access import can_see_internal

VIEW_CALL_REPORTS = "console.view_call_reports"
RESOLVE_ENTRY_REPORTS = "console.resolve_entry_reports"


def can_use_console(user):
    """Active and allowed to read internal content: Operators, Editors, Reviewers, Administrators."""
    return can_see_internal(user)


def _private(response):
    # Internal notes and shift counts must not be kept by a shared browser or a proxy.
    add_never_cache_headers(response)
    patch_cache_control(response, private=True)
    return response


def console_page(view):
    """A console page: login first, a 403 page without the permission, never cached."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
        if not can_use_console(request.user):
            return _private(render(request, "console/403.html", status=403))
        return _private(view(request, *args, **kwargs))

    return wrapper


def json_error(status, message):
    return _private(JsonResponse({"error": message}, status=status))


def console_api(view):
    """A console JSON endpoint: 401 for anonymous, 403 without the permission, never cached."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return json_error(401, "Sign in to use the console.")
        if not can_use_console(request.user):
            return json_error(403, "Your account may not use the console.")
        return _private(view(request, *args, **kwargs))

    return wrapper
