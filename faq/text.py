"""How list-like text fields are written: phrasings one per line, keywords comma-separated.

Shared by the page model, the import/export formats and the search document.
"""


def split_lines(text):
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def split_keywords(text):
    return [word.strip() for word in (text or "").split(",") if word.strip()]
