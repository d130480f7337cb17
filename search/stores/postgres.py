"""PostgreSQL full-text search for the database store.

Vectors are weighted A (question, phrasings), B (keywords, Latin skeleton), C (short answer),
D (answer), built with the locale's configuration (migration 0002). A query matches any of its
words; the score counts how many query words an entry covers, then adds ``ts_rank``, so an entry
answering every word the operator typed comes first. Typos are corrected against the locale's
dictionary with pg_trgm, then checked by edit distance.

A search is one statement (after the typo look-ups): matches, two-pass ranking, highlights for
the page and facet counts share one scan, because on two cores every round trip and every
decompressed answer vector shows in the operators' p95.
"""

from django.db import connection

from search.analysis import phrase_token, phrase_tokens, stems_text
from search.query import FACETS, MINIMUM_MATCH_ALL_UP_TO, MINIMUM_MATCH_SHARE
from search.stores import prepared
from search.stores.sql import (
    MARK_END, MARK_START, corrections_from, filter_sql, like_escape, narrowing_sql, safe_highlight, scope_sql,
)

CONFIGURATIONS = {"ro": "kb_ro", "ru": "kb_ru", "uk": "kb_uk", "en": "kb_en"}
TRANSLIT = "kb_simple"
RANK_WEIGHTS = "'{0.1, 0.3, 0.6, 1.0}'"  # D, C, B, A
HEADLINE_SHORT = f"StartSel={MARK_START}, StopSel={MARK_END}, HighlightAll=true"
HEADLINE_LONG = f"StartSel={MARK_START}, StopSel={MARK_END}, MaxFragments=2, MaxWords=18, MinWords=6, FragmentDelimiter=\" … \""
HIGHLIGHTED = {"question": HEADLINE_SHORT, "phrasings": HEADLINE_SHORT, "short_answer": HEADLINE_LONG, "answer_text": HEADLINE_LONG}
RERANK = 100  # entries ranked on their full text (ten pages); the rest only on question and keywords
NEAREST = 12  # known words considered per misspelt token, nearest by trigram distance first
TABLES = ("search_searchentry", "search_entrymatch", "search_searchterm")


def configuration(locale):
    return CONFIGURATIONS.get(locale, "kb_simple")


def _lexemes(alternative):
    if alternative.phrase:
        # to_tsquery drops the configuration's stop words from a phrase and widens the distance,
        # so "permis <-> de <-> rezidenta" matches "permisul de rezidență" and nothing looser.
        return "(" + " <-> ".join(alternative.phrase) + ")"
    suffix = ":*" if alternative.prefix else ""
    return "(" + " & ".join(f"{word}{suffix}" for word in alternative.words) + ")"


def _group_sql(group, config, phrases=True):
    """A tsquery expression (SQL) for one query group, and its parameters."""
    parts, params = [], []
    native = [alt for alt in group.alternatives if not alt.translit and (phrases or not alt.phrase)]
    translit = [alt for alt in group.alternatives if alt.translit]
    if native:
        parts.append("to_tsquery(%s::regconfig, %s)")
        params += [config, " | ".join(_lexemes(alt) for alt in native)]
    if translit:
        parts.append("to_tsquery(%s::regconfig, %s)")
        params += [TRANSLIT, " | ".join(_lexemes(alt) for alt in translit)]
    return " || ".join(parts), params


def _phrase_tokens_sql(group, language):
    """The phrase tokens of a group's synonym phrases as a tsquery literal ('' if it has none)."""
    tokens = sorted({phrase_token(alt.words, language) for alt in group.alternatives if alt.phrase and not alt.translit})
    return " | ".join(f"'{token}'" for token in tokens)


