"""Masking of personal data in queries before anything is stored.

Operators sometimes type a caller's phone number, IDNP or e-mail address into the search box.
The hotline promises anonymity, so the log keeps "#" for every run of digits and "[email]" for
every e-mail address; the original text never reaches the database.
"""

import re
import unicodedata

DIGITS_MASK = "#"
EMAIL_MASK = "[email]"
MAX_MASKED_LENGTH = 200

# Characters that cannot belong to an address; trailing punctuation is left to the sentence.
_ADDRESS_CHAR = r"[^\s@<>()\[\],;:\"']"
EMAIL = re.compile(rf"{_ADDRESS_CHAR}+@{_ADDRESS_CHAR}*[^\s@<>()\[\],;:\"'.!?]")
# One run: digits joined by up to three separators (spaces, dashes, dots, slashes, plus signs),
# with an optional leading "+", so "+373 69 123-456" becomes a single mask. \d matches every
# Unicode digit, so Arabic-Indic or full-width digits are masked too.
DIGIT_RUN = re.compile(r"\+?\d(?:[\s.\-\u2010-\u2015/+]{0,3}\d)*")


def mask_personal_data(text):
    """``text`` with e-mail addresses and digit runs masked, capped at 200 characters."""
    masked = EMAIL.sub(EMAIL_MASK, text or "")
    masked = DIGIT_RUN.sub(DIGITS_MASK, masked)
    return masked[:MAX_MASKED_LENGTH]


def normalise_query(masked_text):
    """The grouping key of a masked query: one Unicode form, lower case, single spaces."""
    return " ".join(unicodedata.normalize("NFC", masked_text).lower().split())[:MAX_MASKED_LENGTH]
