"""Language analysis for the database store: folding, stop words, stems and the query plan.

PostgreSQL stems with its own text search configurations; these functions decide *which* words a
query asks for (synonyms from search/synonyms, typo corrections, Latin-typed Cyrillic) so that
PostgreSQL and SQLite answer the same plan, and give SQLite the stems it cannot compute.
"""

import re
from dataclasses import dataclass, field
from functools import lru_cache

import snowballstemmer

from search import synonyms
from search.transliteration import fold, has_cyrillic, skeleton_word, to_latin

CYRILLIC_LOCALES = ("ru", "uk")
_WORD = re.compile(r"[^\W_]+")
_SNOWBALL = {"ro": "romanian", "ru": "russian", "en": "english"}

# Words too common to find anything; folded. PostgreSQL's configurations have their own lists.
STOP_WORDS = {
    "ro": set("a al ale am ar as au ca care ce cel cea cei cele cu cum de din dupa e este eu fi in "
              "il ii la le lor mai ma mea meu mi ne nu o pe pentru pot poti prin sa se si sau sunt "
              "te tu un una unei unui va vreau vor ati aveti avem am".split()),
    "ru": set("а в во да для до же за и из или как к ко ли мне мы на не нет но о об от по при с со "
              "так то у уже чем что это я меня мой моя если есть можно ли ты вы он она они их".split()),
    "uk": set("а в во да для до же за і й и з зі із або як к ли мені ми на не немає але о об від по при "
              "с так то у уже чим що це я мене мій моя якщо є можна ти ви він вона вони їх чи".split()),
    "en": set("a an and are as at be by can do does for from how i if in is it me my of on or so "
              "the to what when where who will with you your".split()),
}

# Ukrainian has no Snowball stemmer: strip the commonest inflection endings, longest first.
_UK_ENDINGS = sorted(
    "ами ями ого ому ими іми ові еві ої ою єю ах ях ам ям ов ів ий ій ей ої ом ем им ім "
    "ти ть ся ва а я о е є и і ї у ю".split(),
    key=len, reverse=True,
)


def words(text):
    """Folded words of ``text`` (lower case, no diacritics; й and ї kept)."""
    return _WORD.findall(fold(text))


def ukrainian_stem(word):
    for ending in _UK_ENDINGS:
        if len(word) - len(ending) >= 3 and word.endswith(ending):
            return word[: -len(ending)]
    return word


@lru_cache(maxsize=None)
def _stemmer(language):
    return snowballstemmer.stemmer(_SNOWBALL[language]) if language in _SNOWBALL else None


@lru_cache(maxsize=200_000)
def stem(word, language):
    """Cached: a rebuild stems every word of 20,000 entries from a vocabulary of a few thousand."""
    if language == "uk":
        return ukrainian_stem(word)
    stemmer = _stemmer(language)
    return stemmer.stemWord(word) if stemmer else word


def is_stop_word(word, language):
    return word in STOP_WORDS.get(language, ())


def stems_text(text, language):
    """The stems of the searchable words of ``text``, for SQLite's ``stems`` column."""
    return " ".join(stem(word, language) for word in words(text) if not is_stop_word(word, language))


def translit_text(text, language):
    """Latin skeletons of the Cyrillic words of ``text``; empty for Latin-script locales."""
    if language not in CYRILLIC_LOCALES:
        return ""
    return " ".join(skeleton_word(word) for word in _WORD.findall(to_latin(fold(text), language)))


