"""Answers computed from the search index, remembered by each process while the index is unchanged.

Operators type the same few thousand words all day, and each search asked the database which of
its words are known (and, for the others, which known words are near), and whether a fallback
language has any untranslated entries at all. Those answers change only when entries are
written: every write renews a generation in the shared cache (``DatabaseStore``), and a process
that sees a new generation forgets what it remembered.
"""

INDEX_GENERATION_KEY = "kb:search:index:generation"


class Remembered:
    def __init__(self, limit=50_000):
        self._values, self._generation, self.limit = {}, None, limit

    def _current(self, generation):
        if self._generation != generation or len(self._values) > self.limit:
            self._values = {}
            self._generation = generation
        return self._values

    def many(self, generation, keys, look_up):
        """{key: value} for ``keys``; ``look_up(missing keys)`` answers {key: value} for the others."""
        values = self._current(generation)
        missing = [key for key in keys if key not in values]
        if missing:
            found = look_up(missing)
            for key in missing:
                values[key] = found.get(key)
        return {key: values[key] for key in keys}

    def one(self, generation, key, compute):
        values = self._current(generation)
        if key not in values:
            values[key] = compute()
        return values[key]
