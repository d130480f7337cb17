"""Reading and checking what the console posts: only known keys, only codes and ids.

Strict on purpose: the call log promises "no free text", so a key we do not know, or a text where
a code belongs, is refused rather than ignored or truncated. Bodies come as JSON from console.js or
as a plain form when a browser runs without it.
"""

import json
import re

from django.http.multipartparser import MultiPartParserError

from faq.models import Category, Country, Organisation
from kb.languages import language_codes

from .models import CallOutcome, ReportReason
from .services import live_answer

CALL_KEYS = frozenset({"outcome", "entry", "organisation", "category", "country", "language"})
REPORT_KEYS = frozenset({"reason"})
# A form post carries these besides its fields; JSON bodies may not.
FORM_EXTRA_KEYS = frozenset({"csrfmiddlewaretoken", "next"})
COUNTRY_CODE = re.compile(r"^[A-Z]{2}$")
SLUG = re.compile(r"^[a-z0-9-]{1,80}$")


class PayloadError(ValueError):
    """The message is returned to the client as ``{"error": ...}``."""


def is_json(request):
    return request.content_type == "application/json"


def read_payload(request, allowed):
    """The body as a dict with keys from ``allowed`` only; raises PayloadError otherwise."""
    if is_json(request):
        try:
            data = json.loads(request.body)
        except (ValueError, RecursionError):
            raise PayloadError("The body is not valid JSON.") from None
        if not isinstance(data, dict):
            raise PayloadError("The body must be a JSON object.")
    else:
        try:
            data = {key: value for key, value in request.POST.items() if key not in FORM_EXTRA_KEYS}
        except MultiPartParserError:
            raise PayloadError("The form body could not be read.") from None
    unknown = sorted(set(data) - allowed)
    if unknown:
        raise PayloadError(f"Unknown keys: {', '.join(unknown)[:200]}.")
    return data


def _text(data, key):
    value = data.get(key)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise PayloadError(f"{key}: must be a string.")
    return value.strip()


def _identifier(data, key):
    """An id as a JSON integer or, from a form, a string of digits; None when absent."""
    value = data.get(key)
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise PayloadError(f"{key}: must be an id or null.")
    if isinstance(value, str) and value.isascii() and value.isdigit() and len(value) <= 18:
        value = int(value)
    if not isinstance(value, int) or value < 1:
        raise PayloadError(f"{key}: must be an id or null.")
    return value


def _choice(data, key, choices):
    value = _text(data, key)
    if value not in choices:
        raise PayloadError(f"{key}: must be one of {', '.join(choices)}.")
    return value


def call_fields(data):
    """The keyword arguments of :func:`console.services.record_call` from a checked body."""
    outcome = _choice(data, "outcome", CallOutcome.values)
    entry = organisation = None
    if (entry_id := _identifier(data, "entry")) is not None:
        entry = live_answer(entry_id)
        if entry is None:
            raise PayloadError("entry: no published entry has this id.")
    if (organisation_id := _identifier(data, "organisation")) is not None:
        organisation = Organisation.objects.select_related("locale").filter(pk=organisation_id).first()
        if organisation is None:
            raise PayloadError("organisation: no organisation has this id.")
    category = _text(data, "category")
    if category and not (SLUG.fullmatch(category) and Category.objects.filter(slug=category, parent=None).exists()):
        raise PayloadError("category: must be the slug of a top-level category.")
    country = _text(data, "country").upper()
    if country and not (COUNTRY_CODE.fullmatch(country) and Country.objects.filter(code=country).exists()):
        raise PayloadError("country: must be an ISO 3166-1 alpha-2 code.")
    language = _text(data, "language")
    if language and language not in language_codes():
        raise PayloadError(f"language: must be one of {', '.join(language_codes())}.")
    if outcome == CallOutcome.ANSWERED and entry is None:
        raise PayloadError("entry: an answered call names the entry it was answered with.")
    return {
        "outcome": outcome, "entry": entry, "organisation": organisation,
        "category": category, "country": country, "language": language,
    }


def report_reason(data):
    return _choice(data, "reason", ReportReason.values)
