"""Search analytics: masking, what a log row may hold, opened answers, reports and retention."""

import csv
import io
import time
from datetime import timedelta

import openpyxl
import pytest
from django.core import signing
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from search.analytics import services
from search.analytics.masking import mask_personal_data, normalise_query
from search.analytics.models import SearchQueryLog
from search.query import OPERATOR, PUBLIC, SearchRequest, SearchResult

from .clients import signed_in
from .factories import entry_record, write_entries

OPENED_URL = "/api/search/opened/"
TOP_URL = "/admin/reports/searches/top/"
ZERO_URL = "/admin/reports/searches/no-results/"


def result(total=3, backend="database", took_ms=12.5):
    return SearchResult(hits=[], total=total, facets={}, took_ms=took_ms, backend=backend)


def log_search(text, *, locale="ro", scope=PUBLIC, total=3, backend="database", age=timedelta(0), **filters):
    log_id = services.record_search(SearchRequest(text=text, locale=locale, scope=scope, **filters), result(total, backend))
    if age:
        SearchQueryLog.objects.filter(pk=log_id).update(created_at=timezone.now() - age)
    return log_id


# --- masking -------------------------------------------------------------------------------


@pytest.mark.smoke
@pytest.mark.parametrize("typed", [
    "+373 69 123 456", "+37369123456", "069123456", "069 123 456", "069-123-456", "069.123.456",
    "(0) 69-12-34-56", "+373-69-123-456", "069 – 123 – 456", "0 69 12 34 56", "+39 333 123 4567",
])
def test_every_phone_format_becomes_masks_only(typed):
    masked = mask_personal_data(f"sună la {typed} azi")
    assert not any(char.isdigit() for char in masked)
    assert masked.startswith("sună la ") and masked.endswith(" azi")


@pytest.mark.smoke
def test_a_phone_with_separators_is_one_mask():
    assert mask_personal_data("+373 69 123 456") == "#"
    assert mask_personal_data("tel. 069-123-456, mulțumesc") == "tel. #, mulțumesc"


@pytest.mark.smoke
def test_idnp_and_other_digit_runs_are_masked():
    assert mask_personal_data("IDNP 2001234567890 pașaport") == "IDNP # pașaport"
    assert mask_personal_data("născut 12.03.1990") == "născut #"
    assert mask_personal_data("ион1985") == "ион#"
    assert mask_personal_data("٠٦٩١٢٣٤٥٦") == "#"  # Arabic-Indic digits are digits too


@pytest.mark.smoke
@pytest.mark.parametrize("typed, expected", [
    ("ion.popescu@gmail.com", "[email]"),
    ("scrieți la ion.popescu+kb@mail.md.", "scrieți la [email]."),
    ("<maria_1990@yandex.ru>", "<[email]>"),
    ("Олена@укр.нет питання", "[email] питання"),
])
def test_email_addresses_are_masked(typed, expected):
    assert mask_personal_data(typed) == expected


@pytest.mark.smoke
def test_mixed_text_keeps_everything_that_is_not_personal():
    typed = "Ion Popescu, 069123456, ion@mail.md, permis de ședere în Italia"
    assert mask_personal_data(typed) == "Ion Popescu, #, [email], permis de ședere în Italia"


@pytest.mark.smoke
@pytest.mark.parametrize("text", ["permis de ședere", "вид на жительство", "посвідка", "A-B test: why? (EU)", "#"])
def test_text_without_digits_or_addresses_is_unchanged(text):
    assert mask_personal_data(text) == text


@pytest.mark.smoke
def test_masked_query_is_at_most_200_characters():
    assert len(mask_personal_data("a@b " * 100)) == 200
    assert mask_personal_data("x" * 300) == "x" * 200


@pytest.mark.smoke
def test_normalised_query_is_lower_case_with_single_spaces():
    assert normalise_query("  Permis   DE ședere ") == "permis de ședere"


# --- recording searches --------------------------------------------------------------------

PERMITTED_FIELDS = {
    "id", "created_at", "locale", "scope", "query", "normalised_query", "category", "country", "audience",
    "result_count", "latency_ms", "backend", "opened_answer_number", "opened_rank", "opened_at",
}


@pytest.mark.smoke
def test_the_log_has_no_field_for_personal_data():
    # A new field (user, session, IP, user agent, phone...) must be a deliberate, reviewed change.
    assert {field.name for field in SearchQueryLog._meta.get_fields()} == PERMITTED_FIELDS
    assert not any(field.is_relation for field in SearchQueryLog._meta.get_fields())