def _query_cte(plan, config):
    """``WITH q AS (...)`` giving one tsquery per group (g0, g1...), their union ``q_all``, and
    what finds each group's entries (m0, m1...).

    A group's entries are found by its words and, for its synonym phrases, by the phrase tokens
    that writing added to the vectors (``phrase_tokens``). A phrase operator in a GIN scan
    marks every page it touches for a recheck that reads each entry's whole vector, even the
    entries a plain word already matched: one question with "разрешение на проживание" among
    its synonyms spent 20 ms there. Ranking and highlighting use ``q_all``, words and phrases.
    """
    selects, matches, params = [], [], []
    for index, group in enumerate(plan.groups):
        sql, group_params = _group_sql(group, config)
        selects.append(f"{sql} AS g{index}")
        params += group_params
        tokens = _phrase_tokens_sql(group, plan.language)
        if tokens:
            words_sql, words_params = _group_sql(group, config, phrases=False)
            selects.append(f"%s::tsquery || {words_sql} AS m{index}")
            params += [tokens, *words_params]
        else:
            matches.append(f"g{index} AS m{index}")
    union = " || ".join(f"g{index}" for index in range(len(plan.groups)))
    # A group can come out empty: the configuration's own stop words ("have", "our") vanish in
    # to_tsquery. Only groups that can match count towards the minimum an entry must cover.
    live = " + ".join(f"(numnode(g{index}) > 0)::int" for index in range(len(plan.groups)))
    required = (f"CASE WHEN {live} <= {MINIMUM_MATCH_ALL_UP_TO} THEN {live} "
                f"ELSE floor(({live}) * {MINIMUM_MATCH_SHARE})::int END")
    return (f"WITH q0 AS (SELECT {', '.join(selects)}), "
            f"q AS (SELECT {', '.join(['*', *matches])}, {union} AS q_all, {required} AS required FROM q0)"), params


def _matches_sql(plan, request, required):
    """Entries matching at least the required number of query groups, with what ranking needs.

    A one-group query needs no count: one GIN bitmap scan of ``search_searchentry`` finds the
    matches and reads the head vector on the same rows. With several groups, one bitmap scan
    per group over the narrow ``search_entrymatch`` (migration 0009) tells which entries match
    it, touching a few pages instead of a thousand; entries covering enough groups are then read
    once for the few small columns the first ranking pass and the facets need, and the filters.
    The groups' tsqueries come from ``q`` on purpose: with them inline the planner estimates
    real match counts and, for a common word, prefers a sequential scan that decompresses
    every row's vector (twice as slow as the bitmap scans).
    """
    columns = f"e.id, {M_COLUMNS}, ts_rank({RANK_WEIGHTS}, e.head_vector, q.q_all) AS quick"
    if len(plan.groups) == 1:
        where, params = filter_sql(request, "e")
        return f"SELECT {columns}, 1 AS coverage FROM search_searchentry e, q WHERE {where} AND {_match(request, 'e', 0)}", params
    scope, scope_params = scope_sql(request, "s")
    narrowing, narrowing_params = narrowing_sql(request, "e")
    union = " UNION ALL ".join(
        f"SELECT s.page_id FROM search_entrymatch s, q WHERE {scope} AND {_match(request, 's', index)}"
        for index in range(len(plan.groups)))
    # Counted per page (an integer: sorting thousands of text ids by collation took 4 ms).
    sql = (f"SELECT {columns}, c.coverage FROM (SELECT page_id, count(*) AS coverage FROM ({union}) g GROUP BY page_id "
           "HAVING count(*) >= least(%s, (SELECT required FROM q))) c "
           f"JOIN search_searchentry e ON e.page_id = c.page_id AND e.locale = %s, q WHERE {narrowing}")
    return sql, scope_params * len(plan.groups) + [required, request.locale] + narrowing_params


def _match(request, alias, index):
    match = f"{alias}.vector @@ q.m{index}"
    return f"({match} OR {alias}.notes_vector @@ q.m{index})" if request.scope == "operator" else match


def _final_score(request):
    score = f"top.coverage + ts_rank({RANK_WEIGHTS}, e.vector, q.q_all)"
    if request.scope == "operator":
        score += " + 0.1 * ts_rank(e.notes_vector, q.q_all)"
    return score


# Countries and audiences are tagged strings ("|IT|DE|"): counted per distinct combination here,
# which is a handful of groups, and split in Python; unnesting every row in SQL cost 20 ms on
# a few thousand matches.
FACET_SQL = (
    "SELECT 'total', '', count(*) FROM m "
    "UNION ALL SELECT 'category', category_top, count(*) FROM m GROUP BY 2 "
    "UNION ALL SELECT 'verification_status', verification_status, count(*) FROM m GROUP BY 2 "
    "UNION ALL SELECT 'country', countries, count(*) FROM m GROUP BY 2 "
    "UNION ALL SELECT 'audience', audiences, count(*) FROM m GROUP BY 2"
)
TAGGED_FACETS = ("country", "audience")
M_NAMES = ("answer_number", "category_top", "countries", "audiences", "verification_status")
M_COLUMNS = ", ".join(f"e.{name}" for name in M_NAMES)


