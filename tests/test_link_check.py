"""``check_sources``: source address checks against a local HTTP server (never the internet)."""

import io
import socket
import threading
import time
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from wagtail.models import PageLogEntry

from faq.link_check import USER_AGENT, check_all, check_url, cited_urls, store_results
from faq.models import FaqPage, SourceLink
from faq.reviews import LINK_ACTION

from .factories import entry_record, write_entries

TIMEOUT = 0.5  # seconds; the slow path sleeps longer


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.0"
    redirects = {
        "/moved": (301, "/new"),
        "/moved-308": (308, "/newer"),
        "/temporary": (302, "/ok"),
        "/see-other": (303, "/ok"),
        "/temporary-307": (307, "/ok"),
        "/temporary-to-404": (302, "/404"),
        "/loop": (302, "/loop"),
        "/to-file": (302, "file:///etc/passwd"),
    }

    def log_message(self, *args):
        """Requests are recorded in ``server.state``; nothing goes to stderr."""

    def _answer(self, status, location=None):
        try:
            self.send_response(status)
            if location:
                self.send_header("Location", location)
            self.send_header("Content-Length", "0")
            self.end_headers()
        except OSError:  # the client gave up (the slow path): nobody to answer
            return

    def _serve(self):
        state = self.server.state
        path = self.path.split("?")[0]
        with state["lock"]:
            state["requests"].append((self.command, path, self.headers.get("User-Agent")))
        if path in self.redirects:
            return self._answer(*self.redirects[path])
        if path in ("/ok", "/new", "/newer"):
            return self._answer(200)
        if path == "/404":
            return self._answer(404)
        if path == "/500":
            return self._answer(500)
        if path == "/head-405":
            return self._answer(405 if self.command == "HEAD" else 200)
        if path == "/slow":
            time.sleep(TIMEOUT * 3)
            return self._answer(200)
        if path == "/count":
            with state["lock"]:
                state["active"] += 1
                state["max_active"] = max(state["max_active"], state["active"])
            time.sleep(0.15)
            with state["lock"]:
                state["active"] -= 1
            return self._answer(200)
        return self._answer(404)

    do_HEAD = do_GET = _serve


