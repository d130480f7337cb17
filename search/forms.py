"""Validation of search input from the API and the console.

Whatever arrives (pasted text with control characters, an over-long query, a made-up filter)
becomes either a clean SearchRequest or a message for a 400 response; never an exception.
"""

import re
import unicodedata

from django import forms
from django.conf import settings
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from faq.access import public_review_cutoff
from faq.vocabulary import Audience
from search.query import (
    ALL_LANGUAGES, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, MAX_QUERY_LENGTH, OPERATOR, PUBLIC, SearchRequest,
)

MAX_PAGE = 100
CATEGORY = re.compile(r"^[a-z0-9][a-z0-9_-]*(/[a-z0-9][a-z0-9_-]*)?$")


def strip_control_characters(text):
    """Drop control and format characters (Unicode Cc, Cf) and collapse whitespace."""
    kept = "".join(
        " " if char.isspace() else "" if unicodedata.category(char) in ("Cc", "Cf") else char for char in text
    )
    return " ".join(kept.split())



def public_due_from():
    cutoff = public_review_cutoff()
    return cutoff.isoformat() if cutoff else ""


class QueryField(forms.CharField):
    """Text as typed, with control characters (NUL included) removed before any validation."""

    def to_python(self, value):
        return strip_control_characters(super().to_python(value))


class SearchForm(forms.Form):
    q = QueryField(required=False, strip=False)
    locale = forms.ChoiceField(
        required=False, choices=[*((code, name) for code, name in settings.LANGUAGES), (ALL_LANGUAGES, ALL_LANGUAGES)],
    )
    scope = forms.ChoiceField(required=False, choices=[(PUBLIC, PUBLIC), (OPERATOR, OPERATOR)])
    category = forms.CharField(required=False, max_length=170)
    country = forms.CharField(required=False, max_length=2)
    audience = forms.ChoiceField(required=False, choices=Audience.choices)
    page = forms.IntegerField(required=False, min_value=1, max_value=MAX_PAGE)
    page_size = forms.IntegerField(required=False, min_value=1, max_value=MAX_PAGE_SIZE)

    def clean_q(self):
        text = self.cleaned_data["q"]
        if len(text) > MAX_QUERY_LENGTH:
            # The noun agrees with the limit; the length is a bare number, grouped per language.
            raise forms.ValidationError(
                ngettext_lazy(
                    "The query may be at most %(limit)d character long; it has %(length)s.",
                    "The query may be at most %(limit)d characters long; it has %(length)s.",
                    "limit",
                ),
                params={"length": number_format(len(text), force_grouping=True), "limit": MAX_QUERY_LENGTH},
                code="too_long")
        return text

    def clean_category(self):
        category = (self.cleaned_data["category"] or "").strip().strip("/").lower()
        if category and not CATEGORY.match(category):
            raise forms.ValidationError(_("Unknown category: use a category slug or a 'topic/subtopic' path."), code="category")
        return category

    def clean_country(self):
        country = (self.cleaned_data["country"] or "").strip().upper()
        if country and not re.fullmatch(r"[A-Z]{2}", country):
            raise forms.ValidationError(_("Country must be a two-letter ISO code such as IT."), code="country")
        return country

    def search_request(self, default_locale):
        data = self.cleaned_data
        return SearchRequest(
            text=data["q"], locale=data["locale"] or default_locale, scope=data["scope"] or PUBLIC,
            category=data["category"], country=data["country"], audience=data["audience"] or "",
            page=data["page"] or 1, page_size=data["page_size"] or DEFAULT_PAGE_SIZE,
            due_from=public_due_from() if (data["scope"] or PUBLIC) == PUBLIC else "",
        )

    def error_message(self):
        return "; ".join(f"{field}: {' '.join(messages)}" for field, messages in self.errors.items())
