"""The OpenAPI 3.1 description of the search API, served at ``/api/search/openapi.json``.

Built from the same constants the form and the result types use, so the document cannot drift
from the code; tests validate real responses against it.
"""

from faq.vocabulary import Audience, VerificationStatus
from kb.languages import language_codes
from search.forms import MAX_PAGE
from search.query import (
    ALL_LANGUAGES, DEFAULT_PAGE_SIZE, FACETS, HIGHLIGHT_FIELDS, MAX_PAGE_SIZE, MAX_QUERY_LENGTH, SCOPES,
)

LANGUAGE_CODES = language_codes()


def _parameter(name, description, schema):
    return {"name": name, "in": "query", "required": False, "description": description, "schema": schema}


def _hit_schema():
    text = {"type": "string"}
    return {
        "type": "object",
        "required": ["id", "page_id", "answer_number", "url", "question", "short_answer", "category_path",
                     "category_name", "countries", "audiences", "visibility", "verification_status",
                     "review_due", "score", "highlights", "language", "fallback", "notice"],
        "properties": {
            "id": {**text, "description": "Search document id: locale and page id."},
            "page_id": {"type": "integer"},
            "answer_number": {**text, "description": "Stable number shared by all translations, e.g. A-0042."},
            "url": {**text, "description": "Path of the entry on the public site."},
            "question": text,
            "short_answer": text,
            "category_path": {**text, "description": "topic or topic/subtopic slug path."},
            "category_name": text,
            "countries": {"type": "array", "items": {"type": "string", "pattern": "^[A-Z]{2}$"}},
            "audiences": {"type": "array", "items": {"type": "string", "enum": list(Audience.values)}},
            "visibility": {"type": "string", "enum": ["public", "operators"]},
            "verification_status": {"type": "string", "enum": list(VerificationStatus.values)},
            "review_due": {"type": ["string", "null"], "format": "date"},
            "score": {"type": "number"},
            "highlights": {
                "type": "object",
                "description": ("Matching fragments per field; HTML-escaped text with <mark> around matches. "
                                "answer_text fragments are given only when short_answer has none."),
                "propertyNames": {"enum": list(HIGHLIGHT_FIELDS)},
                "additionalProperties": {"type": "array", "items": {"type": "string"}},
            },
            "language": {"type": "string", "enum": LANGUAGE_CODES, "description": "The entry's language."},
            "fallback": {
                "type": "boolean",
                "description": "True when the entry is not yet translated into the language searched and is "
                               "shown in a fallback language (KB_LANGUAGE_FALLBACKS).",
            },
            "notice": {
                **text,
                "description": "For a fallback hit, a sentence to show with it, in the request's interface "
                               "language (e.g. 'Not yet available in Ukrainian; shown in Russian.'); else empty.",
            },
        },
        "additionalProperties": False,
    }


def _result_schema():
    bucket = {"type": "object", "required": ["value", "count"],
              "properties": {"value": {"type": "string"}, "count": {"type": "integer", "minimum": 1}},
              "additionalProperties": False}
    return {
        "type": "object",
        "required": ["query", "locale", "scope", "filters", "page", "page_size", "hits", "total", "facets",
                     "took_ms", "backend", "log_token"],
        "properties": {
            "query": {"type": "string", "description": "The query as searched, control characters removed."},
            "locale": {"type": "string", "enum": [*LANGUAGE_CODES, ALL_LANGUAGES]},
            "scope": {"type": "string", "enum": list(SCOPES)},
            "filters": {"type": "object", "additionalProperties": {"type": "string"}},
            "page": {"type": "integer", "minimum": 1},
            "page_size": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE},
            "hits": {"type": "array", "items": {"$ref": "#/components/schemas/Hit"}},
            "total": {"type": "integer", "minimum": 0},
            "facets": {
                "type": "object", "required": list(FACETS),
                "properties": {name: {"type": "array", "items": bucket} for name in FACETS},
                "additionalProperties": False,
            },
            "took_ms": {"type": "number", "description": "Server time spent searching, in milliseconds."},
            "backend": {
                "type": "string", "enum": ["database", "elasticsearch", "database-fallback", "none"],
                "description": "Which store answered; database-fallback means Elasticsearch could not, in time.",
            },
            "log_token": {
                "type": ["string", "null"],
                "description": "Pass to POST /api/search/opened/ when the caller's answer is opened.",
            },
        },
        "additionalProperties": False,
    }


