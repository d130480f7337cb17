"""Shape checks for the hand-written demo content in ``faq/demo/content/``.

Needs no database or settings, so the content files can be checked on their own
(``python -m faq.demo.schema``); ``load_demo`` runs the same checks before writing anything.
"""

import json
import re
import sys
from pathlib import Path

from .. import vocabulary

CONTENT_DIR = Path(__file__).parent / "content"
REFERENCE_DIR = Path(__file__).resolve().parent.parent / "reference"
LANGUAGES = ("ro", "ru", "uk", "en")

AUDIENCES = tuple(vocabulary.Audience.values)
PHASES = tuple(vocabulary.MigrationPhase.values)
SENSITIVITIES = tuple(vocabulary.Sensitivity.values)
VISIBILITIES = tuple(vocabulary.Visibility.values)
SOURCE_TYPES = tuple(vocabulary.SourceType.values)
ORGANISATION_TYPES = tuple(vocabulary.OrganisationType.values)
CALLOUT_TONES = tuple(vocabulary.CalloutTone.values)
FACT_SHEET_SECTIONS = tuple(vocabulary.FactSheetSection.values)
SMS_MAX = 160
ISO_CODE = re.compile(r"^[A-Z]{2}$")
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def category_paths():
    data = json.loads((REFERENCE_DIR / "categories.json").read_text(encoding="utf-8"))
    paths = set()
    for top in data["categories"]:
        paths.add(top["slug"])
        for child in top.get("children", []):
            paths.add(f"{top['slug']}/{child['slug']}")
    return paths


def _text(errors, where, value, *, required=True, max_length=None):
    if value is None or value == "":
        if required:
            errors.append(f"{where}: required")
        return
    if not isinstance(value, str):
        errors.append(f"{where}: must be text")
    elif max_length and len(value) > max_length:
        errors.append(f"{where}: {len(value)} characters, at most {max_length}")


def check_sources(errors, where, sources):
    if not isinstance(sources, list) or not sources:
        errors.append(f"{where}.sources: at least one source is required")
        return
    for i, source in enumerate(sources):
        at = f"{where}.sources[{i}]"
        _text(errors, f"{at}.title", source.get("title"))
        _text(errors, f"{at}.authority", source.get("authority"))
        url = source.get("url", "")
        if not isinstance(url, str) or not url.startswith("https://"):
            errors.append(f"{at}.url: must start with https://")
        if source.get("type") not in SOURCE_TYPES:
            errors.append(f"{at}.type: one of {SOURCE_TYPES}")


def check_stream(errors, where, blocks):
    if not isinstance(blocks, list) or not blocks:
        errors.append(f"{where}: at least one block is required")
        return
    for i, block in enumerate(blocks):
        at = f"{where}[{i}]"
        kind, value = block.get("type"), block.get("value")
        if kind == "text":
            _text(errors, at, value)
            if isinstance(value, str) and not value.lstrip().startswith("<"):
                errors.append(f"{at}: text blocks hold HTML such as <p>…</p>")
        elif kind == "steps":
            if not isinstance(value, list) or not all(isinstance(s, str) and s for s in value):
                errors.append(f"{at}: steps is a list of non-empty strings")
        elif kind == "contact":
            if not isinstance(value, dict) or not value.get("name"):
                errors.append(f"{at}: contact needs at least a name")
        elif kind == "link":
            if not isinstance(value, dict) or not str(value.get("url", "")).startswith("https://"):
                errors.append(f"{at}: link needs title and an https:// url")
        elif kind == "callout":
            if not isinstance(value, dict) or value.get("tone") not in CALLOUT_TONES or not value.get("text"):
                errors.append(f"{at}: callout needs tone {CALLOUT_TONES} and text")
        else:
            errors.append(f"{at}: unknown block type {kind!r}")


