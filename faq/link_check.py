"""Checking the web addresses that entries and fact sheets cite (``manage.py check_sources``).

A source that has gone (an error page, a dead server) or moved for good (a permanent redirect) no
longer backs what the entry says, so the entry is put at risk until someone looks at it. The check
is deliberately plain: the standard library's HTTP client, one request per address and redirect,
a time limit on every network operation and a bounded number of requests at a time, so that a
nightly run neither hangs on one slow server nor floods the official sites we depend on.

:func:`check_url` and :func:`check_all` only talk to the network; :func:`store_results` only talks
to the database. Tests call them separately against a local server.
"""

import http.client
import socket
import ssl
import urllib.error
import urllib.request
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

from django.db import transaction
from django.utils import timezone

from .vocabulary import LinkOutcome

USER_AGENT = "kb-source-check/1.0 (source link check of the migration knowledge base)"
MAX_REDIRECTS = 5
PERMANENT_REDIRECTS = {301, 308}
TEMPORARY_REDIRECTS = {302, 303, 307}
# Servers that refuse HEAD say so with one of these; the same address is then asked with GET.
HEAD_REFUSED = {405, 501}
URL_MAX_LENGTH = 500  # SourceLink.url, SourceLink.redirect_to, SourceLink.detail
CHECK_REASON = "check_sources"


@dataclass(frozen=True)
class LinkResult:
    outcome: str
    status_code: int | None = None
    detail: str = ""
    redirect_to: str = ""

    @property
    def is_problem(self):
        return self.outcome != LinkOutcome.OK


def _broken(detail, status_code=None):
    return LinkResult(str(LinkOutcome.BROKEN), status_code, detail)


