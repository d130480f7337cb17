"""Stable answer numbers (``A-0142``) that operators can read out on the phone.

A number belongs to an entry and all its translations (they share ``translation_key``), so a
caller told "answer A-0142" can be helped in any language.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

ANSWER_NUMBER = re.compile(r"^A-(\d{4,6})$")


def format_answer_number(value):
    return f"A-{value:04d}"


def parse_answer_number(text):
    match = ANSWER_NUMBER.match(text or "")
    if not match:
        raise ValueError(f"not an answer number: {text!r} (expected A-0001)")
    return int(match.group(1))


def next_answer_number():
    from .models import FaqPage

    numbers = [parse_answer_number(n) for n in FaqPage.objects.exclude(answer_number="").values_list("answer_number", flat=True)]
    return format_answer_number(max(numbers, default=0) + 1)


def assign_answer_number(entry):
    """Give a new entry its number: its source's number for a translation, else the next free one."""
    if entry.answer_number:
        return
    from .models import FaqPage

    sibling = (
        FaqPage.objects.filter(translation_key=entry.translation_key)
        .exclude(answer_number="")
        .values_list("answer_number", flat=True)
        .first()
    )
    entry.answer_number = sibling or next_answer_number()


def check_answer_number_free(entry):
    """An answer number may be shared only by translations of the same entry."""
    from .models import FaqPage

    clash = (
        FaqPage.objects.filter(answer_number=entry.answer_number)
        .exclude(translation_key=entry.translation_key)
        .exists()
    )
    if entry.answer_number and clash:
        raise ValidationError(_("Answer number %(number)s belongs to another entry.") % {"number": entry.answer_number})
