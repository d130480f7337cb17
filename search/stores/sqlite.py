"""SQLite FTS5 for the database store on the embedded demo default.

FTS5 folds diacritics (``remove_diacritics 2``) but cannot stem Romanian or Russian, so each
row also carries Python-computed stems (search/analysis.py) and every query word is matched
both as typed and as a stem, with prefixes for as-you-type. Scores follow the PostgreSQL
dialect: how many query words an entry covers, then BM25 with the same field weights.
"""

from collections import Counter

from django.db import connection

from search.analysis import is_stop_word, stem
from search.models import SearchEntry, SearchTerm
from search.query import FACETS, required_groups
from search.stores.sql import MARK_END, MARK_START, corrections_from, filter_sql, safe_highlight

COLUMNS = ("question", "phrasings", "keywords", "short_answer", "answer_text", "internal_notes", "stems", "translit")
# BM25 weight per column, in COLUMNS order: the same order of importance as PostgreSQL's A-D.
WEIGHTS = (10.0, 10.0, 6.0, 3.0, 1.0, 0.5, 2.0, 4.0)
PUBLIC_TEXT = "{question phrasings keywords short_answer answer_text}"
OPERATOR_TEXT = "{question phrasings keywords short_answer answer_text internal_notes}"
SNIPPET_WORDS = 16


def _quoted(word, prefix):
    return '"' + word.replace('"', '""') + '"' + ("*" if prefix else "")


def _alternative_match(alternative, language, text_columns):
    if alternative.translit:
        return "(" + " AND ".join(f"translit : {_quoted(word, alternative.prefix)}" for word in alternative.words) + ")"
    if alternative.phrase:
        # The text columns keep every word (stop words too); the stems column keeps the stems of
        # the other words in order. Either way the synonym must appear as a phrase.
        stems = " ".join(stem(word, language) or word for word in alternative.words)
        return (f"({text_columns} : {_quoted(' '.join(alternative.phrase), False)} "
                f"OR stems : {_quoted(stems, False)})")
    parts = []
    for word in alternative.words:
        stemmed = stem(word, language)
        options = [f"{text_columns} : {_quoted(word, alternative.prefix)}"]
        if stemmed and not is_stop_word(word, language):
            options.append(f"stems : {_quoted(stemmed, True)}")
        parts.append("(" + " OR ".join(options) + ")")
    return "(" + " AND ".join(parts) + ")"


def group_match(group, language, scope):
    text_columns = OPERATOR_TEXT if scope == "operator" else PUBLIC_TEXT
    return "(" + " OR ".join(_alternative_match(alt, language, text_columns) for alt in group.alternatives) + ")"


def _matching(request, plan):
    """{page id: score} of the entries covering enough of the query (``required_groups``).

    When none does, every entry matching any group is kept, ranked by how much it covers,
    as the PostgreSQL dialect does.
    """
    where, params = filter_sql(request)
    base = f"SELECT f.rowid, bm25(search_fts, {', '.join(map(str, WEIGHTS))}) FROM search_fts f " \
           f"JOIN search_searchentry e ON e.page_id = f.rowid WHERE {where} AND search_fts MATCH %s"
    coverage, bm25 = Counter(), {}
    with connection.cursor() as cursor:
        for group in plan.groups:
            cursor.execute(base, params + [group_match(group, request.locale, request.scope)])
            for rowid, score in cursor.fetchall():
                coverage[rowid] += 1
        required = required_groups(len(plan.groups))
        coverage = Counter({rowid: covered for rowid, covered in coverage.items() if covered >= required}) or coverage
        if coverage:
            everything = " OR ".join(group_match(group, request.locale, request.scope) for group in plan.groups)
            cursor.execute(base, params + [everything])
            bm25 = {rowid: -score for rowid, score in cursor.fetchall()}
    return {rowid: covered + bm25.get(rowid, 0.0) / (1.0 + bm25.get(rowid, 0.0)) for rowid, covered in coverage.items()}


def _entries(request, plan):
    if plan.empty:
        where, params = filter_sql(request)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT e.page_id FROM search_searchentry e WHERE {where}", params)
            return {row[0]: 0.0 for row in cursor.fetchall()}
    return _matching(request, plan)


