"""The public site with the demo content, served by gunicorn, for bench/public_latency.py and bench/lighthouse.py.

As the browser tests do (tests/browser/conftest.py): a database of its own (a new PostgreSQL
database when DATABASE_URL points at a PostgreSQL server, otherwise a SQLite file), ``migrate``
and ``load_demo``, then gunicorn on a free loopback port with 2 workers. The page cache lives in
a fresh directory (KB_CACHE_LOCATION) that both workers share, so every run starts cold.

Settings: bench/settings.py by default, which is production-like (DEBUG off, hashed and
compressed static files served by whitenoise after ``collectstatic`` into a temporary
STATIC_ROOT, quiet logs) but over plain HTTP on 127.0.0.1, without the HTTPS redirect and HSTS
of kb/settings/production.py. ``--settings kb.settings.test`` serves static files from the apps
instead, as the browser tests do.
"""

import http.client
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit
from xml.etree import ElementTree

from tools.local_site import free_port, postgres_database, wait_until_up

ROOT = Path(__file__).resolve().parent.parent
SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def site_arguments(parser, workers=2):
    """The options every public-site benchmark takes."""
    parser.add_argument("--url", help="measure this running site (e.g. http://127.0.0.1:8000) instead of starting one")
    parser.add_argument("--settings", default="bench.settings", help="DJANGO_SETTINGS_MODULE of the started site")
    parser.add_argument("--workers", type=int, default=workers, help="gunicorn workers of the started site")
    parser.add_argument("--workdir", help="keep the site's SQLite database here and reuse it on the next run "
                                          "(load_demo then finds everything in place); default: a temporary directory")
    parser.add_argument("--throwaway", action="store_true",
                        help="run on a throwaway PostgreSQL (tools/throwaway_postgres.py) instead of SQLite")


def relaunch_on_throwaway(args, script, argv):
    """With ``--throwaway``, run ``script`` again under tools/throwaway_postgres.py; returns its exit code, else None."""
    if not args.throwaway or "KB_BENCH_CHILD" in os.environ:
        return None
    command = [sys.executable, str(ROOT / "tools" / "throwaway_postgres.py"), "--", sys.executable, script,
               *[a for a in (argv if argv is not None else sys.argv[1:]) if a != "--throwaway"]]
    return subprocess.call(command, env={**os.environ, "KB_BENCH_CHILD": "1"})


@contextmanager
def demo_site(args):
    """Yields ``(base_url, description)``: ``--url`` as given, or a started demo site (stopped on exit)."""
    if args.url:
        yield args.url.rstrip("/"), f"the running site at {args.url}"
        return
    temporary = tempfile.mkdtemp(prefix="kb-bench-public-")
    workdir = Path(args.workdir) if args.workdir else Path(temporary)
    workdir.mkdir(parents=True, exist_ok=True)
    drop = None
    if os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        database_url, drop = postgres_database(os.environ["DATABASE_URL"], "kb_bench_public")
        database = "PostgreSQL (a new database, dropped afterwards)"
    else:
        database_url = f"sqlite:///{workdir / 'site.sqlite3'}"
        database = f"SQLite ({workdir / 'site.sqlite3'})"
    env = {
        **os.environ, "DATABASE_URL": database_url, "DJANGO_SETTINGS_MODULE": args.settings,
        "MEDIA_ROOT": str(workdir / "media"), "STATIC_ROOT": str(Path(temporary) / "static"),
        # A fresh page cache every run, shared by the gunicorn workers.
        "KB_CACHE_LOCATION": str(Path(temporary) / "cache"), "PYTHONUNBUFFERED": "1",
    }
    process = log = None
    try:
        started = time.perf_counter()
        manage(env, "migrate", "--noinput", "-v", "0")
        print("Loading the demo content (load_demo: about a minute on a new SQLite file, several on PostgreSQL)...", flush=True)
        manage(env, "load_demo", "-v", "0")
        if args.settings != "kb.settings.test":
            manage(env, "collectstatic", "--noinput", "-v", "0")
        print(f"Demo site ready in {time.perf_counter() - started:.0f} s; {database}, settings {args.settings}", flush=True)
        port = free_port()
        log = open(Path(temporary) / "gunicorn.log", "w")
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "kb.wsgi:application", "--bind", f"127.0.0.1:{port}",
             "--workers", str(args.workers), "--log-level", "warning"],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
        )
        base_url = f"http://127.0.0.1:{port}"
        try:
            wait_until_up(base_url, process, deadline_s=90)
        except RuntimeError as error:
            raise SystemExit(str(error)) from None
        yield base_url, (f"demo site (load_demo) under gunicorn, {args.workers} sync workers, settings {args.settings}, "
                         f"{database.split(' (')[0]}, file page cache shared by the workers")
    finally:
        if process is not None:
            process.terminate()
            process.wait(timeout=20)
        if log is not None:
            log.close()
            text = Path(log.name).read_text(encoding="utf-8", errors="replace").strip()
            if text:
                print("gunicorn log (last lines):\n  " + "\n  ".join(text.splitlines()[-10:]), flush=True)
        if drop:
            drop()
        shutil.rmtree(temporary, ignore_errors=True)


def manage(env, *arguments):
    result = subprocess.run([sys.executable, "manage.py", *arguments], cwd=ROOT, env=env, capture_output=True,
                            text=True, timeout=1800)
    if result.returncode:
        raise SystemExit(f"manage.py {' '.join(arguments)} failed:\n{result.stdout[-2000:]}\n{result.stderr[-4000:]}")
    return result.stdout


def get(base_url, path, headers=None, timeout=10):
    """One GET on a new connection: ``(status, headers, body)``."""
    parts = urlsplit(base_url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port or 80, timeout=timeout)
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.headers, response.read()
    finally:
        connection.close()


LANGUAGE_ROOT = re.compile(r"^/([a-z]{2}(?:-[a-z0-9]+)?)/$")


def classify(paths):
    """Site-relative public URLs grouped as ``home``, ``faq index``, ``category``, ``entry`` and ``other``.

    The FAQ index's slug is translated (/ro/intrebari/, /ru/voprosy/, /en/questions/...), so the
    indexes are found from the category listings below them (``<index>category/<path>/``); an
    entry is any other URL below an index.
    """
    indexes = {path.split("category/", 1)[0] for path in paths if "/category/" in path}
    grouped = {}
    for path in paths:
        if LANGUAGE_ROOT.match(path):
            kind = "home"
        elif path in indexes:
            kind = "faq index"
        elif "/category/" in path:
            kind = "category"
        elif any(path.startswith(index) for index in indexes):
            kind = "entry"
        else:
            kind = "other"
        grouped.setdefault(kind, []).append(path)
    return grouped


def sitemap_paths(base_url):
    """Every URL of /sitemap.xml as a site-relative path, grouped by ``classify``."""
    status, _headers, body = get(base_url, "/sitemap.xml", timeout=60)
    if status != 200:
        raise SystemExit(f"/sitemap.xml answered {status}")
    paths = []
    for loc in ElementTree.fromstring(body).iter(f"{SITEMAP_NS}loc"):
        parts = urlsplit(loc.text.strip())
        paths.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return classify(paths)
