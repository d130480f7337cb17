"""PostgreSQL full-text search for the database store.

Vectors are weighted A (question, phrasings), B (keywords, Latin skeleton), C (short answer),
D (answer), built with the locale's configuration (migration 0002). A query matches any of its
words; the score counts how many query words an entry covers, then adds ``ts_rank``, so an entry
answering every word the operator typed comes first. Typos are corrected against the locale's
dictionary with pg_trgm, then checked by edit distance.
"""

from django.db import connection

from search.query import FACETS
from search.stores.sql import MARK_END, MARK_START, corrections_from, filter_sql, like_escape, safe_highlight

CONFIGURATIONS = {"ro": "kb_ro", "ru": "kb_ru", "uk": "kb_uk", "en": "kb_en"}
TRANSLIT = "kb_simple"
RANK_WEIGHTS = "'{0.1, 0.3, 0.6, 1.0}'"  # D, C, B, A
HEADLINE_SHORT = f"StartSel={MARK_START}, StopSel={MARK_END}, HighlightAll=true"
HEADLINE_LONG = f"StartSel={MARK_START}, StopSel={MARK_END}, MaxFragments=2, MaxWords=18, MinWords=6, FragmentDelimiter=\" … \""
HIGHLIGHTED = {"question": HEADLINE_SHORT, "phrasings": HEADLINE_SHORT, "short_answer": HEADLINE_LONG, "answer_text": HEADLINE_LONG}
NEAREST = 12  # known words considered per misspelt token, nearest by trigram distance first


def configuration(locale):
    return CONFIGURATIONS.get(locale, "kb_simple")


def _lexemes(alternative):
    suffix = ":*" if alternative.prefix else ""
    return "(" + " & ".join(f"{word}{suffix}" for word in alternative.words) + ")"


def _group_sql(group, config):
    """A tsquery expression (SQL) for one query group, and its parameters."""
    parts, params = [], []
    native = [alt for alt in group.alternatives if not alt.translit]
    translit = [alt for alt in group.alternatives if alt.translit]
    if native:
        parts.append("to_tsquery(%s::regconfig, %s)")
        params += [config, " | ".join(_lexemes(alt) for alt in native)]
    if translit:
        parts.append("to_tsquery(%s::regconfig, %s)")
        params += [TRANSLIT, " | ".join(_lexemes(alt) for alt in translit)]
    return " || ".join(parts), params


def _query_cte(plan, config):
    """``WITH q AS (...)`` giving one tsquery per group (g0, g1...) and their union ``q_all``."""
    selects, params = [], []
    for index, group in enumerate(plan.groups):
        sql, group_params = _group_sql(group, config)
        selects.append(f"{sql} AS g{index}")
        params += group_params
    union = " || ".join(f"g{index}" for index in range(len(plan.groups)))
    return f"WITH q0 AS (SELECT {', '.join(selects)}), q AS (SELECT *, {union} AS q_all FROM q0)", params


def _match(request):
    if request.scope == "operator":
        return "(e.vector @@ q.q_all OR e.notes_vector @@ q.q_all)"
    return "e.vector @@ q.q_all"


def _score(plan, request):
    coverage = " + ".join(f"(e.vector @@ q.g{index})::int" for index in range(len(plan.groups)))
    score = f"({coverage}) + ts_rank({RANK_WEIGHTS}, e.vector, q.q_all)"
    if request.scope == "operator":
        score += " + 0.1 * ts_rank(e.notes_vector, q.q_all)"
    return score


def results(request, plan):
    """(hit rows, highlights by id, facets, total) for a request and its query plan."""
    rows, highlights = hits(request, plan)
    found, total = facets(request, plan)
    return rows, highlights, found, total


def hits(request, plan):
    where, params = filter_sql(request)
    config = configuration(request.locale)
    if plan.empty:
        sql = (f"SELECT e.id, e.document, 0.0 AS score FROM search_searchentry e WHERE {where} "
               "ORDER BY e.answer_number LIMIT %s OFFSET %s")
        rows = _fetch(sql, params + [request.page_size, request.offset])
        return rows, {}
    cte, cte_params = _query_cte(plan, config)
    sql = (f"{cte} SELECT e.id, e.document, {_score(plan, request)} AS score FROM search_searchentry e, q "
           f"WHERE {where} AND {_match(request)} ORDER BY score DESC, e.answer_number LIMIT %s OFFSET %s")
    rows = _fetch(sql, cte_params + params + [request.page_size, request.offset])
    return rows, _highlights([row["id"] for row in rows], plan, config)


