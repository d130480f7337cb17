"""``POST /api/search/opened/``: which answer a search led to.

The body names the search by the ``log_token`` the search API returned (a signed log id), never
by a raw id, so a client can mark only a search whose results it received. That is also why the
view is exempt from CSRF: a forged cross-site request has no valid token to send, and the most a
valid one can do is mark one anonymous row once within the hour. No session is read or needed,
which lets telephony and CRM integrations report too.
"""

import json

from django import forms
from django.core import signing
from django.http import HttpResponse, JsonResponse
from django.utils.cache import patch_cache_control
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from faq.numbering import ANSWER_NUMBER

from .services import MAX_RANK, log_id_from_token, record_opened


class OpenedForm(forms.Form):
    log_token = forms.CharField(max_length=200)
    answer_number = forms.RegexField(regex=ANSWER_NUMBER, max_length=12)
    rank = forms.IntegerField(required=False, min_value=1, max_value=MAX_RANK)

    def error_message(self):
        return "; ".join(f"{field}: {' '.join(messages)}" for field, messages in self.errors.items())


def _error(message):
    response = JsonResponse({"error": message}, status=400)
    patch_cache_control(response, no_store=True)
    return response


def _payload(request):
    """The submitted fields as a dict, from JSON or a form body; None when unreadable."""
    if request.content_type == "application/json":
        try:
            data = json.loads(request.body)
        except (ValueError, RecursionError):
            return None
        if not isinstance(data, dict):
            return None
        # Form fields expect text: null means absent; numbers, lists and objects become JSON text,
        # which validation then accepts (a rank of 3) or rejects (a list).
        return {key: "" if value is None else value if isinstance(value, str) else json.dumps(value)
                for key, value in data.items()}
    return request.POST.dict()


@csrf_exempt
@require_POST
def opened_view(request):
    data = _payload(request)
    if data is None:
        return _error("The body must be a JSON object or a form.")
    if "log_token" not in data and "log_id" in data:
        data["log_token"] = data["log_id"]  # the issue calls it log_id; it is the token either way
    form = OpenedForm(data)
    if not form.is_valid():
        return _error(form.error_message())
    try:
        log_id = log_id_from_token(form.cleaned_data["log_token"])
    except signing.SignatureExpired:
        return _error("log_token: this search is more than an hour old.")
    except (signing.BadSignature, ValueError):
        return _error("log_token: not a token returned by the search API.")
    if not record_opened(log_id, form.cleaned_data["answer_number"], form.cleaned_data["rank"]):
        return _error("log_token: this search is too old or already has its opened answer.")
    response = HttpResponse(status=204)
    patch_cache_control(response, no_store=True)
    return response
