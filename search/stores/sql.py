"""SQL pieces both database dialects share: filters, and highlights made safe to render."""

from html import escape

from search.analysis import best_corrections

MARK_START, MARK_END = "\x02", "\x03"


def like_escape(value):
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def untranslated_pattern(language):
    """The LIKE pattern of entries live in ``language``; codes are letters, so nothing to escape."""
    if not language.isalpha():
        raise ValueError(f"not a language code: {language!r}")
    return f"%|{language}|%"


def filter_sql(request, alias="e"):
    """WHERE clauses (joined with AND) and their parameters for a request's scope and filters."""
    scope, scope_params = scope_sql(request, alias)
    narrowing, narrowing_params = narrowing_sql(request, alias)
    if not narrowing_params:
        return scope, scope_params
    return f"{scope} AND {narrowing}", scope_params + narrowing_params


def scope_sql(request, alias="e"):
    """What decides whether an entry can be found at all: language, visibility, untranslated only."""
    clauses = [f"{alias}.locale = %s", f"{alias}.visibility IN ({', '.join(['%s'] * len(request.visibilities))})"]
    params = [request.locale, *request.visibilities]
    for language in request.exclude_translated:
        # Written exactly as the predicates of PostgreSQL's partial indexes (migration 0008), so
        # that a fallback language whose entries are all translated costs an empty index scan.
        clauses.append(f"{alias}.translations NOT LIKE %s")
        params.append(untranslated_pattern(language))
    return " AND ".join(clauses), params


def narrowing_sql(request, alias="e"):
    """The operator's filters (topic, country, audience) and the public review cut-off; TRUE if none."""
    clauses, params = [], []
    if request.category:
        clauses.append(f"({alias}.category_path = %s OR {alias}.category_path LIKE %s ESCAPE '\\')")
        params += [request.category, like_escape(request.category) + "/%"]
    if request.country:
        clauses.append(f"{alias}.countries LIKE %s ESCAPE '\\'")
        params.append(f"%|{like_escape(request.country)}|%")
    if request.audience:
        clauses.append(f"{alias}.audiences LIKE %s ESCAPE '\\'")
        params.append(f"%|{like_escape(request.audience)}|%")
    if request.due_from:
        clauses.append(f"({alias}.verification_status = 'unsourced' OR {alias}.review_due >= %s)")
        params.append(request.due_from)
    return " AND ".join(clauses) or "TRUE", params


def safe_highlight(marked_text):
    """Escape a store's highlighted text and turn the sentinel marks into <mark> tags.

    Stores mark matches with control characters, never with HTML, so entry text such as
    "<3 months" can never become markup in an operator's browser.
    """
    if not marked_text or MARK_START not in marked_text:
        return None
    return escape(marked_text).replace(MARK_START, "<mark>").replace(MARK_END, "</mark>")


def corrections_from(candidates_by_token, known_tokens):
    """Typo corrections for tokens that are not (the start of) a known word."""
    return {
        token: found
        for token, candidates in candidates_by_token.items()
        if token not in known_tokens and (found := best_corrections(token, candidates))
    }
