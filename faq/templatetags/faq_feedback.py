"""``{% feedback_reasons as reasons %}``: the reasons a reader may give for "no", from the vocabulary."""

from django import template

from ..vocabulary import FeedbackReason

register = template.Library()


@register.simple_tag
def feedback_reasons():
    return FeedbackReason.choices
