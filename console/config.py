"""The JSON configuration the search page hands to console.js.

The search API returns codes (category slugs, ISO codes, audience codes); the script shows them
with these labels, translated into the interface language on the server, so console.js needs no
catalogue of domain names of its own.
"""

from django.conf import settings
from django.urls import reverse
from django.utils.translation import get_language_info

from faq.models import Category, Country, FaqPage
from faq.vocabulary import Audience, VerificationStatus

from .models import CallOutcome, ReportReason


def language_label(code):
    info = get_language_info(code)
    return str(info["name_translated"])


def category_labels(language):
    """Top-level categories (the search facet) by slug, named in ``language``."""
    rows = Category.objects.filter(locale__language_code=language, parent=None).order_by("sort_order", "path")
    return {slug: name for slug, name in rows.values_list("slug", "name")}


def country_labels(language):
    """Countries that some entry names, by ISO code, named in ``language``."""
    used = FaqPage.countries.through.objects.values_list("country__code", flat=True).distinct()
    rows = Country.objects.filter(locale__language_code=language, code__in=used).order_by("name")
    return {code: name for code, name in rows.values_list("code", "name")}


def console_config(language):
    """Everything console.js needs; ``language`` is the interface language (URL prefix)."""
    codes = [code for code, _name in settings.LANGUAGES]
    return {
        "api": reverse("search:api"),
        "opened": reverse("search_analytics:opened"),
        "calls": reverse("console:calls"),
        "shift": reverse("console:shift"),
        "language_counts": reverse("console:language_counts"),
        "answer_base": reverse("console:home") + "answer/",
        "language": language,
        "locales": codes,
        "labels": {
            "categories": category_labels(language),
            "countries": country_labels(language),
            "audiences": {code: str(label) for code, label in Audience.choices},
            "statuses": {code: str(label) for code, label in VerificationStatus.choices},
            "locales": {code: language_label(code) for code in codes},
            "outcomes": {code: str(label) for code, label in CallOutcome.choices},
            "reasons": {code: str(label) for code, label in ReportReason.choices},
        },
    }
