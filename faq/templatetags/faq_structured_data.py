"""What search engines read in a page's head: ``{% faq_structured_data %}`` (JSON-LD for the
entry or the category listing shown) and ``{% meta_description %}``."""

from django import template
from django.utils.text import Truncator

from ..structured_data import faq_page_data, json_ld

register = template.Library()


@register.simple_tag(takes_context=True)
def faq_structured_data(context):
    request = context.get("request")
    if request is None:
        return ""
    listed = context.get("entries")
    if listed is not None:  # a category listing: ListedEntry items
        entries, language = [item.page for item in listed if not item.fallback_language], context["page"].locale.language_code
    else:
        page = context["page"]
        entries, language = [page], page.locale.language_code
    return json_ld(faq_page_data(entries, language, request.build_absolute_uri))


# Search engines show about this much of a description.
DESCRIPTION_LENGTH = 160


@register.simple_tag(takes_context=True)
def meta_description(context):
    """The page's own summary: the editor's search description, else the entry's short answer,
    the fact sheet's summary or the section's introduction; a category listing names its first
    questions. Empty when the page has nothing that describes it."""
    page = context.get("page")
    category = context.get("category")
    if category is not None and context.get("entries"):
        text = f"{category.name}: " + "; ".join(item.title for item in context["entries"][:5])
    else:
        text = next((value for name in ("search_description", "short_answer", "summary", "intro")
                     if (value := getattr(page, name, ""))), "")
    return Truncator(" ".join(str(text).split())).chars(DESCRIPTION_LENGTH)
