"""A reproducible operator query mix built from the hand-written demo entries.

Operators type a question word by word (prefixes), paste or say whole questions, mistype, and
narrow with filters; the mix has all four, in every language, drawn with a fixed seed.
"""

import json
import random
import re
from pathlib import Path

CONTENT = Path(__file__).resolve().parent.parent / "faq" / "demo" / "content"
LANGUAGES = ("ro", "ru", "uk", "en")
SHARES = {"prefix": 0.4, "question": 0.25, "typo": 0.2, "filtered": 0.15}


def demo_entries():
    entries = []
    for path in sorted(CONTENT.glob("entries_*.json")):
        entries.extend(json.loads(path.read_text(encoding="utf-8")))
    return [entry for entry in entries if entry.get("visibility") == "public"]


def _prefixes(question):
    """What the search box holds while the question is typed: after 1, 2, 3... words, mid-word."""
    words = re.findall(r"\w+", question)
    typed = []
    for count in range(1, min(len(words), 5) + 1):
        partial = words[count - 1]
        typed.append(" ".join(words[:count - 1] + [partial[: max(3, len(partial) // 2 + 1)]]))
    return typed


def _typo(text, rng):
    words = re.findall(r"\w+", text)
    longest = max(words, key=len)
    if len(longest) < 4:
        return text
    i = rng.randrange(1, len(longest) - 2)
    swapped = longest[:i] + longest[i + 1] + longest[i] + longest[i + 2:]
    return text.replace(longest, swapped, 1)


def query_mix(size=400, seed=2026):
    rng = random.Random(seed)
    entries = demo_entries()
    mix = []
    for kind, share in SHARES.items():
        for _ in range(round(size * share)):
            entry = rng.choice(entries)
            language = rng.choice(LANGUAGES)
            text = entry[language]
            params = {"locale": language}
            if kind == "prefix":
                params["q"] = rng.choice(_prefixes(text["question"]))
            elif kind == "question":
                params["q"] = text["question"]
            elif kind == "typo":
                params["q"] = _typo(rng.choice([text["question"], *text.get("phrasings", [])]), rng)
            else:
                params["q"] = rng.choice(text.get("keywords") or [text["question"]])
                params["category"] = entry["category"].split("/")[0]
                if entry.get("countries"):
                    params["country"] = rng.choice(entry["countries"])
            mix.append((kind, params))
    rng.shuffle(mix)
    return mix