@pytest.mark.smoke
def test_record_search_stores_the_masked_query_filters_and_outcome(db):
    request = SearchRequest(
        text="Permis  ședere Ion 069 123 456 ion@mail.md", locale="ru", scope=OPERATOR,
        category="entry-stay-documents/residence-permits", country="IT", audience="labour-migrant", page=2,
    )
    log = SearchQueryLog.objects.get(pk=services.record_search(request, result(7, "database-fallback", 41.25)))
    assert log.query == "Permis  ședere Ion # [email]"
    assert log.normalised_query == "permis ședere ion # [email]"
    assert (log.locale, log.scope, log.backend) == ("ru", "operator", "database-fallback")
    assert (log.category, log.country, log.audience) == ("entry-stay-documents/residence-permits", "IT", "labour-migrant")
    assert (log.result_count, log.latency_ms) == (7, 41.25)
    assert (log.opened_answer_number, log.opened_rank, log.opened_at) == ("", None, None)
    assert abs(log.created_at - timezone.now()) < timedelta(minutes=1)


@pytest.mark.smoke
def test_digits_smuggled_into_a_filter_are_masked_too(db):
    log = SearchQueryLog.objects.get(pk=log_search("permis", category="call-069123456"))
    assert log.category == "call-#"


@pytest.mark.smoke
def test_the_search_api_logs_masked_queries_and_returns_a_token(client, sections):
    write_entries(entry_record("A-0401", translation={"keywords": ["permis de ședere"]}))
    body = client.get("/api/search/", {"q": "permis de sedere 069123456", "locale": "ro"}).json()
    log = SearchQueryLog.objects.get()
    assert log.query == "permis de sedere #" and log.result_count == body["total"] >= 1
    assert services.log_id_from_token(body["log_token"]) == log.pk
    assert not SearchQueryLog.objects.filter(query__contains="069").exists()


# --- opened answers ------------------------------------------------------------------------


@pytest.mark.smoke
def test_record_opened_marks_the_answer_once(db):
    log_id = log_search("permis")
    assert services.record_opened(log_id, "A-0142", rank=2) is True
    assert services.record_opened(log_id, "A-0999", rank=1) is False
    log = SearchQueryLog.objects.get(pk=log_id)
    assert (log.opened_answer_number, log.opened_rank) == ("A-0142", 2) and log.opened_at is not None


@pytest.mark.smoke
def test_record_opened_refuses_a_search_older_than_an_hour(db):
    log_id = log_search("permis", age=timedelta(minutes=61))
    assert services.record_opened(log_id, "A-0142") is False
    assert SearchQueryLog.objects.get(pk=log_id).opened_at is None


@pytest.mark.smoke
def test_record_opened_refuses_an_unknown_search(db):
    assert services.record_opened(123456, "A-0142") is False


@pytest.mark.smoke
@pytest.mark.parametrize("answer_number, rank", [("Ion Popescu", None), ("A-12", None), ("A-0142", 0), ("A-0142", "2")])
def test_record_opened_rejects_what_no_result_could_be(db, answer_number, rank):
    log_id = log_search("permis")
    with pytest.raises(ValueError):
        services.record_opened(log_id, answer_number, rank)
    assert SearchQueryLog.objects.get(pk=log_id).opened_at is None


@pytest.mark.smoke
def test_a_token_names_exactly_its_log(db):
    log_id = log_search("permis")
    token = services.sign_log_id(log_id)
    assert services.log_id_from_token(token) == log_id
    forged = token.replace(f"{log_id}:", f"{log_id + 1}:", 1)
    with pytest.raises(signing.BadSignature):
        services.log_id_from_token(forged)


class _PastSigner(signing.TimestampSigner):
    """Signs as if it were two hours ago, to produce a token that has expired."""

    def timestamp(self):
        return signing.b62_encode(int(time.time()) - 7200)


def test_opened_endpoint_records_the_answer(client, db):
    log_id = log_search("permis")
    response = client.post(OPENED_URL, {"log_token": services.sign_log_id(log_id), "answer_number": "A-0142", "rank": 3},
                           content_type="application/json")
    assert response.status_code == 204
    log = SearchQueryLog.objects.get(pk=log_id)
    assert (log.opened_answer_number, log.opened_rank) == ("A-0142", 3)


def test_opened_endpoint_accepts_a_form_body_and_no_rank(db):
    log_id = log_search("permis")
    client = Client(enforce_csrf_checks=True)  # a token, not a session, authorises the request
    response = client.post(OPENED_URL, {"log_token": services.sign_log_id(log_id), "answer_number": "A-0142"})
    assert response.status_code == 204
    assert SearchQueryLog.objects.get(pk=log_id).opened_rank is None