def check_entry(errors, where, entry, *, categories, organisations):
    if not SLUG.match(str(entry.get("slug", ""))):
        errors.append(f"{where}.slug: lower-case words joined by hyphens")
    if entry.get("category") not in categories:
        errors.append(f"{where}.category: unknown category path {entry.get('category')!r}")
    for code in entry.get("countries", []):
        if not ISO_CODE.match(code):
            errors.append(f"{where}.countries: {code!r} is not an ISO 3166-1 alpha-2 code")
    for value in entry.get("audiences", []):
        if value not in AUDIENCES:
            errors.append(f"{where}.audiences: unknown {value!r}")
    for value in entry.get("phases", []):
        if value not in PHASES:
            errors.append(f"{where}.phases: unknown {value!r}")
    if entry.get("visibility") not in VISIBILITIES:
        errors.append(f"{where}.visibility: one of {VISIBILITIES}")
    if entry.get("sensitivity") not in SENSITIVITIES:
        errors.append(f"{where}.sensitivity: one of {SENSITIVITIES}")
    if organisations is not None:
        for slug in entry.get("organisations", []):
            if slug not in organisations:
                errors.append(f"{where}.organisations: unknown organisation {slug!r}")
    check_sources(errors, where, entry.get("sources"))
    for lang in LANGUAGES:
        text = entry.get(lang)
        at = f"{where}.{lang}"
        if not isinstance(text, dict):
            errors.append(f"{at}: missing translation")
            continue
        _text(errors, f"{at}.question", text.get("question"), max_length=255)
        _text(errors, f"{at}.short_answer", text.get("short_answer"), max_length=600)
        _text(errors, f"{at}.sms", text.get("sms"), max_length=SMS_MAX)
        _text(errors, f"{at}.internal_notes", text.get("internal_notes"), required=False)
        for field in ("phrasings", "keywords"):
            if not isinstance(text.get(field, []), list):
                errors.append(f"{at}.{field}: must be a list of strings")
        check_stream(errors, f"{at}.answer", text.get("answer"))


def check_organisation(errors, where, org):
    if not SLUG.match(str(org.get("slug", ""))):
        errors.append(f"{where}.slug: lower-case words joined by hyphens")
    if org.get("type") not in ORGANISATION_TYPES:
        errors.append(f"{where}.type: one of {ORGANISATION_TYPES}")
    if not ISO_CODE.match(str(org.get("country", ""))):
        errors.append(f"{where}.country: ISO 3166-1 alpha-2 code")
    for lang in LANGUAGES:
        text = org.get(lang)
        if not isinstance(text, dict):
            errors.append(f"{where}.{lang}: missing translation")
            continue
        _text(errors, f"{where}.{lang}.name", text.get("name"), max_length=255)
        _text(errors, f"{where}.{lang}.services", text.get("services"))


def check_fact_sheet(errors, where, sheet):
    if not ISO_CODE.match(str(sheet.get("country", ""))):
        errors.append(f"{where}.country: ISO 3166-1 alpha-2 code")
    for lang in LANGUAGES:
        text = sheet.get(lang)
        if not isinstance(text, dict):
            errors.append(f"{where}.{lang}: missing translation")
            continue
        _text(errors, f"{where}.{lang}.title", text.get("title"), max_length=255)
        _text(errors, f"{where}.{lang}.summary", text.get("summary"))
    kinds = [section.get("kind") for section in sheet.get("sections", [])]
    if sorted(kinds) != sorted(FACT_SHEET_SECTIONS):
        errors.append(f"{where}.sections: need exactly one of each of {FACT_SHEET_SECTIONS}")
    for i, section in enumerate(sheet.get("sections", [])):
        at = f"{where}.sections[{i}]"
        check_sources(errors, at, section.get("sources"))
        for lang in LANGUAGES:
            body = (section.get(lang) or {}).get("body")
            _text(errors, f"{at}.{lang}.body", body)


def load_files(pattern):
    items = []
    for path in sorted(CONTENT_DIR.glob(pattern)):
        data = json.loads(path.read_text(encoding="utf-8"))
        items.extend((f"{path.name}[{i}]", item) for i, item in enumerate(data))
    return items


def check_all():
    """Return every problem found in the content files, as ``place: reason`` lines."""
    errors = []
    try:
        orgs = load_files("organisations*.json")
        entries = load_files("entries*.json")
        sheets = load_files("factsheets*.json")
    except (OSError, ValueError) as exc:
        return [f"content files: {exc}"]
    org_slugs = {org.get("slug") for _, org in orgs}
    categories = category_paths()
    seen = set()
    for where, org in orgs:
        check_organisation(errors, where, org)
    for where, entry in entries:
        check_entry(errors, where, entry, categories=categories, organisations=org_slugs or None)
        if entry.get("slug") in seen:
            errors.append(f"{where}.slug: duplicate {entry.get('slug')!r}")
        seen.add(entry.get("slug"))
    for where, entry in entries:
        for slug in entry.get("related", []):
            if slug not in seen:
                errors.append(f"{where}.related: unknown entry {slug!r}")
    for where, sheet in sheets:
        check_fact_sheet(errors, where, sheet)
    return errors


if __name__ == "__main__":
    problems = check_all()
    for line in problems:
        print(line)
    print(f"{len(problems)} problem(s)")
    sys.exit(1 if problems else 0)
