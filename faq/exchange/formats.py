"""Reading and writing entry records as JSON or CSV files.

Readers never raise on bad content: they return the records they could build and a list of
``place/field: reason`` errors, so the import can report every problem at once.
"""

import csv
import io
import json

from ..text import split_keywords, split_lines
from .records import ENTRY_FIELDS, LANGUAGES, SOURCE_FIELDS, TRANSLATION_FIELDS

FORMAT_NAME = "kb-faq"
FORMAT_VERSION = 1
LIST_FIELDS = ("countries", "audiences", "migration_phases", "organisations", "related")


def detect_format(path, explicit=None):
    if explicit:
        return explicit
    lowered = str(path).lower()
    if lowered.endswith(".json"):
        return "json"
    if lowered.endswith(".csv"):
        return "csv"
    raise ValueError(f"{path}: cannot tell the format from the name; use --format json or csv")


# --- JSON -------------------------------------------------------------------------------------
def write_json(records, stream):
    json.dump({"format": FORMAT_NAME, "version": FORMAT_VERSION, "entries": records}, stream, ensure_ascii=False, indent=2)
    stream.write("\n")


def read_json(text):
    errors = []
    try:
        document = json.loads(text)
    except ValueError as exc:
        return [], [f"file: not valid JSON ({exc})"]
    if not isinstance(document, dict) or document.get("format") != FORMAT_NAME:
        return [], [f'file: not a knowledge-base export (expected "format": "{FORMAT_NAME}")']
    if document.get("version") != FORMAT_VERSION:
        return [], [f"file: unsupported version {document.get('version')!r} (this version reads {FORMAT_VERSION})"]
    entries = document.get("entries")
    if not isinstance(entries, list):
        return [], ["file/entries: must be a list"]
    records = []
    for index, entry in enumerate(entries):
        place = f"entries[{index}]"
        if not isinstance(entry, dict):
            errors.append(f"{place}: must be an object")
            continue
        records.append((place, entry))
    return records, errors


# --- CSV --------------------------------------------------------------------------------------
def _source_columns(count):
    return [f"source{n}_{name}" for n in range(1, count + 1) for name in SOURCE_FIELDS]


def csv_header(records):
    most_sources = max((len(r["sources"]) for r in records), default=1)
    return ["answer_number", "language", *ENTRY_FIELDS[1:], *TRANSLATION_FIELDS, *_source_columns(max(most_sources, 1))]


def write_csv(records, stream):
    """One row per entry and language; entry-level columns are filled on the source-language row."""
    header = csv_header(records)
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(header)
    for record in records:
        for position, (language, text) in enumerate(record["translations"].items()):
            row = {"answer_number": record["answer_number"], "language": language}
            if position == 0:
                for name in ENTRY_FIELDS[1:]:
                    value = record[name]
                    row[name] = " ".join(value) if name in LIST_FIELDS else value
                for n, source in enumerate(record["sources"], start=1):
                    for name in SOURCE_FIELDS:
                        row[f"source{n}_{name}"] = "" if source[name] is None else str(source[name])
            row.update({
                "question": text["question"],
                "slug": text["slug"],
                "alternative_phrasings": "\n".join(text["alternative_phrasings"]),
                "keywords": ", ".join(text["keywords"]),
                "short_answer": text["short_answer"],
                "answer": json.dumps(text["answer"], ensure_ascii=False),
                "sms_text": text["sms_text"],
                "internal_notes": text["internal_notes"],
            })
            writer.writerow([row.get(column, "") for column in header])


def _answer_from_cell(text, place, errors):
    text = (text or "").strip()
    if text.startswith("["):
        try:
            return json.loads(text)
        except ValueError as exc:
            errors.append(f"{place}/answer: not valid JSON ({exc})")
            return []
    # Plain text becomes one text block, a paragraph per blank-line-separated chunk.
    paragraphs = [p.strip() for p in text.split("\n\n") if p.strip()]
    if not paragraphs:
        return []
    from django.utils.html import escape

    return [{"type": "text", "value": "".join(f"<p>{escape(p)}</p>" for p in paragraphs)}]


def _sources_from_row(row, place, errors):
    numbers = sorted({int(key[6:].split("_", 1)[0]) for key in row if key and key.startswith("source") and key[6:].split("_", 1)[0].isdigit()})
    sources = []
    for n in numbers:
        values = {name: (row.get(f"source{n}_{name}") or "").strip() for name in SOURCE_FIELDS}
        if not any(values.values()):
            continue
        interval = values["review_interval_days"]
        if interval:
            try:
                values["review_interval_days"] = int(interval)
            except ValueError:
                errors.append(f"{place}/source{n}_review_interval_days: not a whole number")
        else:
            values["review_interval_days"] = None
        sources.append(values)
    return sources


def read_csv(text):
    errors = []
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    required = {"answer_number", "language", "question"}
    missing = required - set(reader.fieldnames or [])
    if missing:
        return [], [f"file: missing column(s) {', '.join(sorted(missing))}"]
    grouped = {}
    for row_number, row in enumerate(reader, start=2):
        place = f"row {row_number}"
        if None in row:
            errors.append(f"{place}: more cells than columns")
            continue
        number = (row.get("answer_number") or "").strip()
        language = (row.get("language") or "").strip()
        if not number:
            errors.append(f"{place}/answer_number: required")
            continue
        if language not in LANGUAGES:
            errors.append(f"{place}/language: {language!r} is not one of {', '.join(LANGUAGES)}")
            continue
        entry_place, entry = grouped.setdefault(number, (place, {"answer_number": number, "translations": {}}))
        if language in entry["translations"]:
            errors.append(f"{place}/language: a second {language} row for {number}")
            continue
        entry["translations"][language] = {
            "question": row.get("question", ""),
            "slug": row.get("slug", ""),
            "alternative_phrasings": split_lines(row.get("alternative_phrasings")),
            "keywords": split_keywords(row.get("keywords")),
            "short_answer": row.get("short_answer", ""),
            "answer": _answer_from_cell(row.get("answer"), place, errors),
            "sms_text": row.get("sms_text", ""),
            "internal_notes": row.get("internal_notes", ""),
        }
        for name in ENTRY_FIELDS[1:]:
            cell = (row.get(name) or "").strip()
            value = cell.split() if name in LIST_FIELDS else cell
            if not cell:
                continue
            if name in entry and entry[name] != value:
                errors.append(f"{place}/{name}: differs from the value given in {entry_place}")
            entry[name] = value
        sources = _sources_from_row(row, place, errors)
        if sources:
            if "sources" in entry and entry["sources"] != sources:
                errors.append(f"{place}/sources: differ from the sources given in {entry_place}")
            entry["sources"] = sources
    return list(grouped.values()), errors


READERS = {"json": read_json, "csv": read_csv}
WRITERS = {"json": write_json, "csv": write_csv}
