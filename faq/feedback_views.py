"""``POST /<language>/feedback/<page_id>/``: a reader's "Was this helpful?" vote (faq/feedback.py).

There is no CSRF token in the form, on purpose: entry pages are served to every anonymous reader
from one cached copy, and a token (with its cookie) would make each page private to one visitor.
CSRF protection guards a signed-in session; a vote reads no session, names no one and only adds
to a count that the rate limit bounds. What is left is a foreign site making its visitors'
browsers vote; browsers name the page's origin on every cross-site POST (``Origin``, and
``Sec-Fetch-Site`` in current ones), so such votes are refused.

The form works without JavaScript (a 303 back to the entry, whose template shows the outcome
from ``?feedback=``); kb/static/kb/feedback.js asks for JSON instead and shows the message in place.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import Http404, HttpResponse, HttpResponseRedirect, JsonResponse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from .access import visible_entries
from .feedback import VoteOutcome, VoteProblem, client_key, record_vote, vote_problem
from .models import FaqPage

# What the entry page reads from ``?feedback=`` after a vote without JavaScript.
RESULT_PARAMETER = {
    VoteOutcome.RECORDED: "thanks",
    VoteOutcome.DUPLICATE: "already",
    VoteOutcome.RATE_LIMITED: "limit",
}
STATUS_CODE = {
    VoteOutcome.RECORDED: 200,
    VoteOutcome.DUPLICATE: 200,
    VoteOutcome.RATE_LIMITED: 429,
    VoteOutcome.INVALID: 400,
}


def outcome_message(outcome):
    return {
        VoteOutcome.RECORDED: _("Thank you for your feedback."),
        VoteOutcome.DUPLICATE: _("Thank you. Your feedback on this answer was already counted today."),
        VoteOutcome.RATE_LIMITED: _(
            "Thank you. You have sent a lot of feedback in a short time, so this answer was not counted."
            " Please try again later."
        ),
    }[outcome]


def problem_message(problem):
    return {
        VoteProblem.REASON_REQUIRED: _("Please choose what was wrong with this answer, then press No."),
        VoteProblem.REASON_UNKNOWN: _("Please choose one of the reasons in the list."),
        VoteProblem.REASON_NOT_ALLOWED: _("Please choose one of the reasons in the list."),
        None: _("Please answer yes or no."),
    }[problem]


def _wants_json(request):
    return "application/json" in request.headers.get("Accept", "")


def _from_another_site(request):
    """True when the browser says the form was posted from another site's page."""
    if request.headers.get("Sec-Fetch-Site", "") == "cross-site":
        return True
    origin = request.headers.get("Origin")
    if origin is None:
        return False  # older browsers and non-browser clients; the rate limit still applies
    origin = origin.lower()
    return origin != f"{request.scheme}://{request.get_host()}".lower() and origin not in settings.CSRF_TRUSTED_ORIGINS


def _public_entry(page_id):
    """The live entry any anonymous reader may see, or 404: a vote must not reveal that an
    operator-only or unpublished entry exists."""
    entry = visible_entries(FaqPage.objects.filter(pk=page_id), AnonymousUser()).public().first()
    if entry is None:
        raise Http404("No public entry here.")
    return entry


def _return_path(request, entry):
    """Where the reader came from (the form's ``next``, a path on this site) or the entry itself;
    an entry read in a fallback language is shown under the reader's language prefix."""
    target = request.POST.get("next", "")
    if target.startswith("/") and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        path = urlsplit(target).path
        if path.startswith("/") and not path.startswith("//") and "\\" not in path:
            return path
    return entry.get_url(request)


def _answer(request, entry, status, message, code):
    if _wants_json(request):
        return JsonResponse({"status": status, "message": message}, status=code)
    if status in RESULT_PARAMETER:
        response = HttpResponseRedirect(f"{_return_path(request, entry)}?feedback={RESULT_PARAMETER[status]}#feedback")
        response.status_code = 303
        return response
    return HttpResponse(message, status=code, content_type="text/plain; charset=utf-8")


@csrf_exempt
@never_cache
@require_POST
def vote(request, page_id):
    if _from_another_site(request):
        message = _("Feedback can only be sent from this website.")
        if _wants_json(request):
            return JsonResponse({"status": "forbidden", "message": message}, status=403)
        return HttpResponse(message, status=403, content_type="text/plain; charset=utf-8")
    entry = _public_entry(page_id)
    answer = request.POST.get("helpful", "")
    if answer not in ("yes", "no"):
        return _answer(request, entry, VoteOutcome.INVALID, problem_message(None), 400)
    helpful = answer == "yes"
    # The reasons sit in the same form as both buttons, so a "yes" may arrive with a reason
    # ticked before the reader changed their mind: a yes never carries one.
    reason = "" if helpful else request.POST.get("reason", "")
    problem = vote_problem(helpful, reason)
    if problem == VoteProblem.REASON_REQUIRED and not _wants_json(request):
        # Without JavaScript the reader pressed No before choosing a reason: back to the form.
        response = HttpResponseRedirect(f"{_return_path(request, entry)}?feedback=reason#feedback")
        response.status_code = 303
        return response
    if problem is not None:
        return _answer(request, entry, VoteOutcome.INVALID, problem_message(problem), 400)
    outcome = record_vote(entry, helpful, reason, client_key(request))
    return _answer(request, entry, outcome, outcome_message(outcome), STATUS_CODE[outcome])
