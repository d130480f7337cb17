"""StreamField blocks for full answers and fact-sheet sections."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from .vocabulary import CalloutTone, FactSheetSection, SourceType

RICH_TEXT_FEATURES = ["bold", "italic", "link", "ol", "ul"]


class ContactBlock(blocks.StructBlock):
    name = blocks.CharBlock(label=_("name"))
    phone = blocks.CharBlock(label=_("phone"), required=False)
    email = blocks.EmailBlock(label=_("e-mail"), required=False)
    website = blocks.URLBlock(label=_("website"), required=False)
    hours = blocks.CharBlock(label=_("opening hours"), required=False)

    class Meta:
        icon = "user"
        label = _("Contact")
        template = "faq/blocks/contact.html"


class LinkBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("title"))
    url = blocks.URLBlock(label=_("address"))

    class Meta:
        icon = "link"
        label = _("Link")
        template = "faq/blocks/link.html"


class CalloutBlock(blocks.StructBlock):
    tone = blocks.ChoiceBlock(choices=CalloutTone.choices, default=CalloutTone.INFO, label=_("tone"))
    text = blocks.TextBlock(label=_("text"))

    class Meta:
        icon = "warning"
        label = _("Callout")
        template = "faq/blocks/callout.html"


class AnswerBlock(blocks.StreamBlock):
    text = blocks.RichTextBlock(features=RICH_TEXT_FEATURES, label=_("Text"), template="faq/blocks/text.html")
    steps = blocks.ListBlock(blocks.TextBlock(label=_("step")), label=_("Steps"), template="faq/blocks/steps.html")
    contact = ContactBlock()
    link = LinkBlock()
    callout = CalloutBlock()


class SourceBlock(blocks.StructBlock):
    """A cited source inside a fact-sheet section; same fields as an entry's Source."""

    title = blocks.CharBlock(label=_("title"))
    url = blocks.URLBlock(label=_("address"))
    authority = blocks.CharBlock(label=_("issuing authority"))
    source_type = blocks.ChoiceBlock(choices=SourceType.choices, default=SourceType.OFFICIAL, label=_("type"))
    last_verified_on = blocks.DateBlock(label=_("last verified on"))
    verified_by = blocks.CharBlock(label=_("verified by"), required=False)
    review_interval_days = blocks.IntegerBlock(label=_("review interval (days)"), required=False, min_value=1)

    class Meta:
        icon = "doc-full"


class FactSheetSectionBlock(blocks.StructBlock):
    kind = blocks.ChoiceBlock(choices=FactSheetSection.choices, label=_("section"))
    body = blocks.RichTextBlock(features=RICH_TEXT_FEATURES, label=_("text"))
    sources = blocks.ListBlock(SourceBlock(), label=_("sources"))

    class Meta:
        icon = "list-ul"
        label = _("Section")
        template = "faq/blocks/fact_sheet_section.html"

    def get_context(self, value, parent_context=None):
        from .verification import fact_sheet_review_days, review_due, section_source_reviews

        context = super().get_context(value, parent_context)
        context["kind_label"] = FactSheetSection(value["kind"]).label if value["kind"] else ""
        context["review_due"] = review_due(section_source_reviews(value), fact_sheet_review_days())
        return context


class FactSheetBlock(blocks.StreamBlock):
    section = FactSheetSectionBlock()


def plain_blocks(stream_value):
    """Answer content as ``[{"type", "value"}]``: no block ids, steps as strings, every contact key.

    List items are stored either as plain strings or as ``{"type": "item", ...}`` dicts,
    depending on how the page was written; readers should not have to care.
    """
    result = []
    for block in stream_value.raw_data:
        value = block["value"]
        if block["type"] == "steps":
            value = [item["value"] if isinstance(item, dict) else item for item in value]
        elif block["type"] == "contact":
            value = {name: value.get(name) or "" for name in ContactBlock.base_blocks}
        result.append({"type": block["type"], "value": value})
    return result
