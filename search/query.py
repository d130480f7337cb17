"""What a search asks and what it answers, shared by every store.

The API, the console and the benchmarks speak only these types, so swapping Elasticsearch for
the database store (or falling back to it mid-call) never changes the shape of a response.
"""

from dataclasses import dataclass, field

PUBLIC = "public"
OPERATOR = "operator"
SCOPES = (PUBLIC, OPERATOR)
# The ``locale`` of a search over every content language (search/service.py ranks them together).
ALL_LANGUAGES = "all"

MAX_QUERY_LENGTH = 200
MAX_PAGE_SIZE = 50
DEFAULT_PAGE_SIZE = 10
FACET_SIZE = 50

# Facet name -> search document field it counts.
FACETS = {
    "category": "category_top",
    "country": "countries",
    "audience": "audiences",
    "verification_status": "verification_status",
}

# How much of a query an entry must match, in both stores: every word of a one- or two-word query,
# three quarters of a longer one (Elasticsearch's "2<75%"). An entry sharing one common word with
# a whole question is noise to an operator, and ranking thousands of such rows is slow.
MINIMUM_MATCH_ALL_UP_TO = 2
MINIMUM_MATCH_SHARE = 0.75


def required_groups(count):
    """How many of ``count`` query words (groups) an entry must match."""
    if count <= MINIMUM_MATCH_ALL_UP_TO:
        return count
    return int(count * MINIMUM_MATCH_SHARE)


# Fields that may be highlighted. Internal notes are never among them, in any scope.
HIGHLIGHT_FIELDS = ("question", "phrasings", "short_answer", "answer_text")


@dataclass(frozen=True)
class SearchRequest:
    """A validated search: ``text`` is already stripped of control characters and capped."""

    text: str
    locale: str
    scope: str = PUBLIC
    category: str = ""  # a top-level slug or a full "top/sub" path
    country: str = ""  # ISO 3166-1 alpha-2, upper case
    audience: str = ""
    page: int = 1
    page_size: int = DEFAULT_PAGE_SIZE
    # ISO date: leave out entries whose review fell due before it (public scope, optional setting).
    due_from: str = ""
    # Fill in entries not yet translated into ``locale`` from its fallback languages (kb/languages.py).
    with_fallbacks: bool = True
    # For the stores: leave out entries live in any of these languages (they were searched there).
    exclude_translated: tuple = ()
    # For the stores: the first hit to return, when it is not the start of a page.
    first: int | None = None

    @property
    def offset(self):
        return (self.page - 1) * self.page_size if self.first is None else self.first

    @property
    def visibilities(self):
        """Which entries the scope may see: operators see everything, the public only public."""
        return ("public", "operators") if self.scope == OPERATOR else ("public",)

    def filters(self):
        return {name: value for name in ("category", "country", "audience") if (value := getattr(self, name))}


def _shown_highlights(highlights):
    """The fields a hit shows fragments of, in every store.

    The long answer's fragments stand in for the short answer's: they are kept only when the
    short answer has no match. Readers see the short answer first and an excerpt of the long one
    only when it explains why the entry was found; and PostgreSQL, which parses the whole long
    answer to highlight it, skips that work for most hits.
    """
    shown = {name: fragments for name, fragments in highlights.items() if name in HIGHLIGHT_FIELDS and fragments}
    if "short_answer" in shown:
        shown.pop("answer_text", None)
    return shown


@dataclass
class Hit:
    id: str
    page_id: int
    answer_number: str
    url: str
    question: str
    short_answer: str
    category_path: str
    category_name: str
    countries: list
    audiences: list
    visibility: str
    verification_status: str
    review_due: str | None
    score: float = 0.0
    highlights: dict = field(default_factory=dict)  # field -> fragments with <mark>…</mark>
    language: str = ""  # the entry's language
    # Shown in place of an entry not yet translated into the language searched (with why, in words).
    fallback: bool = False
    notice: str = ""

    @classmethod
    def from_document(cls, document, *, score=0.0, highlights=None):
        """A hit from a stored search document (a dict with the SearchDocument fields)."""
        return cls(
            id=document["id"], page_id=document["page_id"], answer_number=document["answer_number"],
            url=document["url"], question=document["question"], short_answer=document["short_answer"],
            category_path=document["category_path"], category_name=document["category_name"],
            countries=list(document["countries"]), audiences=list(document["audiences"]),
            visibility=document["visibility"], verification_status=document["verification_status"],
            review_due=document["review_due"], score=float(score or 0.0),
            highlights=_shown_highlights(highlights or {}),
            language=document["locale"],
        )

    def as_dict(self):
        # Not dataclasses.asdict: its recursive deep copy cost more than the rest of the JSON
        # response. The lists and dicts are copied one level, which is all a hit holds.
        found = dict(self.__dict__)
        found["countries"], found["audiences"] = list(self.countries), list(self.audiences)
        found["highlights"] = {name: list(fragments) for name, fragments in self.highlights.items()}
        return found


@dataclass
class SearchResult:
    hits: list
    total: int
    facets: dict  # facet name -> [{"value": ..., "count": n}], largest count first
    took_ms: float
    backend: str

    def as_dict(self):
        return {
            "hits": [hit.as_dict() for hit in self.hits], "total": self.total, "facets": self.facets,
            "took_ms": round(self.took_ms, 2), "backend": self.backend,
        }


def empty_result(backend):
    return SearchResult(hits=[], total=0, facets={name: [] for name in FACETS}, took_ms=0.0, backend=backend)