def test_opened_endpoint_counts_only_the_first_opening(client, db):
    token = services.sign_log_id(log_search("permis"))
    body = {"log_token": token, "answer_number": "A-0142"}
    assert client.post(OPENED_URL, body, content_type="application/json").status_code == 204
    second = client.post(OPENED_URL, {**body, "answer_number": "A-0143"}, content_type="application/json")
    assert second.status_code == 400 and "already" in second.json()["error"]
    assert SearchQueryLog.objects.get().opened_answer_number == "A-0142"


def test_opened_endpoint_rejects_a_forged_token(client, db):
    mine, other = log_search("permis"), log_search("azil")
    forged = services.sign_log_id(mine).replace(f"{mine}:", f"{other}:", 1)
    response = client.post(OPENED_URL, {"log_token": forged, "answer_number": "A-0142"}, content_type="application/json")
    assert response.status_code == 400 and "log_token" in response.json()["error"]
    raw_id = client.post(OPENED_URL, {"log_token": str(other), "answer_number": "A-0142"}, content_type="application/json")
    assert raw_id.status_code == 400
    assert not SearchQueryLog.objects.filter(opened_at__isnull=False).exists()


def test_opened_endpoint_rejects_an_expired_token(client, db):
    log_id = log_search("permis", age=timedelta(hours=2))
    token = _PastSigner(salt=services.TOKEN_SALT).sign(str(log_id))
    response = client.post(OPENED_URL, {"log_token": token, "answer_number": "A-0142"}, content_type="application/json")
    assert response.status_code == 400 and "hour" in response.json()["error"]
    assert SearchQueryLog.objects.get(pk=log_id).opened_at is None


@pytest.mark.parametrize("body, content_type", [
    (b"", "application/json"),
    (b"not json", "application/json"),
    (b"\xff\xfe\x00garbage", "application/json"),
    (b"[1, 2, 3]", "application/json"),
    (b"null", "application/json"),
    (b"[" * 100_000, "application/json"),
    (b'{"log_token": ["a"], "answer_number": {"x": 1}, "rank": "many"}', "application/json"),
    (b'{"log_token": "abc", "answer_number": "A-0142", "rank": 1e999}', "application/json"),
    (b'{"log_token": null, "answer_number": null}', "application/json"),
    (b"log_token=&answer_number=", "application/x-www-form-urlencoded"),
    (b"--x\r\nbroken", "multipart/form-data; boundary=x"),
    (b"\x00\x01\x02", "application/octet-stream"),
])
def test_opened_endpoint_answers_garbage_with_400(client, db, body, content_type):
    response = client.generic("POST", OPENED_URL, body, content_type=content_type)
    assert response.status_code == 400
    if response["Content-Type"] == "application/json":
        assert response.json()["error"]


def test_opened_endpoint_rejects_a_bad_answer_number_and_rank(client, db):
    token = services.sign_log_id(log_search("permis"))
    for body in ({"answer_number": "069123456"}, {"answer_number": "A-0142", "rank": -1}, {"answer_number": "A-0142", "rank": 10**9}):
        response = client.post(OPENED_URL, {"log_token": token, **body}, content_type="application/json")
        assert response.status_code == 400, body
    assert SearchQueryLog.objects.get().opened_at is None


def test_opened_endpoint_accepts_only_post(client, db):
    assert client.get(OPENED_URL).status_code == 405


# --- reports -------------------------------------------------------------------------------


@pytest.fixture
def searches(db):
    for _ in range(3):
        log_search("Permis de ședere", total=4)
    services.record_opened(log_search("permis de  ședere", total=2), "A-0301", rank=1)
    log_search("azil politic", locale="ru", scope=OPERATOR, total=5)
    log_search("viză Narnia", total=0)
    log_search("viză narnia", total=0)
    log_search("permis vechi", total=0, age=timedelta(days=45))


@pytest.mark.smoke
def test_top_queries_group_by_normalised_query(searches):
    rows = list(services.top_queries(timezone.now() - timedelta(days=30)))
    top = rows[0]
    assert top["normalised_query"] == "permis de ședere" and top["searches"] == 4
    assert top["average_results"] == pytest.approx(3.5) and top["opened_percent"] == pytest.approx(25.0)
    assert "permis vechi" not in {row["normalised_query"] for row in rows}
    assert [r["normalised_query"] for r in services.top_queries(timezone.now() - timedelta(days=30), locale="ru")] == ["azil politic"]


@pytest.mark.smoke
def test_zero_result_queries_list_only_searches_that_found_nothing(searches):
    since = timezone.now() - timedelta(days=90)
    rows = {row["normalised_query"]: row["searches"] for row in services.zero_result_queries(since)}
    assert rows == {"viză narnia": 2, "permis vechi": 1}
    assert not list(services.zero_result_queries(since, scope=OPERATOR))


