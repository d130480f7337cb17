"""``{% faq_structured_data %}``: JSON-LD for the entry or the category listing being shown."""

from django import template

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
