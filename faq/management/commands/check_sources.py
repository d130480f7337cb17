"""Check every cited source address and flag the entries whose sources are broken or have moved.

Meant to run nightly, before ``flag_overdue``: a source that no longer answers, or that moved
permanently, no longer backs what the entry says, so its entries are put at risk and listed in
the source links report. Each address is checked once however many entries cite it, with a time
limit and a bounded number of requests at a time (the official sites we cite are not ours to
load). Idempotent: re-running with the same answers changes and logs nothing.
"""

import logging
import time

from django.core.management.base import BaseCommand, CommandError

from faq.link_check import URL_MAX_LENGTH, check_all, cited_urls, store_results

PROGRESS_EVERY = 50
# With at least this many addresses, no HTTP answer at all means the network is down here.
OFFLINE_GUARD_MIN = 3


class Command(BaseCommand):
    help = "Check every source address of entries and fact sheets; flag entries citing broken or moved ones."

    def add_arguments(self, parser):
        parser.add_argument("--timeout", type=float, default=10.0,
                            help="Seconds to wait for each connection and answer (default 10).")
        parser.add_argument("--concurrency", type=int, default=8,
                            help="Addresses checked at the same time (default 8, at least 1).")
        parser.add_argument("--url", action="append", dest="urls", metavar="URL",
                            help="Check only this address; repeat for several.")
        parser.add_argument("--fail-on-problems", action="store_true",
                            help="Exit with an error when any broken or moved address is found.")

    def handle(self, *args, timeout=10.0, concurrency=8, urls=None, fail_on_problems=False, **options):
        if not timeout > 0:
            raise CommandError("--timeout must be more than 0 seconds")
        if concurrency < 1:
            raise CommandError("--concurrency must be 1 or more")
        for url in urls or ():
            if len(url) > URL_MAX_LENGTH:
                raise CommandError(f"--url: longer than {URL_MAX_LENGTH} characters: {url[:80]}…")
        verbosity = options.get("verbosity", 1)
        targets = list(dict.fromkeys(urls)) if urls else sorted(cited_urls())
        if not targets:
            self.stdout.write("No source addresses to check.")
            return
        self.stdout.write(f"Checking {len(targets)} address(es), {concurrency} at a time, timeout {timeout:g} s")

        def progress(done, total, url, result):
            if verbosity > 1:
                self.stdout.write(f"  {result.outcome:<6} {url}")
            if done == total or done % PROGRESS_EVERY == 0:
                self.stdout.write(f"  checked {done}/{total}")

        started = time.monotonic()
        results = check_all(targets, timeout=timeout, concurrency=concurrency, progress=progress)
        if len(results) >= OFFLINE_GUARD_MIN and not any(r.status_code for r in results.values()):
            # Not one server answered: the checker is offline, not every source broken at once.
            raise CommandError(
                f"None of the {len(results)} addresses answered (first: {next(iter(results.values())).detail}); "
                "is this machine offline? Nothing was stored."
            )
        logging.getLogger("wagtail").setLevel(logging.WARNING)  # one line per reindexed page is noise here
        summary = store_results(results)
        elapsed = time.monotonic() - started

        counts = ", ".join(f"{outcome}: {n}" for outcome, n in summary.counts.items())
        self.stdout.write(f"Checked in {elapsed:.1f} s ({counts})")
        for url, result, entries in summary.problems:
            status = result.status_code or "-"
            self.stdout.write(
                f"  {result.outcome.upper():<6} {status:<4} {url}\n"
                f"         {result.detail} (cited by {entries} entr{'y' if entries == 1 else 'ies'})"
            )
        self.stdout.write(
            f"  newly broken or moved: {len(summary.newly_problems)}, working again: {len(summary.recovered)}, "
            f"entries whose status changed: {len(summary.status_changes)}"
        )
        for url in summary.skipped:
            self.stderr.write(f"  not stored (address longer than {URL_MAX_LENGTH} characters): {url[:80]}…")
        if summary.problems:
            if fail_on_problems:
                raise CommandError(f"{summary.problem_count} source address(es) broken or moved.")
            self.stdout.write(self.style.WARNING(f"{summary.problem_count} source address(es) broken or moved."))
        else:
            self.stdout.write(self.style.SUCCESS("Every source address works."))
