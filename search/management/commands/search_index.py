"""``manage.py search_index rebuild|status|retry``: the operational side of search."""

import time

from django.core.management.base import BaseCommand, CommandError

from search import backends
from search.indexing import rebuild_index, retry_pending
from search.models import PendingIndexUpdate
from search.stores.base import StoreUnavailable


class ProgressBar:
    """A one-line progress bar on a terminal; plain periodic lines when the output is a file or pipe."""

    WIDTH = 30

    def __init__(self, stdout):
        self.stdout = stdout
        self.tty = hasattr(stdout, "isatty") and stdout.isatty()
        self.last_line = None

    def __call__(self, label, done, total):
        share = done / total if total else 1.0
        filled = int(share * self.WIDTH)
        line = f"{label:<28} [{'#' * filled}{'.' * (self.WIDTH - filled)}] {done}/{total}"
        if self.tty:
            self.stdout.write("\r" + line, ending="\n" if done >= total else "")
            self.stdout.flush()
        elif done >= total or (done and done % 2000 == 0):
            self.stdout.write(line)
        self.last_line = line


class Command(BaseCommand):
    help = (
        "Search index maintenance. rebuild: rebuild every store from the live pages (Elasticsearch into "
        "new indices, swapped in atomically). status: documents per locale in each store. retry: replay "
        "index updates that failed."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["rebuild", "status", "retry"])
        parser.add_argument(
            "--store", choices=["all", *backends.BACKENDS], default="all",
            help="Which store to act on (default: every store indexing keeps current).",
        )

    def stores(self, which):
        stores = backends.write_stores()
        if which != "all":
            stores = [store for store in stores if store.name == which]
            if not stores:
                raise CommandError(f"The {which} store is not configured (KB_SEARCH_BACKEND={backends.configured_backend()}).")
        return stores

    def handle(self, action, store="all", **options):
        stores = self.stores(store)
        getattr(self, action)(stores)

    def rebuild(self, stores):
        bar = ProgressBar(self.stdout)
        started = time.monotonic()
        failures = []
        for store in stores:
            try:
                counts = rebuild_index(
                    stores=[store], progress=lambda locale, done, total, name=store.name: bar(f"{name} {locale}", done, total),
                    build_progress=lambda done, total: bar("building documents", done, total),
                )[store.name]
            except StoreUnavailable as error:
                failures.append(f"{store.name}: {error}")
                self.stderr.write(f"{store.name}: rebuild failed, the previous index is still serving: {error}")
                continue
            summary = ", ".join(f"{locale} {count}" for locale, count in sorted(counts.items()))
            self.stdout.write(self.style.SUCCESS(f"{store.name}: rebuilt ({summary})"))
        self.stdout.write(f"Finished in {time.monotonic() - started:.1f} s.")
        if failures:
            raise CommandError("Rebuild failed for " + "; ".join(failures))

    def status(self, stores):
        failures = []
        for store in stores:
            try:
                status = store.status()
            except StoreUnavailable as error:
                failures.append(store.name)
                self.stderr.write(f"{store.name}: unavailable: {error}")
                continue
            self.stdout.write(self.style.MIGRATE_HEADING(f"{store.name}"))
            for locale, details in sorted(status.get("locales", {}).items()):
                extra = ", ".join(f"{key} {value}" for key, value in details.items() if key != "count")
                self.stdout.write(f"  {locale}: {details.get('count', 0)} documents" + (f" ({extra})" if extra else ""))
            pending = PendingIndexUpdate.objects.filter(store=store.name).count()
            self.stdout.write(f"  waiting for retry: {pending}")
        if failures:
            raise CommandError("Unavailable: " + ", ".join(failures))

    def retry(self, stores):
        total_failed = 0
        for store in stores:
            done, failed = retry_pending(store)
            total_failed += failed
            self.stdout.write(f"{store.name}: {done} updated, {failed} still failing")
        if total_failed:
            raise CommandError(f"{total_failed} updates still failing; they stay queued.")
