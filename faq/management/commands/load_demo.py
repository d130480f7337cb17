"""Load the demo knowledge base (or benchmark-scale volume data) into the database."""

import logging
import time

from django.core.management.base import BaseCommand, CommandError

from faq.bulk import deferred_index_updates
from faq.demo.loader import DEMO_PASSWORD_SUFFIX, DEMO_USERS, DemoContentError, DemoLoader, read_content


class Command(BaseCommand):
    help = "Load demo content in four languages; --entries N generates volume data for benchmarks."

    def add_arguments(self, parser):
        parser.add_argument(
            "--entries", type=int, default=None,
            help="Number of FAQ entries (each in four languages). Default: every hand-written entry; "
                 "more than that repeats them as numbered variants.",
        )
        parser.add_argument("--no-fact-sheets", action="store_true", help="Skip the country fact sheets.")
        parser.add_argument(
            "--directory-only", action="store_true",
            help="Load only the referral directory (organisations), e.g. before importing entries.",
        )

    def handle(self, *args, entries=None, no_fact_sheets=False, directory_only=False, **options):
        if entries is not None and entries < 0:
            raise CommandError("--entries must be zero or more")
        try:
            content = read_content()
        except DemoContentError as exc:
            raise CommandError("\n".join([str(exc), *exc.problems])) from exc
        logging.getLogger("wagtail").setLevel(logging.WARNING)  # one line per page is noise here
        started = time.monotonic()
        loader = DemoLoader(content, progress=lambda message: self.stdout.write(f"  {message}"))
        with deferred_index_updates(stdout=self.stdout):
            if directory_only:
                loader.organisations()
                report = loader.report
            else:
                report = loader.run(entry_count=entries, with_fact_sheets=not no_fact_sheets)
            self.stdout.write("  updating search and reference indexes")
        elapsed = time.monotonic() - started
        for kind, count in report.created.items():
            self.stdout.write(f"{kind}: {count} created, {report.skipped[kind]} already there")
        if report.unpaired_strings:
            self.stdout.write(f"translation memory: {report.unpaired_strings} strings left for translators to pair")
        self.stdout.write(self.style.SUCCESS(f"Demo content ready in {elapsed:.1f} s."))
        if not directory_only:
            self.stdout.write("Demo logins (username / password):")
            for username, (group, _superuser) in DEMO_USERS.items():
                self.stdout.write(f"  {username} / {username}{DEMO_PASSWORD_SUFFIX}  ({group})")
