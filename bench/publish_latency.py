#!/usr/bin/env python3
"""Publish to searchable: how long an operator waits for a published change (DESIGN.md section 6).

    DATABASE_URL=postgres://... .venv/bin/python bench/publish_latency.py [--rounds 20] [--json out.json]
    .venv/bin/python bench/publish_latency.py --throwaway     # starts its own PostgreSQL, loads the demo

gunicorn serves the operator search API, as in bench/search_latency.py. Each round takes a
published demo entry, saves a revision whose question carries a made-up word, and publishes it
here, in this process, while a second thread asks ``/api/search/`` for the word every 10 ms over
HTTP. The time counted runs from the start of ``publish()`` to the first answer with the entry as
the top hit. Then the entry is unpublished and timed until the word finds nothing, and finally
republished as it was (not timed). Target: both within 1 s, every round.

It edits content: run it on a throwaway or staging database. The benchmark's own searches are
removed from the search analytics afterwards.
"""

import argparse
import json
import random
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.search_latency import (  # noqa: E402
    Server, on_postgres, operator_cookie, run_facts, save_json, server_arguments, setup_django, summary,
)

TARGET_MS = 1000
POLL_INTERVAL_S = 0.010
GIVE_UP_S = 10
# Made-up words in the script of each locale: no entry contains them, and stemmers leave them whole.
LETTERS = {
    "latin": ("bdfgklmnprstvz", "aeiou"),
    "cyrillic": ("бвгдзклмнпрстф", "аеиоу"),
}
CYRILLIC_LOCALES = {"ru", "uk"}


def made_up_word(rng, locale):
    consonants, vowels = LETTERS["cyrillic" if locale in CYRILLIC_LOCALES else "latin"]
    return "".join(rng.choice(consonants) + rng.choice(vowels) for _ in range(5))


def ensure_demo_content():
    from django.core.management import call_command

    from faq.models import FaqPage

    call_command("migrate", verbosity=0)
    if not FaqPage.objects.live().exists():
        print("Loading the demo content (load_demo)...", flush=True)
        call_command("load_demo", verbosity=0)
    return FaqPage.objects.live().count()


def pick_entries(rounds, rng):
    """``rounds`` live entries, spread over the locales, in a reproducible order."""
    from faq.models import FaqPage

    by_locale = {}
    for pk, locale in FaqPage.objects.live().order_by("pk").values_list("pk", "locale__language_code"):
        by_locale.setdefault(locale, []).append(pk)
    for pks in by_locale.values():
        rng.shuffle(pks)
    picked = []
    while len(picked) < rounds and any(by_locale.values()):
        for pks in by_locale.values():
            if pks and len(picked) < rounds:
                picked.append(pks.pop())
    return picked


class Poller:
    """Asks ``path`` every 10 ms in a thread until ``condition(response body)`` holds.

    ``elapsed_ms`` is counted from ``started`` (taken just before the action being timed) to the
    arrival of the first answer that satisfied the condition; None if it never did.
    """

    def __init__(self, server, path, cookie, condition):
        self.server, self.path, self.cookie, self.condition = server, path, cookie, condition
        self.elapsed_ms = None
        self.errors = 0
        self.thread = threading.Thread(target=self.run, daemon=True)

    def start(self):
        self.started = time.perf_counter()
        self.thread.start()

    def run(self):
        while time.perf_counter() - self.started < GIVE_UP_S:
            try:
                status, body = self.server.get(self.path, self.cookie)
            except OSError:
                status, body = None, b""
            if status == 200 and self.condition(json.loads(body)):
                self.elapsed_ms = (time.perf_counter() - self.started) * 1000
                return
            self.errors += status != 200
            time.sleep(POLL_INTERVAL_S)

    def wait(self):
        self.thread.join(GIVE_UP_S + 5)
        return self.elapsed_ms


def timed_until_seen(server, cookie, path, condition, action):
    """Run ``action`` while polling; how long until the search showed it, and how long the action took."""
    poller = Poller(server, path, cookie, condition)
    poller.start()
    action()
    action_ms = (time.perf_counter() - poller.started) * 1000
    return {"seen_ms": poller.wait(), "action_ms": action_ms, "failed_polls": poller.errors}


