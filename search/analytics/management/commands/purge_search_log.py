"""Enforce the retention of search analytics (KB_SEARCH_LOG_RETENTION_DAYS); run it daily."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from search.analytics.services import purge_older_than


class Command(BaseCommand):
    help = "Delete logged searches older than the retention period (KB_SEARCH_LOG_RETENTION_DAYS, default 90 days)."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, help="Keep this many days instead of the setting.")
        parser.add_argument("--dry-run", action="store_true", help="Count what would be deleted; delete nothing.")

    def handle(self, *args, days=None, dry_run=False, **options):
        days = settings.KB_SEARCH_LOG_RETENTION_DAYS if days is None else days
        if days < 1:
            raise CommandError(f"Retention must be at least 1 day, got {days}.")
        try:
            count = purge_older_than(days, dry_run=dry_run)
        except DatabaseError as error:
            raise CommandError(f"Could not purge the search log: {error}") from error
        verb = "Would delete" if dry_run else "Deleted"
        self.stdout.write(f"{verb} {count} logged search(es) older than {days} days.")