def results(request, plan):
    """(hit rows, highlights by id, facets, total); the matching runs once for both."""
    scores = _entries(request, plan)
    rows, highlights = hits(request, plan, scores)
    found, total = facets(scores)
    return rows, highlights, found, total


def hits(request, plan, scores):
    rows = SearchEntry.objects.filter(page_id__in=scores).values("id", "page_id", "document", "answer_number")
    ordered = sorted(rows, key=lambda row: (-scores[row["page_id"]], row["answer_number"]))
    page = ordered[request.offset:request.offset + request.page_size]
    for row in page:
        row["score"] = scores[row["page_id"]]
    highlights = {} if plan.empty else _highlights(page, plan, request)
    return page, highlights


def _highlights(rows, plan, request):
    if not rows:
        return {}
    match = " OR ".join(group_match(group, request.locale, "public") for group in plan.groups)
    by_page = {row["page_id"]: row["id"] for row in rows}
    marks = f"'{MARK_START}', '{MARK_END}'"
    sql = (
        f"SELECT rowid, highlight(search_fts, 0, {marks}), highlight(search_fts, 1, {marks}), "
        f"snippet(search_fts, 3, {marks}, '…', {SNIPPET_WORDS}), snippet(search_fts, 4, {marks}, '…', {SNIPPET_WORDS}) "
        f"FROM search_fts WHERE search_fts MATCH %s AND rowid IN ({', '.join(['%s'] * len(by_page))})"
    )
    found = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, [match, *by_page])
        for rowid, question, phrasings, short_answer, answer_text in cursor.fetchall():
            fragments = {}
            for name, text in (("question", question), ("short_answer", short_answer), ("answer_text", answer_text)):
                if marked := safe_highlight(text):
                    fragments[name] = [marked]
            if marked := safe_highlight(phrasings):
                fragments["phrasings"] = [part for part in marked.split(" | ") if "<mark>" in part]
            found[by_page[rowid]] = fragments
    return found


def facets(scores):
    counts = {name: Counter() for name in FACETS}
    rows = SearchEntry.objects.filter(page_id__in=scores).values_list("category_top", "countries", "audiences", "verification_status")
    for category_top, countries, audiences, status in rows:
        counts["category"][category_top] += 1
        counts["verification_status"][status] += 1
        counts["country"].update(value for value in countries.strip("|").split("|") if value)
        counts["audience"].update(value for value in audiences.strip("|").split("|") if value)
    found = {name: sorted(({"value": v, "count": n} for v, n in counter.items()), key=lambda i: (-i["count"], i["value"]))
             for name, counter in counts.items()}
    return found, len(scores)


# The dictionary of known words, kept in memory per locale and reloaded when the table changes.
_dictionaries = {}


def _dictionary(name):
    version = SearchTerm.objects.filter(locale=name).order_by("-id").values_list("id", flat=True).first()
    cached = _dictionaries.get(name)
    if not cached or cached[0] != version:
        words = set(SearchTerm.objects.filter(locale=name).values_list("term", flat=True))
        cached = _dictionaries[name] = (version, words)
    return cached[1]


def corrections(locale, tokens, translit=False):
    words = _dictionary(f"{locale}-translit" if translit else locale)
    known = {token for token in tokens if any(word.startswith(token) for word in words)}
    candidates = {
        token: [word for word in words if abs(len(word) - len(token)) <= 2 and word[:1] in (token[:1], token[1:2])]
        for token in tokens if token not in known
    }
    return corrections_from(candidates, known)


def write(entries):
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO search_fts (rowid, {', '.join(COLUMNS)}) VALUES (%s{', %s' * len(COLUMNS)})",
            [[entry.page_id, *(getattr(entry, column) for column in COLUMNS)] for entry in entries],
        )


def remove(ids):
    page_ids = list(SearchEntry.objects.filter(id__in=ids).values_list("page_id", flat=True))
    if page_ids:
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM search_fts WHERE rowid IN ({', '.join(['%s'] * len(page_ids))})", page_ids)


def rebuilt():
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO search_fts (search_fts) VALUES ('optimize')")


def settle():
    """Nothing to do: ``rebuilt`` has already merged the FTS5 segments."""


def clear():
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM search_fts")