def results(request, plan):
    """(hit rows, highlights by id, facets, total) for a request and its query plan, in one statement.

    Ranking runs in two passes so that long answers are read only for a few rows. The first pass
    touches every matching entry but reads only small values: the group coverage (from the GIN
    index) and ``ts_rank`` over the head vector (question, phrasings, keywords). The best
    ``RERANK`` entries are then ranked on the full vector, the requested page gets its
    highlights, and the facets are counted over the same matches.
    """
    window = max(RERANK, request.offset + request.page_size)
    if plan.empty:
        where, params = filter_sql(request)
        sql = (f"WITH m AS MATERIALIZED (SELECT e.id, {M_COLUMNS} FROM search_searchentry e WHERE {where}), "
               "page AS (SELECT m.id, m.answer_number FROM m ORDER BY m.answer_number LIMIT %s OFFSET %s) "
               "SELECT 'hit', page.id, e.document, 0.0, page.answer_number, NULL, NULL, NULL, NULL "
               "FROM page JOIN search_searchentry e USING (id) "
               f"UNION ALL SELECT 'facet', NULL, NULL, NULL, f.facet, f.value, f.n::text, NULL, NULL FROM ({FACET_SQL}) f(facet, value, n)")
        return _unpack(_rows(sql, params + [request.page_size, request.offset], _preparable(request)), highlighted=False)
    found = _ranked(request, plan, window, len(plan.groups))
    if found[3] == 0 and len(plan.groups) > 1:
        # Nothing covers enough of the query (a stray word, an unknown name): rather than an
        # empty list, show what matches any word, ranked by how much of the query it covers.
        found = _ranked(request, plan, window, 1)
    return found


def _ranked(request, plan, window, required):
    config = configuration(request.locale)
    cte, cte_params = _query_cte(plan, config)
    matches, match_params = _matches_sql(plan, request, required)
    short = [name for name in HIGHLIGHTED if name != "answer_text"]
    headlines = ", ".join(f"ts_headline(%s::regconfig, e.{name}, q.q_all, %s) AS {name}" for name in short)
    headline_params = [value for name in short for value in (config, HIGHLIGHTED[name])]
    sql = (
        f"{cte}, m AS MATERIALIZED ({matches}), "
        "top AS (SELECT m.id, m.coverage FROM m ORDER BY m.coverage + m.quick DESC, m.answer_number LIMIT %s), "
        f"ranked AS (SELECT e.id, e.answer_number, {_final_score(request)} AS score "
        "FROM top JOIN search_searchentry e USING (id), q ORDER BY score DESC, e.answer_number LIMIT %s OFFSET %s), "
        # The long answer is parsed only where the short answer shows no match (Hit.from_document
        # keeps its fragments only then); MATERIALIZED so the short answer's headline runs once.
        f"page AS MATERIALIZED (SELECT r.id, r.score, r.answer_number, e.document, {headlines} "
        "FROM ranked r JOIN search_searchentry e USING (id), q) "
        f"SELECT 'hit', p.id, p.document, p.score, p.answer_number, {', '.join(f'p.{name}' for name in short)}, "
        f"CASE WHEN strpos(p.short_answer, %s) > 0 THEN NULL ELSE ts_headline(%s::regconfig, e.answer_text, q.q_all, %s) END "
        "FROM page p JOIN search_searchentry e USING (id), q "
        f"UNION ALL SELECT 'facet', NULL, NULL, NULL, f.facet, f.value, f.n::text, NULL, NULL FROM ({FACET_SQL}) f(facet, value, n)"
    )
    all_params = (cte_params + match_params + [window, request.page_size, request.offset] + headline_params
                  + [MARK_START, config, HIGHLIGHTED["answer_text"]])
    return _unpack(_rows(sql, all_params, _preparable(request)), highlighted=True)


def _unpack(rows, highlighted):
    hits, highlights = [], {}
    counts = {name: {} for name in FACETS}
    total = 0
    for kind, entry_id, document, score, answer_number, *rest in rows:
        if kind == "hit":
            hits.append({"id": entry_id, "document": document, "score": score, "answer_number": answer_number})
            if highlighted:
                highlights[entry_id] = _fragments(dict(zip(HIGHLIGHTED, rest)))
        elif answer_number == "total":
            total = int(rest[1])
        elif answer_number in TAGGED_FACETS:
            for value in filter(None, (rest[0] or "").split("|")):
                counts[answer_number][value] = counts[answer_number].get(value, 0) + int(rest[1])
        elif rest[0]:
            counts[answer_number][rest[0]] = int(rest[1])
    hits.sort(key=lambda hit: (-hit["score"], hit["answer_number"]))
    found = {
        name: [{"value": value, "count": count} for value, count in sorted(values.items(), key=lambda item: (-item[1], item[0]))]
        for name, values in counts.items()
    }
    return hits, highlights, found, total