class _KeepRedirects(urllib.request.HTTPRedirectHandler):
    """Never follow a redirect: the 3xx answer reaches :func:`_ask` as an ``HTTPError``, which
    decides whether it is a move (reported) or a detour (followed by hand, hop by hop)."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


def _opener():
    # Built by hand rather than with build_opener(): only HTTP and HTTPS, so an address such as
    # file:///etc/passwd is refused instead of read from this machine's disk.
    opener = urllib.request.OpenerDirector()
    for handler in (
        urllib.request.ProxyHandler(),
        urllib.request.HTTPHandler(),
        urllib.request.HTTPSHandler(),
        urllib.request.HTTPDefaultErrorHandler(),
        _KeepRedirects(),
        urllib.request.HTTPErrorProcessor(),
    ):
        opener.add_handler(handler)
    return opener


def _ask(opener, url, method, timeout):
    """``(status, reason, Location header)`` of one request; the body is never read."""
    request = urllib.request.Request(url, method=method, headers={"User-Agent": USER_AGENT, "Accept": "*/*"})
    try:
        response = opener.open(request, timeout=timeout)
    except urllib.error.HTTPError as answer:  # every 3xx, 4xx and 5xx
        with answer:
            return answer.code, str(answer.reason or ""), answer.headers.get("Location", "")
    with response:
        return response.status, str(response.reason or ""), response.headers.get("Location", "")


def _describe(exc, timeout):
    """A short sentence for an editor, not a traceback."""
    if isinstance(exc, urllib.error.URLError) and isinstance(exc.reason, BaseException):
        exc = exc.reason
    if isinstance(exc, TimeoutError):
        return f"timed out after {timeout:g} s"
    if isinstance(exc, ConnectionRefusedError):
        return "connection refused"
    if isinstance(exc, ConnectionResetError):
        return "connection reset by the server"
    if isinstance(exc, socket.gaierror):
        return "host name not found"
    if isinstance(exc, ssl.SSLCertVerificationError):
        return f"TLS certificate not accepted ({exc.verify_message})"
    if isinstance(exc, ssl.SSLError):
        return "TLS handshake failed"
    if isinstance(exc, http.client.RemoteDisconnected):
        return "connection closed without an answer"
    if isinstance(exc, http.client.HTTPException):
        return "not a valid HTTP answer"
    if isinstance(exc, ValueError | urllib.error.URLError):
        return "invalid address"
    return (getattr(exc, "strerror", None) or str(exc) or type(exc).__name__)[:200]


def _address_problem(url):
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        return "invalid address"
    if parts.scheme not in ("http", "https"):
        return "not a web (http or https) address"
    if not parts.hostname:
        return "invalid address: no host name"
    return ""


def check_url(url, timeout=10):
    """Check one address. HEAD first (GET if the server refuses HEAD); temporary redirects are
    followed up to :data:`MAX_REDIRECTS` hops and judged by where they end; a permanent redirect
    anywhere on the way is reported as ``moved`` with its absolute target.

    ``timeout`` bounds each network operation (connecting, waiting for the answer), not the
    whole check.
    """
    opener = _opener()
    current = url
    for _hop in range(MAX_REDIRECTS + 1):
        problem = _address_problem(current)
        if problem:
            return _broken(problem if current == url else f"redirected to an unusable address: {problem}")
        try:
            status, reason, location = _ask(opener, current, "HEAD", timeout)
            if status in HEAD_REFUSED:
                status, reason, location = _ask(opener, current, "GET", timeout)
        except Exception as exc:  # noqa: BLE001 - any failure to get an answer is a broken link
            return _broken(_describe(exc, timeout))
        if status in PERMANENT_REDIRECTS | TEMPORARY_REDIRECTS:
            if not location:
                return _broken(f"HTTP {status} redirect without a target", status)
            target = urljoin(current, location.strip())
            if status in PERMANENT_REDIRECTS:
                return LinkResult(str(LinkOutcome.MOVED), status, f"moved permanently to {target}", target)
            current = target
            continue
        if 200 <= status < 300:
            detail = "" if current == url else f"temporarily redirected to {current}"
            return LinkResult(str(LinkOutcome.OK), status, detail)
        return _broken(f"HTTP {status} {reason}".strip(), status)
    return _broken(f"more than {MAX_REDIRECTS} redirects")


def check_all(urls, *, timeout, concurrency, progress=None):
    """Check every distinct address, at most ``concurrency`` at a time: ``{url: LinkResult}`` in
    the order given. ``progress(done, total, url, result)`` is called as each check ends."""
    if concurrency < 1:
        raise ValueError("concurrency must be 1 or more")
    unique = list(dict.fromkeys(urls))
    results = {}
    with ThreadPoolExecutor(max_workers=concurrency, thread_name_prefix="check-sources") as pool:
        futures = {pool.submit(check_url, url, timeout): url for url in unique}
        for done, future in enumerate(as_completed(futures), 1):
            url = futures[future]
            results[url] = future.result()
            if progress:
                progress(done, len(unique), url, results[url])
    return {url: results[url] for url in unique}


def cited_urls():
    """``{url: set of FaqPage ids citing it}`` for every entry (every language, drafts included)
    and every fact sheet; an address cited only by fact sheets maps to an empty set."""
    from .models import CountryFactSheetPage, FaqSource

    cited = defaultdict(set)
    for url, page_id in FaqSource.objects.exclude(url="").values_list("url", "page_id"):
        cited[url].add(page_id)
    for sheet in CountryFactSheetPage.objects.all():
        for block in sheet.sections:
            for source in block.value["sources"]:
                if source["url"]:
                    cited.setdefault(source["url"], set())
    return dict(cited)


def _citing(urls):
    from .models import FaqSource

    found = defaultdict(set)
    for url, page_id in FaqSource.objects.filter(url__in=list(urls)).values_list("url", "page_id"):
        found[url].add(page_id)
    return found


@dataclass
class CheckSummary:
    counts: dict  # outcome -> number of addresses
    problems: list  # (url, LinkResult, number of entries citing it), broken and moved
    newly_problems: list = field(default_factory=list)  # urls that became broken or moved now
    recovered: list = field(default_factory=list)  # urls that work again
    status_changes: dict = field(default_factory=dict)  # refresh_statuses(): page id -> (old, new)
    skipped: list = field(default_factory=list)  # urls too long to store

    @property
    def problem_count(self):
        return len(self.problems)


def _fit(text):
    return text if len(text) <= URL_MAX_LENGTH else text[: URL_MAX_LENGTH - 1] + "…"


@transaction.atomic
def store_results(results, user=None):
    """Store each result as the address's :class:`~faq.models.SourceLink`, tell the entries.

    Idempotent: an address whose outcome is what the last check found changes no entry and logs
    nothing; only an address that becomes broken or moved (or moves from one to the other) gets a
    ``faq.link_problem`` log entry, one per entry page citing it. Entries citing an address whose
    outcome changed either way get their status recomputed (which logs and reindexes them).
    An address never checked before counts as working.
    """
    from wagtail.log_actions import log

    from .models import FaqPage, SourceLink
    from .reviews import LINK_ACTION
    from .verification import refresh_statuses

    now = timezone.now()
    storable = {url: result for url, result in results.items() if len(url) <= URL_MAX_LENGTH}
    before = dict(SourceLink.objects.filter(url__in=list(storable)).values_list("url", "outcome"))
    changed, newly = [], []
    for url, result in storable.items():
        redirect_to = result.redirect_to if len(result.redirect_to) <= URL_MAX_LENGTH else ""
        SourceLink.objects.update_or_create(url=url, defaults={
            "outcome": result.outcome, "status_code": result.status_code, "detail": _fit(result.detail),
            "redirect_to": redirect_to, "checked_at": now,
        })
        previous = before.get(url, LinkOutcome.OK)
        if previous != result.outcome:
            changed.append(url)
            if result.is_problem:
                newly.append(url)

    citing = _citing(storable)
    problems_by_page = defaultdict(list)
    for url in newly:
        for page_id in citing[url]:
            problems_by_page[page_id].append(url)
    for page in FaqPage.objects.filter(pk__in=list(problems_by_page)).order_by("pk"):
        log(instance=page, action=LINK_ACTION, user=user, title=page.title, data={"links": [
            {
                "url": url, "outcome": storable[url].outcome, "status_code": storable[url].status_code,
                "detail": _fit(storable[url].detail), "redirect_to": storable[url].redirect_to,
            }
            for url in problems_by_page[page.pk]
        ]})
    affected = sorted({page_id for url in changed for page_id in citing[url]})
    moves = refresh_statuses(affected, user=user, reason=CHECK_REASON) if affected else {}

    counts = {str(outcome): 0 for outcome in LinkOutcome}
    for result in results.values():
        counts[result.outcome] += 1
    return CheckSummary(
        counts=counts,
        problems=[(url, r, len(citing.get(url, ()))) for url, r in results.items() if r.is_problem],
        newly_problems=newly,
        recovered=[url for url in changed if not storable[url].is_problem],
        status_changes=moves,
        skipped=[url for url in results if url not in storable],
    )