@pytest.fixture(autouse=True)
def no_proxy(monkeypatch):
    """A proxy from the environment would send 127.0.0.1 requests elsewhere."""
    for name in ("http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.state = {"lock": threading.Lock(), "requests": [], "active": 0, "max_active": 0}
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    httpd.base = f"http://127.0.0.1:{httpd.server_address[1]}"
    yield httpd
    httpd.shutdown()
    httpd.server_close()
    thread.join(2)


@pytest.fixture
def refused_url():
    with socket.socket() as probe:  # a port that was free a moment ago and that nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}/gone"


def source(url):
    return {
        "title": "Official page", "url": url, "authority": "Ministry", "type": "official",
        "last_verified_on": "2026-10-01", "verified_by": "reviewer", "review_interval_days": None,
    }


def entry(*urls):
    """An entry in four languages (four pages) citing ``urls``; returns every page's id."""
    page = write_entries(entry_record(sources=[source(url) for url in urls]))[0]
    return set(FaqPage.objects.filter(translation_key=page.translation_key).values_list("pk", flat=True))


def link_logs():
    return PageLogEntry.objects.filter(action=LINK_ACTION)


# --- check_url --------------------------------------------------------------------------------


def test_a_working_address_is_ok_and_the_checker_says_who_it_is(server):
    result = check_url(f"{server.base}/ok", timeout=TIMEOUT)
    assert (result.outcome, result.status_code, result.redirect_to) == ("ok", 200, "")
    assert server.state["requests"] == [("HEAD", "/ok", USER_AGENT)]
    assert USER_AGENT.startswith("kb-source-check/1.0")


@pytest.mark.parametrize(("path", "status"), [("/404", 404), ("/500", 500)])
def test_error_answers_are_broken_with_their_status(server, path, status):
    result = check_url(server.base + path, timeout=TIMEOUT)
    assert (result.outcome, result.status_code) == ("broken", status)
    assert result.detail.startswith(f"HTTP {status}")


@pytest.mark.parametrize(("path", "status", "target"), [("/moved", 301, "/new"), ("/moved-308", 308, "/newer")])
def test_permanent_redirects_are_moved_to_an_absolute_address_and_not_followed(server, path, status, target):
    result = check_url(server.base + path, timeout=TIMEOUT)
    assert (result.outcome, result.status_code, result.redirect_to) == ("moved", status, server.base + target)
    assert [p for _m, p, _ua in server.state["requests"]] == [path]


@pytest.mark.parametrize("path", ["/temporary", "/see-other", "/temporary-307"])
def test_temporary_redirects_are_followed_and_judged_by_the_final_answer(server, path):
    result = check_url(server.base + path, timeout=TIMEOUT)
    assert (result.outcome, result.status_code) == ("ok", 200)
    assert [p for _m, p, _ua in server.state["requests"]] == [path, "/ok"]


def test_a_temporary_redirect_to_an_error_is_broken(server):
    assert check_url(f"{server.base}/temporary-to-404", timeout=TIMEOUT).status_code == 404


def test_a_redirect_loop_stops_after_five_hops(server):
    result = check_url(f"{server.base}/loop", timeout=TIMEOUT)
    assert result.outcome == "broken" and "more than 5 redirects" in result.detail
    assert len(server.state["requests"]) == 6


def test_a_redirect_to_a_local_file_is_not_followed(server):
    result = check_url(f"{server.base}/to-file", timeout=TIMEOUT)
    assert result.outcome == "broken" and "unusable address" in result.detail


def test_head_refused_is_retried_with_get(server):
    result = check_url(f"{server.base}/head-405", timeout=TIMEOUT)
    assert (result.outcome, result.status_code) == ("ok", 200)
    assert [m for m, _p, _ua in server.state["requests"]] == ["HEAD", "GET"]


def test_a_slow_server_times_out(server):
    started = time.monotonic()
    result = check_url(f"{server.base}/slow", timeout=TIMEOUT)
    assert (result.outcome, result.status_code, result.detail) == ("broken", None, "timed out after 0.5 s")
    assert time.monotonic() - started < TIMEOUT * 2.5


def test_a_refused_connection_is_broken(refused_url):
    result = check_url(refused_url, timeout=TIMEOUT)
    assert (result.outcome, result.status_code, result.detail) == ("broken", None, "connection refused")


@pytest.mark.parametrize(("url", "detail"), [
    ("not an address", "not a web (http or https) address"),
    ("file:///etc/passwd", "not a web (http or https) address"),
    ("http://127.0.0.1:notaport/", "invalid address"),
    ("http:///no-host", "invalid address: no host name"),
])
def test_invalid_addresses_are_broken_without_any_request(url, detail):
    result = check_url(url, timeout=TIMEOUT)
    assert (result.outcome, result.detail) == ("broken", detail)


# --- check_all --------------------------------------------------------------------------------


def test_check_all_never_exceeds_the_concurrency_limit(server):
    urls = [f"{server.base}/count?n={n}" for n in range(8)]
    seen = []
    results = check_all(urls + urls[:2], timeout=2, concurrency=2, progress=lambda done, total, url, r: seen.append((done, total)))
    assert list(results) == urls  # each address once, in the order given
    assert {r.outcome for r in results.values()} == {"ok"}
    assert server.state["max_active"] == 2
    assert seen[-1] == (8, 8) and len(seen) == 8


def test_check_all_refuses_zero_concurrency():
    with pytest.raises(ValueError):
        check_all(["http://127.0.0.1/"], timeout=TIMEOUT, concurrency=0)


# --- cited addresses and stored results -----------------------------------------------------------


def test_cited_urls_maps_each_address_to_the_entries_citing_it(sections, server):
    from faq.models import Country, CountryFactSheetPage, CountryIndexPage

    shared, own = f"{server.base}/ok", f"{server.base}/404"
    first = entry(shared)
    second = entry(shared, own)
    index = CountryIndexPage.objects.filter(locale__language_code="ro").first()
    index.add_child(instance=CountryFactSheetPage(
        title="Italia", slug="sheet-it", summary="S", country=Country.objects.get(code="IT", locale__language_code="ro"),
        sections=[("section", {"kind": "work", "body": "<p>Work.</p>", "sources": [
            {"title": "Official", "url": f"{server.base}/sheet", "authority": "Ministry",
             "last_verified_on": date(2026, 10, 1), "review_interval_days": None},
        ]})],
    ))
    cited = cited_urls()
    assert cited[shared] == first | second
    assert cited[own] == second
    assert cited[f"{server.base}/sheet"] == set()


def test_store_results_flags_entries_and_logs_each_once(sections, server):
    broken_url, moved_url, ok_url = f"{server.base}/404", f"{server.base}/moved", f"{server.base}/ok"
    broken_pages, moved_pages, fine_pages = entry(broken_url), entry(moved_url), entry(ok_url)
    results = check_all([broken_url, moved_url, ok_url], timeout=TIMEOUT, concurrency=2)

    summary = store_results(results)
    assert summary.counts == {"ok": 1, "broken": 1, "moved": 1}
    assert [(url, r.outcome, n) for url, r, n in summary.problems] == [(broken_url, "broken", 4), (moved_url, "moved", 4)]
    links = {link.url: link for link in SourceLink.objects.all()}
    assert (links[broken_url].outcome, links[broken_url].status_code) == ("broken", 404)
    assert (links[moved_url].outcome, links[moved_url].redirect_to) == ("moved", f"{server.base}/new")
    assert links[ok_url].outcome == "ok" and links[ok_url].checked_at is not None
    for pages, reasons in ((broken_pages, ["broken_link"]), (moved_pages, ["moved_link"])):
        for page in FaqPage.objects.filter(pk__in=pages):
            assert (page.verification_status, page.risk_reasons) == ("at_risk", reasons)
    assert not FaqPage.objects.filter(pk__in=fine_pages, verification_status="at_risk").exists()
    logged = sorted(link_logs().values_list("page_id", flat=True))
    assert logged == sorted(broken_pages | moved_pages)  # exactly one per affected entry page
    assert link_logs().filter(page_id=min(broken_pages)).get().data["links"][0]["status_code"] == 404

    again = store_results(check_all([broken_url, moved_url, ok_url], timeout=TIMEOUT, concurrency=2))
    assert link_logs().count() == len(logged)  # still broken: nothing new is logged
    assert again.newly_problems == [] and again.status_changes == {}


def test_a_link_that_works_again_clears_the_risk_without_a_problem_log(sections, server):
    pages = entry(f"{server.base}/ok")
    store_results({f"{server.base}/ok": check_url(f"{server.base}/404", timeout=TIMEOUT)})
    assert link_logs().count() == len(pages)
    summary = store_results({f"{server.base}/ok": check_url(f"{server.base}/ok", timeout=TIMEOUT)})
    assert summary.recovered == [f"{server.base}/ok"]
    assert set(summary.status_changes) == pages
    assert not FaqPage.objects.filter(pk__in=pages, verification_status="at_risk").exists()
    assert link_logs().count() == len(pages)


# --- the command --------------------------------------------------------------------------------


def test_command_checks_every_cited_address_and_lists_problems(sections, server, refused_url):
    pages = entry(f"{server.base}/ok", f"{server.base}/404")
    entry(f"{server.base}/temporary", refused_url)
    out = io.StringIO()
    call_command("check_sources", "--timeout", "1", stdout=out)
    text = out.getvalue()
    assert "Checking 4 address(es)" in text and "checked 4/4" in text
    assert "ok: 2, broken: 2, moved: 0" in text
    assert f"BROKEN 404  {server.base}/404" in text and "cited by 4 entries" in text
    assert "connection refused" in text
    assert "2 source address(es) broken or moved." in text
    assert SourceLink.objects.count() == 4
    assert set(FaqPage.objects.filter(verification_status="at_risk").values_list("pk", flat=True)) >= pages

    rerun = io.StringIO()
    call_command("check_sources", "--timeout", "1", stdout=rerun)
    assert "newly broken or moved: 0" in rerun.getvalue()
    assert link_logs().count() == 8


def test_command_checks_only_the_given_urls(sections, server):
    entry(f"{server.base}/404")
    out = io.StringIO()
    call_command("check_sources", "--timeout", "1", "--url", f"{server.base}/ok", "--url", f"{server.base}/moved", stdout=out)
    assert sorted(p for _m, p, _ua in server.state["requests"]) == ["/moved", "/ok"]  # not the cited /404
    assert set(SourceLink.objects.values_list("url", flat=True)) == {f"{server.base}/ok", f"{server.base}/moved"}
    assert f"MOVED  301  {server.base}/moved" in out.getvalue()


def test_command_fails_on_problems_when_asked(sections, server):
    entry(f"{server.base}/500")
    with pytest.raises(CommandError, match="1 source address"):
        call_command("check_sources", "--timeout", "1", "--fail-on-problems", stdout=io.StringIO())
    assert SourceLink.objects.get().outcome == "broken"  # stored before failing


def test_command_succeeds_with_fail_on_problems_when_all_work(sections, server):
    entry(f"{server.base}/ok")
    out = io.StringIO()
    call_command("check_sources", "--timeout", "1", "--fail-on-problems", stdout=out)
    assert "Every source address works." in out.getvalue()


@pytest.mark.parametrize("option", [["--concurrency", "0"], ["--timeout", "0"]])
def test_command_refuses_invalid_options(db, option):
    with pytest.raises(CommandError, match=option[0]):
        call_command("check_sources", *option, stdout=io.StringIO())


def test_command_with_nothing_to_check(db):
    out = io.StringIO()
    call_command("check_sources", stdout=out)
    assert "No source addresses to check." in out.getvalue()


def test_command_stores_nothing_when_no_address_answers(sections, refused_url):
    """A checker that lost its network must not put every entry at risk overnight."""
    gone = [refused_url.replace("/gone", f"/gone-{n}") for n in range(3)]
    with pytest.raises(CommandError, match="offline"):
        call_command("check_sources", "--timeout", "1", *[arg for url in gone for arg in ("--url", url)],
                     stdout=io.StringIO())
    assert not SourceLink.objects.exists()
