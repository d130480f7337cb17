"""Latin-typed Cyrillic: callers often type Russian or Ukrainian with a Latin keyboard.

There is no single spelling ("zhitelstvo", "jitelstvo", "jitelstvo"), so both the entry text and
the query are reduced to a *skeleton*: a lower-case Latin form in which the usual variants of
one Cyrillic letter collapse to one letter. Stores index the skeleton of Cyrillic entries and,
for a Latin query in a Cyrillic locale, match the query's skeleton against it.
"""

import re
import unicodedata

_COMMON = {
    "а": "a", "б": "b", "в": "v", "д": "d", "е": "e", "ё": "yo", "ж": "zh", "з": "z", "й": "y",
    "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t",
    "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ь": "",
    "э": "e", "ю": "yu", "я": "ya", "ы": "y", "і": "i", "ї": "yi", "є": "ye", "ґ": "g", "'": "", "’": "",
}
_BY_LANGUAGE = {
    "ru": {**_COMMON, "г": "g", "и": "i"},
    "uk": {**_COMMON, "г": "h", "и": "y"},
}
_CYRILLIC = re.compile(r"[\u0400-\u04FF]")
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_RULES = [
    (re.compile(r"shch|sch|sh|ş|ș"), "s"),
    (re.compile(r"zh"), "j"),
    (re.compile(r"ch"), "c"),
    (re.compile(r"t[sz]|ţ|ț"), "c"),
    (re.compile(r"kh"), "h"),
    (re.compile(r"[iy]+([aeuo])"), r"\1"),
    (re.compile(r"y"), "i"),
    (re.compile(r"w"), "v"),
    (re.compile(r"(.)\1+"), r"\1"),
]


def has_cyrillic(text):
    return bool(_CYRILLIC.search(text))


_RESTORED = {"и\u0306": "й", "і\u0308": "ї"}
_RESTORE = re.compile("|".join(_RESTORED))
_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


def fold(text):
    """Lower case without diacritics (ș -> s, ă -> a); Cyrillic letters are kept.

    Regular expressions over the whole text rather than a loop over characters: folding runs on
    every word of every entry at each rebuild, and the loop was a tenth of the rebuild time.
    """
    text = text.lower()
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFD", text)
    # й and ї lose their marks under NFD; put them back, they are letters of their own.
    return _COMBINING.sub("", _RESTORE.sub(lambda match: _RESTORED[match.group()], decomposed))


def to_latin(text, language):
    """Conventional Latin spelling of Cyrillic text (other characters unchanged)."""
    table = _BY_LANGUAGE.get(language, _BY_LANGUAGE["ru"])
    return "".join(table.get(char, char) for char in text.lower())


def skeleton_word(word):
    word = fold(word)
    for pattern, replacement in _RULES:
        word = pattern.sub(replacement, word)
    return word


def skeleton(text, language):
    """Space-separated skeletons of the words of ``text`` (Cyrillic or Latin)."""
    latin = to_latin(text, language)
    return " ".join(skeleton_word(word) for word in _WORD.findall(latin))
