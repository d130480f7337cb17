#!/usr/bin/env python3
"""Public pages under load through gunicorn: cached entry pages, home pages and category pages (issue 7 point 6).

    .venv/bin/python bench/public_latency.py                      # starts a demo site (SQLite)
    .venv/bin/python bench/public_latency.py --throwaway          # ... on a throwaway PostgreSQL
    .venv/bin/python bench/public_latency.py --url http://127.0.0.1:8000

1. Starts the demo site (bench/demo_site.py: ``migrate`` + ``load_demo`` on a database of its
   own, gunicorn with 2 workers, bench/settings.py, a fresh file page cache shared by the
   workers through KB_CACHE_LOCATION), or takes ``--url``.
2. Reads /sitemap.xml and picks ``--entries`` entry pages spread over the four languages (an
   entry is a URL below a language's FAQ index that is not a category listing), the four home
   pages and ``--categories`` category listings.
3. Warms them: one request each, as an anonymous reader, so each language's page cache holds
   them (reported as the first, uncached request).
4. For each kind in turn, ``--clients`` threads (8) request the kind's pages round-robin,
   back to back, each over its own http.client connection (kept alive when the server allows;
   gunicorn's sync workers close it after every response), for ``--duration`` seconds or
   ``--requests`` requests. Reports p50/p95/p99/max, requests/s, errors, and how many
   responses said ``X-KB-Page-Cache: hit`` (or miss, or carried no such header). The clients
   send a reader's browser user agent, so the site counts their entry views as readers' visits;
   one more entry run sends a search engine's user agent (not counted) to show that cost.
Target: cached entry pages p95 <= ``--target-ms`` (50) ms with 8 clients, 0 errors; the exit
code is 1 when missed.
"""

import argparse
import http.client
import json
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.demo_site import demo_site, relaunch_on_throwaway, site_arguments, sitemap_paths  # noqa: E402
from bench.search_latency import run_facts, summary  # noqa: E402

CACHE_HEADER = "X-KB-Page-Cache"
# What a browser sends; no cookies, so every request is an anonymous reader's. The user agent is
# a reader's browser, so the site treats the requests as readers' visits (an entry view is
# counted); CRAWLER is what a search engine sends, for the row that shows what counting costs.
READER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/150.0.0.0 Safari/537.36"
CRAWLER = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"
HEADERS = {
    "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
    "Accept-Encoding": "gzip, deflate",
    "User-Agent": READER,
}


class Tally:
    """Latencies and what the responses said, shared by the client threads."""

    def __init__(self):
        self.lock = threading.Lock()
        self.latencies, self.errors, self.statuses, self.cache, self.set_cookie, self.bytes = [], 0, {}, {}, 0, 0
        self.error_samples = []

    def add(self, elapsed_ms, status, headers, size, error=None):
        with self.lock:
            self.latencies.append(elapsed_ms)
            self.statuses[status] = self.statuses.get(status, 0) + 1
            if status != 200:
                self.errors += 1
                if len(self.error_samples) < 5:
                    self.error_samples.append(error or f"HTTP {status}")
            if headers is not None:
                value = (headers.get(CACHE_HEADER) or "(none)").strip().lower()
                self.cache[value] = self.cache.get(value, 0) + 1
                self.set_cookie += headers.get("Set-Cookie") is not None
                self.bytes += size

    def summary(self, wall_s=None):
        found = {
            **summary(self.latencies, errors=self.errors), "max": max(self.latencies, default=float("nan")),
            "statuses": {str(k): v for k, v in sorted(self.statuses.items(), key=str)}, "cache_header": dict(self.cache),
            "set_cookie": self.set_cookie, "mean_bytes": self.bytes / max(1, len(self.latencies)),
            "error_samples": self.error_samples,
        }
        if wall_s:
            found["rps"] = len(self.latencies) / wall_s
        return found


class Client:
    """One reader's connection; http.client opens it again whenever the server closed it."""

    def __init__(self, base_url, user_agent=READER):
        self.headers = {**HEADERS, "User-Agent": user_agent}
        parts = urlsplit(base_url)
        self.host, self.port = parts.hostname, parts.port or 80
        self.connection = http.client.HTTPConnection(self.host, self.port, timeout=30)

    def get(self, path, tally):
        started = time.perf_counter()
        try:
            self.connection.request("GET", path, headers=self.headers)
            response = self.connection.getresponse()
            body = response.read()
            tally.add((time.perf_counter() - started) * 1000, response.status, response.headers, len(body))
            if response.will_close:
                self.connection.close()
        except (OSError, http.client.HTTPException) as exc:
            tally.add((time.perf_counter() - started) * 1000, "error", None, 0, error=f"{type(exc).__name__}: {exc}")
            self.connection.close()
            self.connection = http.client.HTTPConnection(self.host, self.port, timeout=30)

    def close(self):
        self.connection.close()


def warm(base_url, paths):
    """One request per page, one after the other: fills the page cache; returns the tally of these first requests."""
    tally, client = Tally(), Client(base_url)
    for path in paths:
        client.get(path, tally)
    client.close()
    return tally.summary()


def load(base_url, paths, clients, duration_s, requests, user_agent=READER):
    """``clients`` threads ask for ``paths`` round-robin until ``duration_s`` is over or ``requests`` are done."""
    tally, counter, lock = Tally(), [0], threading.Lock()

    def next_index():
        with lock:
            counter[0] += 1
            return counter[0] - 1

    def run(offset):
        client = Client(base_url, user_agent)
        try:
            while True:
                index = next_index()
                if requests and index >= requests:
                    return
                if not requests and time.perf_counter() >= deadline:
                    return
                client.get(paths[(offset + index) % len(paths)], tally)
        finally:
            client.close()

    threads = [threading.Thread(target=run, args=(number * 7,)) for number in range(clients)]
    started = time.perf_counter()
    deadline = started + duration_s
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return tally.summary(time.perf_counter() - started)