def one_round(server, cookie, page_id, word, publisher):
    from faq.models import FaqPage
    from faq.translations import save_and_publish

    page = FaqPage.objects.get(pk=page_id)
    locale = page.locale.language_code
    original_title = page.title
    path = f"/api/search/?{urlencode({'q': word, 'locale': locale, 'scope': 'operator'})}"

    def top_hit_is_entry(body):
        return bool(body["hits"]) and body["hits"][0]["page_id"] == page_id

    def entry_absent(body):
        return all(hit["page_id"] != page_id for hit in body["hits"])

    page.title = f"{original_title} {word}"
    revision = page.save_revision(user=publisher, log_action=True)
    try:
        searchable = timed_until_seen(
            server, cookie, path, top_hit_is_entry,
            lambda: revision.publish(user=publisher),
        )
        gone = timed_until_seen(
            server, cookie, path, entry_absent, lambda: FaqPage.objects.get(pk=page_id).unpublish(user=publisher),
        )
    finally:
        page = FaqPage.objects.get(pk=page_id)
        page.title = original_title
        save_and_publish(page, user=publisher)
    return {"locale": locale, "page_id": page_id, "word": word, "searchable": searchable, "gone": gone}


def measure(rounds, workers, seed):
    from django.contrib.auth import get_user_model

    from faq.models import FaqPage
    from search.analytics.models import SearchQueryLog
    from search.backends import configured_backend

    rng = random.Random(seed)
    cookie = operator_cookie()
    publisher = get_user_model().objects.get(username="admin")  # may publish and unpublish anything
    page_ids = pick_entries(rounds, rng)
    server = Server(workers)
    words = []
    try:
        for locale in ("ro", "ru", "uk", "en"):  # warm every worker's connections and caches
            for _ in range(workers * 2):
                server.get(f"/api/search/?{urlencode({'q': 'permis', 'locale': locale, 'scope': 'operator'})}", cookie)
        results = []
        for number, page_id in enumerate(page_ids, 1):
            word = made_up_word(rng, FaqPage.objects.get(pk=page_id).locale.language_code)
            words.append(word)
            results.append(one_round(server, cookie, page_id, word, publisher))
            seen = results[-1]["searchable"]["seen_ms"]
            print(f"  round {number}/{len(page_ids)} ({results[-1]['locale']}): "
                  f"{'not searchable' if seen is None else f'{seen:.0f} ms'}", flush=True)
    finally:
        server.stop()
        # The polls are the benchmark's, not anyone's searches: keep them out of the analytics.
        SearchQueryLog.objects.filter(query__in=words).delete()
    return {
        **run_facts(),
        "backend": configured_backend(), "workers": workers, "rounds": results,
    }


def summarise(rounds, key):
    """Summaries of (time until seen, time of the publish or unpublish call); never seen counts as an error."""
    seen = [r[key]["seen_ms"] for r in rounds if r[key]["seen_ms"] is not None]
    found = summary(seen, errors=sum(r[key]["seen_ms"] is None for r in rounds))
    found["max"] = max(seen, default=float("nan"))
    actions = [r[key]["action_ms"] for r in rounds]
    calls = summary(actions)
    calls["max"] = max(actions, default=float("nan"))
    return found, calls


def report(results):
    lines = [
        f"Publish to searchable, {len(results['rounds'])} rounds, {results['backend']} store (PostgreSQL), "
        f"gunicorn {results['workers']} workers, polling every {POLL_INTERVAL_S * 1000:.0f} ms, "
        f"{results['date']}, {results['machine']}",
        "",
        "| measurement | n | p50 ms | p95 ms | max ms | never seen |",
        "|---|---|---|---|---|---|",
    ]
    met = True
    for key, label, call in (("searchable", "publish -> top hit", "publish() call"),
                             ("gone", "unpublish -> gone", "unpublish() call")):
        seen, calls = summarise(results["rounds"], key)
        results[f"{key}_summary"], results[f"{key}_call_summary"] = seen, calls
        lines.append(f"| {label} | {seen['n']} | {seen['p50']:.0f} | {seen['p95']:.0f} | {seen['max']:.0f} | {seen['errors']} |")
        lines.append(f"| {call} alone | {calls['n']} | {calls['p50']:.0f} | {calls['p95']:.0f} | {calls['max']:.0f} | - |")
        met = met and seen["errors"] == 0 and seen["max"] <= TARGET_MS
    lines += ["", f"- {'met' if met else 'MISSED'}: every change searchable (or gone) within {TARGET_MS} ms"]
    return "\n".join(lines), met


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=20, help="entries edited, published and unpublished")
    parser.add_argument("--seed", type=int, default=7, help="picks the entries and the made-up words")
    server_arguments(parser, workers=2)
    args = parser.parse_args(argv)
    relaunched = on_postgres(args.throwaway, __file__, argv)
    if relaunched is not None:
        return relaunched
    setup_django()
    entries = ensure_demo_content()
    print(f"{entries} live entries; {args.rounds} rounds", flush=True)
    results = measure(args.rounds, args.workers, args.seed)
    text, met = report(results)
    print(text)
    save_json(args.json, results)
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
