"""import_faq / export_faq: whole-file validation, all-or-nothing writes, updates and round trips."""

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from wagtail.models import Revision

from faq.models import FaqPage, FaqSource

from .factories import entry_record, write_entries


def snapshot():
    return (FaqPage.objects.count(), Revision.objects.count(), FaqSource.objects.count())


def write_json(tmp_path, records, name="entries.json"):
    path = tmp_path / name
    path.write_text(json.dumps({"format": "kb-faq", "version": 1, "entries": records}, ensure_ascii=False), encoding="utf-8")
    return path


def run_import(path, capsys, *args):
    with pytest.raises(CommandError) as failure:
        call_command("import_faq", str(path), *args)
    return str(failure.value), capsys.readouterr().err


@pytest.fixture
def existing(sections):
    return write_entries(entry_record("A-0001"), entry_record("A-0002", related=["A-0001"]))


@pytest.mark.parametrize(
    "change, expected",
    [
        (lambda r: r.update(category="no-such/category"), "A-0003)/category: unknown category path 'no-such/category'"),
        (lambda r: r.update(countries=["XX"]), "A-0003)/countries: unknown country code 'XX'"),
        (lambda r: r["translations"]["ro"].update(short_answer=""), "A-0003)/translations.ro.short_answer: required"),
        (lambda r: r["translations"].pop("ro"), "A-0003)/translations.ro: the source language is required"),
        (lambda r: r.update(answer_number="42"), "/answer_number: required, like A-0001"),
        (lambda r: r.update(related=["A-9999"]), "A-0003)/related: unknown answer number 'A-9999'"),
        (lambda r: r["translations"]["ro"].update(sms_text="x" * 161), "translations.ro.sms_text: Ensure this value has at most 160 characters (it has 161)."),
        (lambda r: r["sources"][0].update(url="not a url"), "sources[1].url: not a web address"),
        (lambda r: r["translations"]["en"].update(answer=[{"type": "video", "value": "x"}]), "A-0003)/translations.en.answer[0]: a block needs a type"),
    ],
)
def test_invalid_entry_is_reported_and_nothing_is_written(tmp_path, capsys, existing, change, expected):
    good, bad = entry_record("A-0004"), entry_record("A-0003")
    change(bad)
    before = snapshot()
    message, errors = run_import(write_json(tmp_path, [good, bad]), capsys)
    assert "nothing was imported" in message
    assert expected in errors
    assert snapshot() == before


def test_duplicate_key_in_file_is_reported(tmp_path, capsys, existing):
    before = snapshot()
    _message, errors = run_import(write_json(tmp_path, [entry_record("A-0005"), entry_record("A-0005")]), capsys)
    assert "entries[1] (A-0005)/answer_number: duplicate key A-0005, also in entries[0] (A-0005)" in errors
    assert snapshot() == before


def test_slug_taken_by_another_entry_in_the_same_language_is_reported(tmp_path, capsys, existing):
    record = entry_record("A-0008")
    record["translations"]["ru"]["slug"] = "a-0001-ru"
    record["translations"]["en"]["slug"] = "a-0001-ru"  # free in English: no error for en
    before = snapshot()
    _message, errors = run_import(write_json(tmp_path, [record]), capsys)
    assert errors.splitlines() == ["A-0008/translations.ru.slug: 'a-0001-ru' belongs to A-0001"]
    assert snapshot() == before


@pytest.mark.parametrize(
    "content, expected",
    [
        ("{not json", "file: not valid JSON"),
        ('{"entries": []}', 'file: not a knowledge-base export'),
        ('{"format": "kb-faq", "version": 9, "entries": []}', "unsupported version 9"),
    ],
)
def test_malformed_json_file_is_rejected(tmp_path, capsys, existing, content, expected):
    path = tmp_path / "broken.json"
    path.write_text(content, encoding="utf-8")
    before = snapshot()
    _message, errors = run_import(path, capsys)
    assert expected in errors
    assert snapshot() == before


def test_csv_errors_name_the_row_and_field(tmp_path, capsys, existing):
    call_command("export_faq", str(tmp_path / "all.csv"))
    lines = (tmp_path / "all.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    broken = lines[0] + lines[1].replace(",ro,", ",xx,", 1)
    path = tmp_path / "broken.csv"
    path.write_text(broken, encoding="utf-8")
    before = snapshot()
    _message, errors = run_import(path, capsys)
    assert "row 2/language: 'xx' is not one of ro, ru, uk, en" in errors
    assert snapshot() == before


def test_missing_file_gives_a_clear_error(tmp_path, existing):
    with pytest.raises(CommandError, match="No such file"):
        call_command("import_faq", str(tmp_path / "absent.json"))


def test_reimport_updates_by_key_with_a_new_revision_and_no_duplicate(tmp_path, existing):
    record = entry_record("A-0001", translation={"short_answer": "A corrected answer."})
    page = FaqPage.objects.get(answer_number="A-0001", locale__language_code="ro")
    revisions = page.revisions.count()
    call_command("import_faq", str(write_json(tmp_path, [record])))
    assert FaqPage.objects.filter(answer_number="A-0001").count() == 4
    page.refresh_from_db()
    assert page.short_answer == "A corrected answer."
    assert page.revisions.count() == revisions + 1


def test_dry_run_reports_changes_and_writes_nothing(tmp_path, capsys, existing):
    path = write_json(tmp_path, [entry_record("A-0001", translation={"short_answer": "Changed."}), entry_record("A-0007")])
    before = snapshot()
    call_command("import_faq", str(path), "--dry-run")
    out = capsys.readouterr().out
    assert "A-0001: update (ro.short_answer, ru.short_answer, uk.short_answer, en.short_answer)" in out
    assert "A-0007: create" in out
    assert "1 to create, 1 to update, 0 unchanged" in out
    assert snapshot() == before


@pytest.mark.smoke
@pytest.mark.parametrize("suffix", ["json", "csv"])
def test_export_import_into_empty_database_export_is_identical(tmp_path, existing, suffix):
    first, second = tmp_path / f"first.{suffix}", tmp_path / f"second.{suffix}"
    call_command("export_faq", str(first))
    FaqPage.objects.all().delete()
    assert FaqPage.objects.count() == 0
    call_command("import_faq", str(first))
    call_command("export_faq", str(second))
    assert first.read_bytes() == second.read_bytes()
    assert FaqPage.objects.count() == 8


def test_unchanged_reimport_creates_no_revision(tmp_path, existing):
    path = tmp_path / "same.json"
    call_command("export_faq", str(path))
    before = snapshot()
    call_command("import_faq", str(path))
    assert snapshot() == before


def test_plain_text_answer_in_csv_becomes_a_text_block(tmp_path, existing):
    call_command("export_faq", str(tmp_path / "all.csv"))
    import csv

    rows = list(csv.DictReader((tmp_path / "all.csv").open(encoding="utf-8")))
    row = next(r for r in rows if r["answer_number"] == "A-0001" and r["language"] == "ro")
    row["answer"] = "First paragraph.\n\nSecond <paragraph>."
    path = tmp_path / "one.csv"
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.DictWriter(stream, fieldnames=list(row))
        writer.writeheader()
        writer.writerow(row)
    call_command("import_faq", str(path))
    page = FaqPage.objects.get(answer_number="A-0001", locale__language_code="ro")
    assert page.answer.raw_data[0]["value"] == "<p>First paragraph.</p><p>Second &lt;paragraph&gt;.</p>"
