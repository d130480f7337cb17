"""Print readers' "Was this helpful?" counts per entry as CSV, the admin's Helpfulness report for cron jobs."""

import csv

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError
from django.utils import timezone, translation

from faq.feedback import feedback_counts, period_start
from faq.reports import HELPFULNESS_HEADINGS, share_percent
from kb.admin_reports import spreadsheet_safe


class Command(BaseCommand):
    help = "Write the yes and no votes per entry and language, with the reasons for no, as CSV to standard output."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=30, help="The last N days, today included (default 30).")
        parser.add_argument("--language", help="Only entries in this content language (ro, ru, uk, en).")
        parser.add_argument(
            "--headings-language", default="en",
            help="Write the column headings and reason names in this interface language (default en).",
        )

    def handle(self, *args, days=30, language=None, headings_language="en", **options):
        if days < 1:
            raise CommandError(f"--days must be at least 1, got {days}.")
        interface = {code for code, _name in settings.LANGUAGES}
        if headings_language not in interface:
            raise CommandError(f"--headings-language: expected one of {', '.join(sorted(interface))}.")
        content = {code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES}
        if language and language not in content:
            raise CommandError(f"--language: expected one of {', '.join(sorted(content))}.")
        since = period_start(days)
        try:
            rows = list(feedback_counts(since=since, language=language))
        except DatabaseError as error:
            raise CommandError(f"Could not read the feedback counts: {error}") from error
        with translation.override(headings_language):
            writer = csv.writer(self.stdout, lineterminator="\n")
            writer.writerow([str(heading) for heading in HELPFULNESS_HEADINGS.values()])
            for row in rows:
                row = dict(row, title=spreadsheet_safe(row["title"]), share_helpful=share_percent(row["share_helpful"]))
                writer.writerow([row[field] for field in HELPFULNESS_HEADINGS])
        # The summary goes to standard error so that standard output stays a clean CSV file.
        self.stderr.write(
            f"{len(rows)} entries with feedback from {since.isoformat()} to {timezone.localdate().isoformat()}"
            + (f" in {language}" if language else "")
        )