def test_reports_render_for_an_administrator(searches, demo_users):
    admin = signed_in(demo_users["admin"])
    top = admin.get(TOP_URL)
    assert top.status_code == 200 and "permis de ședere" in top.content.decode()
    zero = admin.get(ZERO_URL)
    assert zero.status_code == 200 and "viză narnia" in zero.content.decode()
    assert "permis vechi" not in zero.content.decode()  # older than the default 30 days
    assert "permis vechi" in admin.get(ZERO_URL, {"period": "90"}).content.decode()
    # The admin refreshes the listing through the results URL when a filter changes.
    fragment = admin.get(ZERO_URL + "results/", {"period": "90"})
    assert fragment.status_code == 200 and "permis vechi" in fragment.content.decode()


def test_report_filters_by_locale_and_scope(searches, demo_users):
    admin = signed_in(demo_users["admin"])
    russian = admin.get(TOP_URL, {"locale": "ru"}).content.decode()
    assert "azil politic" in russian and "permis de ședere" not in russian
    public = admin.get(TOP_URL, {"scope": "public"}).content.decode()
    assert "azil politic" not in public and "permis de ședere" in public


def test_editors_may_read_the_reports(searches, demo_users):
    assert demo_users["editor"].has_perm("search_analytics.view_searchquerylog")
    assert signed_in(demo_users["editor"]).get(TOP_URL).status_code == 200


@pytest.mark.parametrize("username", ["operator", "reviewer"])
def test_other_roles_may_not_read_the_reports(searches, demo_users, username):
    client = signed_in(demo_users[username])
    for url in (TOP_URL, ZERO_URL, TOP_URL + "?export=csv"):
        response = client.get(url)
        assert response.status_code in (302, 403), url
        assert b"permis" not in response.content


def test_reports_menu_lists_the_reports_only_for_permitted_users(searches, demo_users):
    assert TOP_URL.encode() in signed_in(demo_users["editor"]).get("/admin/").content
    assert TOP_URL.encode() not in signed_in(demo_users["reviewer"]).get("/admin/").content


def test_top_searches_export_as_csv(searches, demo_users):
    log_search("=HYPERLINK(\"http://evil\")", total=1)
    response = signed_in(demo_users["admin"]).get(TOP_URL, {"export": "csv"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0] == ["Query", "Searches", "Average results", "Answer opened (%)", "Last searched"]
    assert rows[1][:4] == ["permis de ședere", "4", "3.5", "25.0"]
    assert any(row[0] == "'=hyperlink(\"http://evil\")" for row in rows)  # never a live formula


def test_searches_without_results_export_as_xlsx(searches, demo_users):
    response = signed_in(demo_users["admin"]).get(ZERO_URL, {"export": "xlsx", "period": "90"})
    assert response.status_code == 200
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = list(workbook.active.iter_rows(values_only=True))
    assert rows[0] == ("Query", "Searches", "Last searched")
    assert rows[1][:2] == ("viză narnia", 2)
    assert {row[0] for row in rows[1:]} == {"viză narnia", "permis vechi"}


# --- retention -----------------------------------------------------------------------------


def test_purge_command_deletes_only_rows_past_retention(db, settings):
    settings.KB_SEARCH_LOG_RETENTION_DAYS = 90
    old = [log_search("vechi", age=timedelta(days=91)), log_search("vechi", age=timedelta(days=400))]
    kept = [log_search("recent", age=timedelta(days=89)), log_search("azi")]
    out = io.StringIO()
    call_command("purge_search_log", stdout=out)
    assert "Deleted 2 " in out.getvalue()
    assert set(SearchQueryLog.objects.values_list("pk", flat=True)) == set(kept)
    assert not SearchQueryLog.objects.filter(pk__in=old).exists()


def test_purge_command_takes_days_and_dry_run(db):
    log_search("vechi", age=timedelta(days=10))
    log_search("azi")
    out = io.StringIO()
    call_command("purge_search_log", days=7, dry_run=True, stdout=out)
    assert "Would delete 1 " in out.getvalue() and SearchQueryLog.objects.count() == 2
    call_command("purge_search_log", days=7, stdout=out)
    assert "Deleted 1 " in out.getvalue() and SearchQueryLog.objects.count() == 1


def test_purge_command_refuses_a_retention_below_one_day(db):
    from django.core.management.base import CommandError

    log_search("azi")
    with pytest.raises(CommandError):
        call_command("purge_search_log", days=0)
    assert SearchQueryLog.objects.count() == 1
