"""Browser tests: Debian's Chromium, driven by Playwright, against the product served by gunicorn.

The site under test runs in its own process on its own database, filled once per session with the
demo content. pytest-django's live server would share the test database, which is emptied after
every test; loading the demo content takes a minute or two, so it is loaded once here instead.
Tests therefore change data only through the site itself, as a user would.
"""

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.processes import ASYNC_UNSAFE, child_environment
from tools.local_site import free_port, postgres_database, wait_until_up

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = ROOT / "docs" / "screenshots"
# Quiet, reproducible Chromium: no network of its own, no first-run screens, no GPU.
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
]
DEMO_PASSWORD_SUFFIX = "-demo"


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist turns the group marks into node ids
def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/browser/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)
            # Under pytest-xdist (make test), one worker runs every browser test, so the site and
            # its demo content are loaded once.
            item.add_marker(pytest.mark.xdist_group("browser"))


def pytest_collection_finish(session):
    """Under ``--dist loadgroup`` each worker's ids carry the group; without it every worker that
    gets a browser test builds its own demo site (pytest 9.2 with pytest-xdist 3.8 did this
    silently, adding minutes to ``make test``)."""
    if not getattr(session.config.option, "loadgroup", False):
        return
    ungrouped = [item.nodeid for item in session.items
                 if item.get_closest_marker("browser") and not item.nodeid.endswith("@browser")]
    if ungrouped:
        raise pytest.UsageError(f"pytest-xdist did not group the browser tests (first: {ungrouped[0]}); "
                                "check the pytest and pytest-xdist versions in requirements-dev.txt")


def _require_chromium():
    if CHROMIUM.exists():
        return
    message = f"{CHROMIUM} is missing: install Debian's chromium package (apt-get install chromium); .ci/run does."
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


@dataclass
class Site:
    base_url: str
    env: dict

    def url(self, path):
        return self.base_url + path

    def manage(self, *args):
        """Run a management command against the site's database (for set-up a user cannot do)."""
        return subprocess.run(
            [sys.executable, "manage.py", *args], cwd=ROOT, env=self.env, check=True, capture_output=True,
            text=True, timeout=600,
        ).stdout


@pytest.fixture(scope="session")
def site(tmp_path_factory):
    """The product with demo content, served by gunicorn on a free loopback port."""
    _require_chromium()
    workdir = tmp_path_factory.mktemp("site")
    drop = None
    if os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        database_url, drop = postgres_database(os.environ["DATABASE_URL"], "kb_browser")
    else:
        database_url = f"sqlite:///{workdir / 'site.sqlite3'}"
    env = child_environment({
        "DATABASE_URL": database_url, "DJANGO_SETTINGS_MODULE": "kb.settings.test",
        "MEDIA_ROOT": str(workdir / "media"), "KB_CACHE_LOCATION": str(workdir / "cache"),
        "PYTHONUNBUFFERED": "1",
    })
    site = Site(base_url="", env=env)
    site.manage("migrate", "--noinput", "-v", "0")
    site.manage("load_demo", "-v", "0")
    port = free_port()
    log = open(workdir / "gunicorn.log", "w")
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "kb.wsgi:application", "--bind", f"127.0.0.1:{port}",
         "--workers", "2", "--log-level", "warning"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    site.base_url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(site.base_url, process)
        yield site
    finally:
        process.terminate()
        process.wait(timeout=20)
        log.close()
        if drop:
            drop()


@pytest.fixture(scope="session")
def browser(site, tmp_path_factory):
    from playwright.sync_api import sync_playwright

    # Playwright's sync API leaves its event loop marked as running in this thread, and Django
    # then refuses database work as "async unsafe". The worker that runs the browser tests runs
    # other tests after them (pytest-xdist groups, it does not order), so the guard is lifted
    # while the browser is open; the product itself is synchronous WSGI.
    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        patch.setenv(ASYNC_UNSAFE, "true")
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def anonymous_page(browser, site):
    context = browser.new_context(base_url=site.base_url, locale="ro-RO", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def log_in(page, username, next_path):
    """Sign in through the real login form, as staff do, and land on ``next_path``."""
    page.goto(next_path)
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", username + DEMO_PASSWORD_SUFFIX)
    page.click("button[type=submit], input[type=submit]")
    page.wait_for_load_state("domcontentloaded")


@pytest.fixture(scope="session")
def operator_state(browser, site, tmp_path_factory):
    """The operator's signed-in browser state, created once through the login form."""
    context = browser.new_context(base_url=site.base_url)
    page = context.new_page()
    log_in(page, "operator", "/ro/console/")
    path = tmp_path_factory.mktemp("state") / "operator.json"
    context.storage_state(path=str(path))
    context.close()
    return str(path)


@pytest.fixture
def operator_page(browser, site, operator_state):
    """A fresh tab of a signed-in operator, allowed to use the clipboard."""
    context = browser.new_context(
        base_url=site.base_url, storage_state=operator_state, locale="ro-RO",
        viewport={"width": 1280, "height": 900}, permissions=["clipboard-read", "clipboard-write"],
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture(scope="session")
def screenshots():
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


def axe_violations(page, impacts=("serious", "critical")):
    """axe-core's violations of the given impacts on the page as it is now."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        {"id": item["id"], "impact": item["impact"], "help": item["help"],
         "targets": [node["target"] for node in item["nodes"]][:5]}
        for item in results.response["violations"] if item["impact"] in impacts
    ]