def _highlights(ids, plan, config):
    if not ids:
        return {}
    cte, params = _query_cte(plan, config)
    columns = ", ".join(f"ts_headline(%s::regconfig, e.{name}, q.q_all, %s) AS {name}" for name in HIGHLIGHTED)
    column_params = [value for options in HIGHLIGHTED.values() for value in (config, options)]
    sql = f"{cte} SELECT e.id, {columns} FROM search_searchentry e, q WHERE e.id = ANY(%s)"
    found = {}
    for row in _fetch(sql, params + column_params + [ids]):
        fragments = {}
        for name in HIGHLIGHTED:
            marked = safe_highlight(row[name])
            if marked:
                fragments[name] = [part for part in marked.split(" | ") if "<mark>" in part] if name == "phrasings" else [marked]
        found[row["id"]] = fragments
    return found


def facets(request, plan):
    """Facet counts over every matching entry, and the total, in one statement."""
    where, params = filter_sql(request)
    if plan.empty:
        cte, cte_params, source, match = "", [], "search_searchentry e", "TRUE"
    else:
        cte, cte_params = _query_cte(plan, configuration(request.locale))
        source, match = "search_searchentry e, q", _match(request)
    sql = (
        f"{cte}{',' if cte else 'WITH'} m AS (SELECT e.category_top, e.countries, e.audiences, e.verification_status "
        f"FROM {source} WHERE {where} AND {match}) "
        "SELECT 'total' AS facet, '' AS value, count(*) AS n FROM m "
        "UNION ALL SELECT 'category', category_top, count(*) FROM m GROUP BY 2 "
        "UNION ALL SELECT 'verification_status', verification_status, count(*) FROM m GROUP BY 2 "
        "UNION ALL SELECT 'country', c, count(*) FROM m, unnest(string_to_array(trim(both '|' from m.countries), '|')) c GROUP BY 2 "
        "UNION ALL SELECT 'audience', a, count(*) FROM m, unnest(string_to_array(trim(both '|' from m.audiences), '|')) a GROUP BY 2"
    )
    found = {name: [] for name in FACETS}
    total = 0
    with connection.cursor() as cursor:
        cursor.execute(sql, cte_params + params)
        for facet, value, count in cursor.fetchall():
            if facet == "total":
                total = count
            elif value:
                found[facet].append({"value": value, "count": count})
    for values in found.values():
        values.sort(key=lambda item: (-item["count"], item["value"]))
    return found, total


def corrections(locale, tokens, translit=False):
    """Known words close to each token that is not itself (the start of) a known word.

    Two short statements: which tokens start a known word (a range scan of the prefix index),
    then, for the others only, their nearest known words by trigram distance (a KNN scan of the
    dictionary's GiST index). Tokens travel as literals so the planner can pick the dictionary's
    partial index.
    """
    if not tokens:
        return {}
    dictionary = f"{locale}-translit" if translit else locale
    with connection.cursor() as cursor:
        cursor.execute(
            " UNION ALL ".join(
                "(SELECT %s FROM search_searchterm WHERE locale = %s AND term LIKE %s LIMIT 1)" for _ in tokens),
            [value for token in tokens for value in (token, dictionary, like_escape(token) + "%")],
        )
        known = {row[0] for row in cursor.fetchall()}
        unknown = [token for token in tokens if token not in known]
        if not unknown:
            return {}
        cursor.execute(
            " UNION ALL ".join(
                f"(SELECT %s, term FROM search_searchterm WHERE locale = %s ORDER BY term <-> %s LIMIT {NEAREST})"
                for _ in unknown),
            [value for token in unknown for value in (token, dictionary, token)],
        )
        candidates = {}
        for token, term in cursor.fetchall():
            candidates.setdefault(token, []).append(term)
    return corrections_from(candidates, known)


def write(entries):
    """Compute the weighted vectors of freshly inserted rows."""
    by_locale = {}
    for entry in entries:
        by_locale.setdefault(entry.locale, []).append(entry.id)
    with connection.cursor() as cursor:
        for locale, ids in by_locale.items():
            config = configuration(locale)
            cursor.execute(
                "UPDATE search_searchentry SET vector ="
                " setweight(to_tsvector(%s::regconfig, question || ' ' || phrasings), 'A')"
                " || setweight(to_tsvector(%s::regconfig, keywords), 'B')"
                " || setweight(to_tsvector(%s::regconfig, translit), 'B')"
                " || setweight(to_tsvector(%s::regconfig, short_answer), 'C')"
                " || setweight(to_tsvector(%s::regconfig, answer_text), 'D'),"
                " notes_vector = to_tsvector(%s::regconfig, internal_notes)"
                " WHERE id = ANY(%s)",
                [config, config, TRANSLIT, config, config, config, ids],
            )


def remove(ids):
    """Nothing beyond the rows themselves: vectors live in the same rows."""


def clear():
    """Nothing beyond the rows themselves."""


def rebuilt():
    """Fresh statistics, so the planner picks the dictionary and vector indexes at once."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE search_searchentry")
        cursor.execute("ANALYZE search_searchterm")


def _fetch(sql, params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        names = [column.name for column in cursor.description]
        return [dict(zip(names, row)) for row in cursor.fetchall()]
