"""Prepared statements for the search statement on PostgreSQL.

Planning the search statement (a dozen CTEs, one index scan per query word) took about a
millisecond, a tenth of a whole search, and its plan hardly depends on the values: the query
words reach the scans through a CTE, where the planner cannot see them anyway. So each
database session prepares each shape of the statement once and runs it with ``EXECUTE``, on
the generic plan from the first run (``plan_cache_mode``, set in the settings).

A prepared statement belongs to one session: connection poolers that hand a session's
statements to other sessions (PgBouncer in transaction mode) need
``KB_SEARCH_PREPARED_STATEMENTS = False``.
"""

import hashlib
import re
import weakref

from django.conf import settings

# Per raw connection (a new one after a reconnect): the names of the statements it has prepared.
_prepared = weakref.WeakKeyDictionary()
_PLACEHOLDER = re.compile(r"%%|%s")
LIMIT = 500  # statements per session; past it, new shapes run unprepared


def execute(cursor, sql, params):
    """Run ``sql`` (psycopg2 placeholders) with ``params``, prepared when it is enabled and possible."""
    if not settings.KB_SEARCH_PREPARED_STATEMENTS:
        cursor.execute(sql, params)
        return
    raw = cursor.connection
    names = _prepared.setdefault(raw, set())
    name = "kb_search_" + hashlib.blake2b(sql.encode(), digest_size=8).hexdigest()
    if name not in names:
        if len(names) >= LIMIT:
            cursor.execute(sql, params)
            return
        cursor.execute(f"PREPARE {name} AS {numbered(sql)}")
        names.add(name)
    cursor.execute(f"EXECUTE {name}({', '.join(['%s'] * len(params))})" if params else f"EXECUTE {name}", params)


def numbered(sql):
    """psycopg2's ``%s`` placeholders as PostgreSQL's ``$1, $2...`` (and ``%%`` as ``%``)."""
    count = [0]

    def replace(match):
        if match.group() == "%%":
            return "%"
        count[0] += 1
        return f"${count[0]}"

    return _PLACEHOLDER.sub(replace, sql)
