"""The search document: what both search stores (Elasticsearch and the database) index.

Built by one pure function from a live page in one locale (DESIGN.md section 3), so the two
stores can never disagree about what an entry says. Internal notes travel in their own field;
the stores index them only for operator searches and never return or highlight them publicly.
"""

from dataclasses import asdict, dataclass, field
from html import unescape

from django.utils.html import strip_tags

from faq.blocks import plain_blocks
from faq.models import FaqPage


@dataclass(frozen=True)
class SearchDocument:
    id: str
    page_id: int
    translation_key: str
    locale: str
    answer_number: str
    url: str
    question: str
    phrasings: list = field(default_factory=list)
    keywords: list = field(default_factory=list)
    short_answer: str = ""
    answer_text: str = ""
    internal_notes: str = ""
    category_path: str = ""
    category_top: str = ""
    category_name: str = ""
    countries: list = field(default_factory=list)
    audiences: list = field(default_factory=list)
    migration_phases: list = field(default_factory=list)
    visibility: str = "public"
    sensitivity: str = "none"
    verification_status: str = ""
    review_due: str | None = None
    # Languages this entry is live in (its own included): a search falling back to another
    # language leaves out entries that exist in the language asked for.
    translations: list = field(default_factory=list)

    def as_dict(self):
        return asdict(self)


def html_to_text(html):
    """Plain text of rich text: block ends become spaces so words never run together."""
    spaced = html.replace("</p>", "</p> ").replace("</li>", "</li> ").replace("<br>", " ")
    return " ".join(unescape(strip_tags(spaced)).split())


def stream_text(stream_value):
    """All readable text of an answer StreamField, in block order."""
    parts = []
    for block in plain_blocks(stream_value):
        value = block["value"]
        if block["type"] == "text":
            parts.append(html_to_text(value))
        elif block["type"] == "steps":
            parts.extend(value)
        elif block["type"] == "contact":
            parts.extend(value[name] for name in ("name", "phone", "hours"))
        elif block["type"] == "link":
            parts.append(value.get("title") or "")
        elif block["type"] == "callout":
            parts.append(value.get("text") or "")
    return " ".join(" ".join(part.split()) for part in parts if part and part.strip())


def live_languages(translation_keys=None):
    """Translation key -> sorted language codes of the live FAQ entries with that key (all keys: None)."""
    found = {}
    rows = FaqPage.objects.live()
    if translation_keys is not None:
        rows = rows.filter(translation_key__in=set(translation_keys))
    for key, code in rows.values_list("translation_key", "locale__language_code"):
        found.setdefault(str(key), set()).add(code)
    return {key: sorted(codes) for key, codes in found.items()}


def build_document(page, translations=None):
    """The search document of ``page`` (an FaqPage), or ``None`` when it must not be searchable.

    ``translations`` (from ``live_languages``) saves a query per page when building many.
    """
    if not isinstance(page, FaqPage) or not page.live:
        return None
    if translations is None:
        translations = live_languages([page.translation_key]).get(str(page.translation_key), [])
    category = page.category
    top = category.parent or category
    return SearchDocument(
        id=f"{page.locale.language_code}:{page.pk}",
        page_id=page.pk,
        translation_key=str(page.translation_key),
        locale=page.locale.language_code,
        answer_number=page.answer_number,
        url=page.url or "",
        question=page.title,
        phrasings=page.phrasing_list(),
        keywords=page.keyword_list(),
        short_answer=" ".join(page.short_answer.split()),
        answer_text=stream_text(page.answer),
        internal_notes=" ".join(page.internal_notes.split()),
        category_path=category.path,
        category_top=top.slug,
        category_name=str(category),
        countries=sorted(country.code for country in page.countries.all()),
        audiences=sorted(page.audiences),
        migration_phases=sorted(page.migration_phases),
        visibility=page.visibility,
        sensitivity=page.sensitivity,
        verification_status=page.verification_status,
        review_due=page.review_due.isoformat() if page.review_due else None,
        translations=sorted(set(translations) | {page.locale.language_code}),
    )