def openapi_document(server_url="/"):
    error = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Knowledge base search API",
            "version": "1.0.0",
            "description": (
                "Search the migration and asylum FAQ as the call-centre console does. Public scope returns "
                "public entries only; operator scope needs a signed-in operator session and adds "
                "operator-only entries. Queries are logged without personal data (digits and e-mail "
                "addresses masked)."
            ),
        },
        "servers": [{"url": server_url}],
        "paths": {
            "/api/search/": {
                "get": {
                    "operationId": "search",
                    "summary": "Search FAQ entries",
                    "parameters": [
                        _parameter("q", "What was typed; typos, missing diacritics and Latin-typed Cyrillic are tolerated.",
                                   {"type": "string", "maxLength": MAX_QUERY_LENGTH}),
                        _parameter("locale", "Language of the entries searched; default: the request language. "
                                   "Entries not yet translated into it follow, from its fallback languages, marked "
                                   "'fallback'. 'all' ranks every language's results together.",
                                   {"type": "string", "enum": [*LANGUAGE_CODES, ALL_LANGUAGES]}),
                        _parameter("scope", "public (default) or operator (sign-in required).",
                                   {"type": "string", "enum": list(SCOPES), "default": "public"}),
                        _parameter("category", "A topic slug or a topic/subtopic path.", {"type": "string", "maxLength": 170}),
                        _parameter("country", "ISO 3166-1 alpha-2 destination country.", {"type": "string", "pattern": "^[A-Za-z]{2}$"}),
                        _parameter("audience", "Audience the entry is written for.", {"type": "string", "enum": list(Audience.values)}),
                        _parameter("page", "Page of results.", {"type": "integer", "minimum": 1, "maximum": MAX_PAGE, "default": 1}),
                        _parameter("page_size", "Hits per page.", {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE,
                                                                   "default": DEFAULT_PAGE_SIZE}),
                    ],
                    "responses": {
                        "200": {"description": "Results (an empty query without filters gives none).",
                                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/SearchResult"}}}},
                        "400": {"description": "Invalid input, with a message.", **error},
                        "401": {"description": "Operator scope without a signed-in user.", **error},
                        "403": {"description": "Signed-in user without operator permission.", **error},
                        "503": {"description": "No search store could answer.", **error},
                    },
                }
            },
            "/api/search/opened/": {
                "post": {
                    "operationId": "searchResultOpened",
                    "summary": "Record which answer of a search was opened (analytics, no personal data)",
                    "requestBody": {"required": True, "content": {
                        media: {"schema": {
                            "type": "object", "required": ["log_token", "answer_number"],
                            "properties": {
                                "log_token": {"type": "string", "description": "The log_token of the search response."},
                                "answer_number": {"type": "string", "pattern": "^A-[0-9]{4,6}$"},
                                "rank": {"type": "integer", "minimum": 1, "description": "1-based position in the results."},
                            },
                        }} for media in ("application/json", "application/x-www-form-urlencoded")
                    }},
                    "responses": {
                        "204": {"description": "Recorded (once per search, within an hour of it)."},
                        "400": {"description": "Unknown, expired or already used token, or invalid fields.", **error},
                    },
                }
            },
            "/api/search/openapi.json": {
                "get": {"operationId": "openapi", "summary": "This document",
                        "responses": {"200": {"description": "OpenAPI 3.1 document"}}},
            },
        },
        "components": {
            "schemas": {
                "SearchResult": _result_schema(),
                "Hit": _hit_schema(),
                "Error": {"type": "object", "required": ["error"], "properties": {"error": {"type": "string"}}},
            },
        },
    }
