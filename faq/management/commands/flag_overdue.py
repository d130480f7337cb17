"""Recompute every verification status and send the owners' digests; run it once a day.

Idempotent: a second run on the same day changes nothing, logs nothing and e-mails nobody.
"""

from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from faq.digests import send_digests
from faq.verification import refresh_fact_sheets, refresh_statuses


class Command(BaseCommand):
    help = "Flag entries whose sources are overdue or at risk, and e-mail each owner one digest."

    def add_arguments(self, parser):
        parser.add_argument("--today", help="Pretend today is this date (YYYY-MM-DD); for tests and back-fills.")
        parser.add_argument("--no-email", action="store_true", help="Update statuses only; send no digest.")

    def handle(self, *args, today=None, no_email=False, **options):
        try:
            today = date.fromisoformat(today) if today else timezone.localdate()
        except ValueError as exc:
            raise CommandError(f"--today: expected YYYY-MM-DD, got {today!r}") from exc
        self.stdout.write(f"Verification statuses as of {today.isoformat()}")
        sheets = refresh_fact_sheets(today)
        self.stdout.write(f"  fact sheets changed: {sheets}")

        def progress(done, total):
            if done == total or done % 500 == 0:
                self.stdout.write(f"  logged {done}/{total} status changes")

        moves = refresh_statuses(None, today=today, reason="flag_overdue", progress=progress)
        counts = {}
        for _old, new in moves.values():
            counts[new] = counts.get(new, 0) + 1
        summary = ", ".join(f"{status}: {n}" for status, n in sorted(counts.items())) or "none"
        self.stdout.write(f"  entries changed: {len(moves)} ({summary})")
        if no_email:
            return
        run = send_digests(today)
        self.stdout.write(
            f"  digests sent: {len(run.sent)}, already sent today: {len(run.already_sent)}, "
            f"owners without an e-mail address: {len(run.without_address)}"
        )
        for user in run.without_address:
            self.stderr.write(f"  no e-mail address for {user.get_username()}: their digest was not sent")