def _fragments(marked_by_field):
    fragments = {}
    for name, text in marked_by_field.items():
        marked = safe_highlight(text)
        if marked:
            fragments[name] = [part for part in marked.split(" | ") if "<mark>" in part] if name == "phrasings" else [marked]
    return fragments


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
    """Compute the weighted vectors of freshly inserted rows, and copy them to the match table.

    The vectors also carry the tokens of the synonym phrases each entry contains
    (``phrase_tokens``; public text in ``vector``, internal notes in ``notes_vector``).
    """
    by_locale = {}
    for entry in entries:
        by_locale.setdefault(entry.locale, []).append(entry)
    with connection.cursor() as cursor:
        for locale, group in by_locale.items():
            config = configuration(locale)
            columns = [phrase_columns(entry.stems, entry.internal_notes, locale) for entry in group]
            cursor.execute(
                "UPDATE search_searchentry e SET vector = v.head || v.body, head_vector = v.head, notes_vector = v.notes"
                " FROM (SELECT s.id,"
                " setweight(to_tsvector(%s::regconfig, question || ' ' || phrasings), 'A')"
                " || setweight(to_tsvector(%s::regconfig, keywords), 'B')"
                " || setweight(to_tsvector(%s::regconfig, translit), 'B') AS head,"
                " setweight(to_tsvector(%s::regconfig, short_answer), 'C')"
                " || setweight(to_tsvector(%s::regconfig, answer_text), 'D')"
                " || array_to_tsvector(string_to_array(p.phrases, ' ')) AS body,"
                " to_tsvector(%s::regconfig, internal_notes) || array_to_tsvector(string_to_array(p.note_phrases, ' ')) AS notes"
                " FROM search_searchentry s JOIN unnest(%s::text[], %s::text[], %s::text[]) AS p(id, phrases, note_phrases)"
                " ON p.id = s.id WHERE s.id = ANY(%s)) v WHERE e.id = v.id",
                [config, config, TRANSLIT, config, config, config, [entry.id for entry in group],
                 [public for public, _ in columns], [notes for _, notes in columns], [entry.id for entry in group]],
            )
        cursor.execute(
            "INSERT INTO search_entrymatch (id, page_id, locale, visibility, translations, vector, notes_vector)"
            " SELECT id, page_id, locale, visibility, translations, vector, notes_vector"
            " FROM search_searchentry WHERE id = ANY(%s)",
            [[entry.id for entry in entries]],
        )


def phrase_columns(stems, internal_notes, locale):
    """The phrase tokens of an entry's public text (from its stored stems) and of its internal
    notes, each as the space-separated list ``write`` and migration 0010 add to the vectors."""
    return tuple(" ".join(sorted(phrase_tokens(text.split(), locale)))
                 for text in (stems, stems_text(internal_notes, locale)))


def remove(ids):
    """The match table's copies go with the rows (called before the rows are deleted)."""
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM search_entrymatch WHERE id = ANY(%s)", [list(ids)])


def clear():
    """DELETE, not TRUNCATE: a rebuild runs in a transaction, and searches read the old rows until it commits."""
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM search_entrymatch")


def rebuilt():
    """Fresh statistics, so the planner picks the dictionary and vector indexes at once."""
    with connection.cursor() as cursor:
        for table in TABLES:
            cursor.execute(f"ANALYZE {table}")


def settle():
    """After a rebuild commits: clear the replaced rows out of the tables and their indexes.

    Until a vacuum, every index scan also visits the 20,000 dead rows of the old generation;
    the search p95 doubled right after a rebuild. Statistics were already gathered by
    ``rebuilt``. VACUUM cannot run in a transaction, so inside one (a test, a caller's atomic
    block) autovacuum is left to do it.
    """
    if connection.in_atomic_block:
        return
    with connection.cursor() as cursor:
        for table in TABLES:
            cursor.execute(f"VACUUM {table}")


def _preparable(request):
    """Fallback-language searches run unprepared: their untranslated-only clauses must reach the
    planner as literals to use the partial indexes of migration 0008."""
    return not request.exclude_translated


def _rows(sql, params, prepare=True):
    with connection.cursor() as cursor:
        if prepare:
            prepared.execute(cursor, sql, params)
        else:
            cursor.execute(sql, params)
        return cursor.fetchall()
