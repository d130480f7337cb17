"""FAQPage structured data (schema.org JSON-LD) for entry and category pages.

Search engines show questions and answers from it. Only what the page itself shows the reader
goes in: questions and short answers of entries in the page's language (fallback entries are
another language's text), never internal notes.
"""

import json

from django.utils.html import strip_tags
from django.utils.safestring import mark_safe

# As django.utils.html.json_script escapes: the JSON sits inside a <script> element.
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def _question(entry, absolute):
    return {
        "@type": "Question",
        "name": entry.title,
        "url": absolute(entry.url),
        "acceptedAnswer": {"@type": "Answer", "text": strip_tags(entry.short_answer).strip()},
    }


def faq_page_data(entries, language, absolute):
    """The FAQPage object for ``entries`` (FaqPage instances), or None when there are none."""
    questions = [_question(entry, absolute) for entry in entries if entry.locale.language_code == language]
    if not questions:
        return None
    return {"@context": "https://schema.org", "@type": "FAQPage", "inLanguage": language, "mainEntity": questions}


def json_ld(data):
    """A <script type="application/ld+json"> element, or "" for no data."""
    if not data:
        return ""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True).translate(_SCRIPT_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{text}</script>')
