"""Export every FAQ entry with its translations and sources to a JSON or CSV file."""

import os
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from faq.exchange.formats import WRITERS, detect_format
from faq.exchange.records import export_records


class Command(BaseCommand):
    help = "Export FAQ entries (docs/import-format.md); the file can be imported again unchanged."

    def add_arguments(self, parser):
        parser.add_argument("file", help="Path of the .json or .csv file to write.")
        parser.add_argument("--format", choices=sorted(WRITERS), help="Override the format guessed from the name.")

    def handle(self, *args, file, format=None, **options):
        path = Path(file)
        try:
            kind = detect_format(path, format)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        records = export_records()
        # Write next to the target and rename, so a failed export never leaves half a file.
        try:
            handle, temporary = tempfile.mkstemp(dir=path.parent or ".", prefix=".export-", suffix=path.suffix)
            with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
                WRITERS[kind](records, stream)
            os.replace(temporary, path)
        except OSError as exc:
            raise CommandError(f"{path}: {exc}") from exc
        self.stdout.write(self.style.SUCCESS(f"Exported {len(records)} entries to {path}."))
