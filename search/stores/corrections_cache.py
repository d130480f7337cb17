"""Typo corrections remembered by each process while the dictionary of indexed words is unchanged.

Operators type the same few thousand words all day, and every search asked the database which
of its words are known and, for the others, which known words are near. The answers depend
only on the dictionary (``SearchTerm``), which changes when entries are written: writing renews
a generation in the shared cache (``DatabaseStore``), and a process that sees a new generation
forgets everything it remembered.
"""

TERMS_GENERATION_KEY = "kb:search:terms:generation"
LIMIT = 50_000  # remembered tokens per process; past it, start again

_remembered = {}
_generation = [None]


def corrections(generation, dictionary, tokens, look_up):
    """``look_up(tokens)`` answers {token: [corrections]} for the tokens not remembered yet."""
    if _generation[0] != generation or len(_remembered) > LIMIT:
        _remembered.clear()
        _generation[0] = generation
    missing = [token for token in tokens if (dictionary, token) not in _remembered]
    if missing:
        found = look_up(missing)
        for token in missing:
            _remembered[(dictionary, token)] = found.get(token, [])
    return {token: _remembered[(dictionary, token)] for token in tokens if _remembered[(dictionary, token)]}
