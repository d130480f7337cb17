"""Import FAQ entries from a JSON or CSV file: validated whole, then written all-or-nothing."""

import logging
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from faq.exchange.apply import apply, plan
from faq.exchange.formats import READERS, detect_format
from faq.exchange.validation import validate


class Command(BaseCommand):
    help = "Import FAQ entries (docs/import-format.md). Nothing is written unless the whole file is valid."

    def add_arguments(self, parser):
        parser.add_argument("file", help="Path of the .json or .csv file.")
        parser.add_argument("--format", choices=sorted(READERS), help="Override the format guessed from the name.")
        parser.add_argument("--dry-run", action="store_true", help="Validate and report what would change; write nothing.")
        parser.add_argument("--user", help="Username recorded as the author of the new revisions.")

    def handle(self, *args, file, format=None, dry_run=False, user=None, **options):
        path = Path(file)
        try:
            kind = detect_format(path, format)
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError, ValueError) as exc:
            raise CommandError(f"{path}: {exc}") from exc
        author = None
        if user:
            author = get_user_model().objects.filter(username=user).first()
            if author is None:
                raise CommandError(f"--user: no user named {user!r}")

        raw_records, errors = READERS[kind](text)
        # One language for every message, Django's validators included.
        with translation.override("en"):
            records, invalid = validate(raw_records) if not errors else ([], [])
        errors += invalid
        if errors:
            for line in errors:
                self.stderr.write(line)
            raise CommandError(f"{len(errors)} error(s) in {path}; nothing was imported.")

        changes = plan(records)
        for change in changes:
            if change.action != "unchanged" or options["verbosity"] > 1:
                self.stdout.write(change.describe())
        counts = {action: sum(c.action == action for c in changes) for action in ("create", "update", "unchanged")}
        summary = f"{counts['create']} to create, {counts['update']} to update, {counts['unchanged']} unchanged"
        if dry_run:
            self.stdout.write(self.style.SUCCESS(f"Dry run: {summary}. Nothing was written."))
            return
        logging.getLogger("wagtail").setLevel(logging.WARNING)
        apply(records, changes, user=author, progress=lambda m: self.stdout.write(f"  {m}"))
        self.stdout.write(self.style.SUCCESS(f"Imported: {summary}."))
