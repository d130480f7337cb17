"""The synonym files: Solr equivalence lines both search stores can read and apply."""

import re

import pytest

from search import synonyms
from search.analysis import STOP_WORDS
from search.transliteration import fold

pytestmark = pytest.mark.smoke

LANGUAGES = ("ro", "ru", "uk", "en")


def normalised(term):
    """A term as the analyzers see it before the synonym filter: lower case, folded, single spaces."""
    return " ".join(re.findall(r"[^\W_]+(?:'[^\W_]+)*", fold(term.replace("’", "'"))))


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_language_has_between_30_and_60_groups(language):
    assert 30 <= len(synonyms.groups(language)) <= 60


@pytest.mark.parametrize("language", LANGUAGES)
def test_rules_are_the_non_comment_lines_and_groups_split_them(language):
    text = (synonyms.DIRECTORY / f"{language}.txt").read_text(encoding="utf-8")
    lines = [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    assert synonyms.rules(language) == lines
    assert synonyms.groups(language) == [[term.strip() for term in line.split(",")] for line in lines]


@pytest.mark.parametrize("language", LANGUAGES)
def test_rules_are_equivalences_only(language):
    for rule in synonyms.rules(language):
        assert "=>" not in rule, rule
        assert "#" not in rule, rule


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_group_has_at_least_two_distinct_terms(language):
    for group in synonyms.groups(language):
        folded = [normalised(term) for term in group]
        assert len(group) >= 2, group
        assert len(set(folded)) == len(folded), group


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_term_is_in_two_groups(language):
    seen = {}
    for number, group in enumerate(synonyms.groups(language)):
        for term in group:
            key = normalised(term)
            assert seen.setdefault(key, number) == number, f"{term!r} is in two groups"


@pytest.mark.parametrize("language", LANGUAGES)
def test_terms_are_lower_case_and_never_only_stop_words(language):
    for group in synonyms.groups(language):
        for term in group:
            assert term == term.lower(), term
            words = normalised(term).split()
            assert words, term
            assert not all(word in STOP_WORDS[language] for word in words), term


def test_russian_terms_write_yo_as_ye():
    # The Russian analyzers map ё to е before anything else; a rule with ё would never match.
    assert not any("ё" in rule for rule in synonyms.rules("ru"))


@pytest.mark.parametrize(("language", "term", "synonym"), [
    ("ro", "permis de ședere", "carte de rezidență"),
    ("ro", "angajator", "patron"),
    ("ru", "вид на жительство", "внж"),
    ("uk", "посвідка на проживання", "дозвіл на проживання"),
    ("en", "residence permit", "residence card"),
])
def test_domain_synonyms_are_grouped(language, term, synonym):
    assert any(term in group and synonym in group for group in synonyms.groups(language))


def test_a_language_without_a_file_has_no_synonyms():
    assert synonyms.rules("xx") == []
    assert synonyms.groups("xx") == []