def spread(paths, count):
    """``count`` of ``paths`` evenly spaced, so every language (they are sorted by address) is represented."""
    paths = sorted(paths)
    if count >= len(paths):
        return paths
    step = len(paths) / count
    return [paths[int(i * step)] for i in range(count)]


def load_average():
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "?"


def cache_words(row):
    cache = row["cache_header"]
    hits = cache.get("hit", 0)
    others = ", ".join(f"{value} {count}" for value, count in sorted(cache.items()) if value != "hit")
    return f"{hits} hit" + (f", {others}" if others else "")


def report(results, target_ms):
    lines = [
        f"Public pages through gunicorn, {results['date']}, {results['machine']}, load average before "
        f"{results['load_before']}, after {results['load_after']}",
        f"Site: {results['site']}",
        f"Pages: {results['pages']['entry']} entries, {results['pages']['home']} home pages, "
        f"{results['pages']['category']} category pages (from /sitemap.xml; {results['sitemap_urls']} URLs listed); "
        f"{results['clients']} clients, {results['budget']} per kind",
        "",
        f"| measurement | n | p50 ms | p95 ms | p99 ms | max ms | requests/s | errors | {CACHE_HEADER} | Set-Cookie | KiB |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for name, row in results["runs"].items():
        rps = f"{row['rps']:.0f}" if "rps" in row else "-"
        lines.append(
            f"| {name} | {row['n']} | {row['p50']:.1f} | {row['p95']:.1f} | {row['p99']:.1f} | {row['max']:.1f} | {rps} "
            f"| {row['errors']} | {cache_words(row)} | {row['set_cookie']} | {row['mean_bytes'] / 1024:.1f} |"
        )
    for name, row in results["runs"].items():
        if row["error_samples"]:
            lines.append(f"  {name}: statuses {row['statuses']}; e.g. {'; '.join(map(str, row['error_samples']))}")
    entries = results["runs"][f"entry pages, {results['clients']} clients"]
    hits = entries["cache_header"].get("hit", 0)
    lines.append("")
    if hits == 0:
        lines.append(f"- No entry response carried {CACHE_HEADER}: hit: measured without (before) the page cache.")
    else:
        lines.append(f"- {hits} of {entries['n']} entry responses were served from the page cache ({CACHE_HEADER}: hit).")
    met = entries["p95"] <= target_ms and entries["errors"] == 0
    lines.append(f"- {'met' if met else 'MISSED'}: entry pages p95 <= {target_ms:g} ms with {results['clients']} clients, "
                 f"0 errors (p95 {entries['p95']:.1f} ms, {entries['errors']} errors)")
    return "\n".join(lines), met


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    site_arguments(parser, workers=2)
    parser.add_argument("--entries", type=int, default=40, help="entry pages, spread over the languages")
    parser.add_argument("--categories", type=int, default=20, help="category listings, spread over the languages")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--duration", type=float, default=20, help="seconds per kind of page")
    parser.add_argument("--requests", type=int, help="a fixed number of requests per kind instead of --duration")
    parser.add_argument("--target-ms", type=float, default=50, help="entry pages' p95 target")
    parser.add_argument("--no-crawler", action="store_true",
                        help="skip the extra entry run with a search engine's user agent (whose visits are not counted)")
    parser.add_argument("--json", help="also write the results to this file")
    args = parser.parse_args(argv)
    relaunched = relaunch_on_throwaway(args, __file__, argv)
    if relaunched is not None:
        return relaunched
    with demo_site(args) as (base_url, description):
        grouped = sitemap_paths(base_url)
        pages = {
            "entry": spread(grouped.get("entry", []), args.entries),
            "home": sorted(grouped.get("home", [])),
            "category": spread(grouped.get("category", []), args.categories),
        }
        missing = [kind for kind, paths in pages.items() if not paths]
        if missing:
            raise SystemExit(f"/sitemap.xml lists no {', '.join(missing)} pages: {({k: len(v) for k, v in grouped.items()})}")
        print(f"{base_url}: {sum(map(len, grouped.values()))} sitemap URLs; measuring "
              f"{', '.join(f'{len(paths)} {kind}' for kind, paths in pages.items())} pages", flush=True)
        runs = {}
        for kind, paths in pages.items():
            runs[f"{kind} pages, first request (warm-up)"] = warm(base_url, paths)
        load_before = load_average()
        for kind, paths in pages.items():
            print(f"  {kind} pages: {args.clients} clients...", flush=True)
            runs[f"{kind} pages, {args.clients} clients"] = load(base_url, paths, args.clients, args.duration, args.requests)
        if not args.no_crawler:
            print(f"  entry pages as a crawler: {args.clients} clients...", flush=True)
            runs[f"entry pages, {args.clients} clients, crawler user agent"] = load(
                base_url, pages["entry"], args.clients, args.duration, args.requests, CRAWLER)
        load_after = load_average()
    ordered = {name: runs[name] for kind in pages for name in runs if name.startswith(kind)}
    results = {
        **run_facts(), "load_before": load_before, "load_after": load_after,
        "site": description, "sitemap_urls": sum(map(len, grouped.values())),
        "pages": {kind: len(paths) for kind, paths in pages.items()}, "paths": pages, "clients": args.clients,
        "budget": f"{args.requests} requests" if args.requests else f"{args.duration:g} s", "runs": ordered,
    }
    text, met = report(results, args.target_ms)
    print(text)
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2, ensure_ascii=False), encoding="utf-8")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
