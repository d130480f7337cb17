"""Synonym files per language (Solr equivalence format): ``a, b, c`` per line, ``#`` comments."""

from functools import lru_cache
from pathlib import Path

DIRECTORY = Path(__file__).resolve().parent


@lru_cache(maxsize=None)
def rules(language):
    path = DIRECTORY / f"{language}.txt"
    if not path.exists():
        return []
    lines = (line.split("#", 1)[0].strip() for line in path.read_text(encoding="utf-8").splitlines())
    return [line for line in lines if line]


def groups(language):
    return [[term.strip() for term in rule.split(",") if term.strip()] for rule in rules(language)]
