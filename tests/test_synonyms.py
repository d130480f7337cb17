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


@pytest.mark.parametrize("language, text, phrase", [
    ("ro", "Cum obțin permisul de ședere în Moldova?", "permis de ședere"),
    ("ru", "Я потерял разрешение на проживание", "разрешение на проживание"),
    ("uk", "Де отримати посвідку на проживання?", "посвідка на проживання"),
    ("en", "How do I renew my residence permits?", "residence permit"),
])
def test_a_phrase_token_marks_the_phrase_where_its_words_follow_each_other(language, text, phrase):
    from search.analysis import phrase_token, phrase_tokens, stems_text, words

    content = [word for word in words(phrase) if word not in STOP_WORDS[language]]
    token = phrase_token(content, language)
    assert token.startswith("#")
    assert token in phrase_tokens(stems_text(text, language).split(), language)
    # The same words in another order, or with another word between them, are not the phrase.
    for other in (" ".join(reversed(content)), f"{content[0]} xyz {' '.join(content[1:])}"):
        assert token not in phrase_tokens(stems_text(other, language).split(), language), other