def edit_distance(a, b, limit=3):
    """Damerau-Levenshtein distance (adjacent swaps count once), stopping early past ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2, previous = None, list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, char_b in enumerate(b, 1):
            cost = char_a != char_b
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and char_a == b[j - 2] and a[i - 2] == char_b:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


def allowed_typos(word):
    """One typo in a word of 4-7 letters, two from 8; none in shorter words (too many false friends)."""
    return 0 if len(word) < 4 else 1 if len(word) < 8 else 2


@dataclass
class Alternative:
    """One way a query word can match: ``words`` all present (a phrase synonym has several)."""

    words: tuple
    prefix: bool = False
    translit: bool = False  # matches the Latin skeleton of Cyrillic text
    kind: str = "word"  # word | synonym | correction | translit
    # A synonym of several words, stop words included, matched as a phrase: "permis de
    # rezidență" must not match an entry that says "permis" in one place and "rezidență" in another.
    phrase: tuple = ()


@dataclass
class Group:
    """A query word and everything that may stand for it; a document matches the group if any does."""

    token: str
    alternatives: list = field(default_factory=list)

    def add(self, alternative):
        if alternative not in self.alternatives:
            self.alternatives.append(alternative)


@dataclass
class QueryPlan:
    language: str
    groups: list

    @property
    def empty(self):
        return not self.groups

    def tokens(self):
        return [group.token for group in self.groups]


@lru_cache(maxsize=8)
def synonym_index(language):
    """Folded synonym term (one word or a phrase, as a tuple of words) -> every term of its groups."""
    index = {}
    for group in synonyms.groups(language):
        terms = [tuple(words(term)) for term in group]
        terms = [term for term in terms if term]
        for term in terms:
            index.setdefault(term, set()).update(other for other in terms if other != term)
    return index


# Lexemes that stand for a synonym phrase (PostgreSQL's store): the parser never makes a "#".
PHRASE_MARK = "#"


def phrase_token(content_words, language):
    """The lexeme of a synonym phrase, from its folded content words (stop words left out)."""
    return PHRASE_MARK + "_".join(stem(word, language) for word in content_words)


@lru_cache(maxsize=8)
def _phrases_by_first_stem(language):
    found = {}
    for term in synonym_index(language):
        content = tuple(word for word in term if not is_stop_word(word, language))
        if len(content) > 1:
            stems = tuple(stem(word, language) for word in content)
            found.setdefault(stems[0], set()).add(stems)
    return found


def phrase_tokens(stems, language):
    """The tokens of the synonym phrases that occur in ``stems`` (content-word stems, in order).

    PostgreSQL's store adds them to an entry's vectors, so that a synonym phrase is matched by
    one lexeme from the GIN index. A phrase operator instead marks every entry with all its
    words for a recheck that reads the entry's whole vector: one question with "вид на
    жительство" spent 20 ms there.
    """
    by_first = _phrases_by_first_stem(language)
    found = set()
    for start, first in enumerate(stems):
        for phrase in by_first.get(first, ()):
            if tuple(stems[start:start + len(phrase)]) == phrase:
                found.add(PHRASE_MARK + "_".join(phrase))
    return found


def build_plan(text, language, corrector=None):
    """The query plan of ``text`` in ``language``.

    ``corrector(tokens, translit=False)`` returns {token: [known words]} for tokens that are not
    words of the locale (typos); stores supply it from their dictionary of indexed words.
    """
    typed = words(text)
    tokens = [word for word in typed if not is_stop_word(word, language)]
    if not tokens:
        # A query made only of stop words still means something ("ce e asta"): keep it.
        tokens = typed
    tokens = list(dict.fromkeys(tokens))[:12]
    latin_in_cyrillic = language in CYRILLIC_LOCALES and not has_cyrillic(text)
    groups = []
    for position, token in enumerate(tokens):
        group = Group(token)
        prefix = len(token) >= 3 or position == len(tokens) - 1
        group.add(Alternative((token,), prefix=prefix))
        if latin_in_cyrillic and token.isalpha():
            group.add(Alternative((skeleton_word(token),), prefix=prefix, translit=True, kind="translit"))
        groups.append(group)
    _add_synonyms(groups, typed, language)
    if corrector:
        _add_corrections(groups, corrector, latin_in_cyrillic)
    return QueryPlan(language, groups)


def _add_synonyms(groups, typed, language):
    """Synonyms of every run of typed words (stop words included: "permis de ședere")."""
    index = synonym_index(language)
    if not index:
        return
    by_token = {group.token: group for group in groups}
    longest = max(len(term) for term in index)
    for start in range(len(typed)):
        for size in range(min(longest, len(typed) - start), 0, -1):
            span = typed[start:start + size]
            for other in sorted(index.get(tuple(span), ())):
                content = tuple(word for word in other if not is_stop_word(word, language)) or other
                phrase = other if len(content) > 1 else ()
                for word in span:
                    if word in by_token:
                        by_token[word].add(Alternative(content, kind="synonym", phrase=phrase))


def _add_corrections(groups, corrector, latin_in_cyrillic):
    candidates = [group.token for group in groups if allowed_typos(group.token) and not group.token.isdigit()]
    for token, known in corrector(candidates, translit=False).items():
        group = next(group for group in groups if group.token == token)
        for word in known:
            group.add(Alternative((word,), kind="correction"))
    if latin_in_cyrillic:
        skeletons = {skeleton_word(token): token for token in candidates if token.isalpha()}
        for skeleton, known in corrector(list(skeletons), translit=True).items():
            group = next(group for group in groups if group.token == skeletons[skeleton])
            for word in known:
                group.add(Alternative((word,), translit=True, kind="correction"))


def best_corrections(token, candidates, limit=3):
    """The closest known words to a misspelt ``token``, within its allowed number of typos."""
    allowed = allowed_typos(token)
    scored = sorted(
        (distance, word) for word in set(candidates)
        if word != token and (distance := edit_distance(token, word, allowed)) <= allowed
    )
    return [word for _, word in scored[:limit]]
