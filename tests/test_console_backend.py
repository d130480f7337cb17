"""The operator console, server side: access, the answer view, the call log, reports, languages."""

import csv
import io
import json
from datetime import datetime, timedelta
from urllib.parse import urlsplit

import openpyxl
import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client
from django.utils import timezone
from wagtail.models import Locale
from wagtail.users.models import UserProfile

from console import services
from console.access import can_use_console
from console.models import REPORT_REASONS, CallRecord, EntryReport
from faq.models import Country, CountryFactSheetPage, FaqPage, Organisation
from faq.translations import save_and_publish

from .factories import entry_record, write_entries

REPORTED_URL = "/admin/reports/console/reported/"
CALL_LOG_URL = "/admin/reports/console/calls/"


def signed_in(user, **kwargs):
    client = Client(**kwargs)
    client.force_login(user)
    return client


@pytest.fixture
def operator(demo_users):
    return signed_in(demo_users["operator"])


@pytest.fixture
def editor(demo_users):
    return signed_in(demo_users["editor"])


@pytest.fixture(autouse=True)
def english_admin(request):
    """Admin pages follow each user's preferred language; the assertions read English."""
    if "demo_users" in request.fixturenames:
        users = request.getfixturevalue("demo_users")
        for username in ("editor", "reviewer", "admin"):
            UserProfile.objects.update_or_create(user=users[username], defaults={"preferred_language": "en"})


def days_ago(days):
    return (timezone.localdate() - timedelta(days=days)).isoformat()


def source(verified_on, title="Portale Integrazione Migranti"):
    return {
        "title": title, "url": "https://www.integrazionemigranti.gov.it/", "authority": "Ministero del Lavoro",
        "type": "official", "last_verified_on": verified_on, "verified_by": "reviewer", "review_interval_days": 365,
    }


def entry(number, **overrides):
    overrides.setdefault("sources", [source(days_ago(5))])
    return write_entries(entry_record(number, **overrides))[0]


def answer_url(page, language="en", **params):
    query = "&".join(f"{key}={value}" for key, value in params.items())
    return f"/{language}/console/answer/{page.pk}/" + (f"?{query}" if query else "")


def post_json(client, url, body):
    return client.post(url, json.dumps(body), content_type="application/json")


def fact_sheet(sections, code="IT", consular="<p>Ambasada la Roma: +39 06 000 0000</p>"):
    """A live Romanian fact sheet with an emergency and consular section and one other section."""
    def section(kind, body):
        return {"type": "section", "value": {"kind": kind, "body": body, "sources": [{"type": "item", "id": kind, "value": {
            "title": "Ministerul Afacerilor Externe", "url": "https://mfa.gov.md/", "authority": "MAEIE",
            "source_type": "official", "last_verified_on": days_ago(3), "verified_by": "", "review_interval_days": None,
        }}]}}

    sheet = CountryFactSheetPage(
        title=f"Fișa {code}", slug=f"fisa-{code.lower()}", summary="Rezumat.",
        country=Country.objects.get(locale__language_code="ro", code=code),
        sections=[section("work", "<p>Munca în țară.</p>"), section("emergency-consular", consular)],
    )
    sections.country_index.add_child(instance=sheet)
    save_and_publish(sheet)
    return sheet


# --- access --------------------------------------------------------------------------------


@pytest.mark.smoke
@pytest.mark.parametrize("path", ["/ro/console/", "/en/console/answer/1/", "/console/"])
def test_anonymous_visitors_are_sent_to_log_in(client, db, path):
    response = client.get(path)
    assert response.status_code == 302
    location = urlsplit(response["Location"])
    assert location.path == "/admin/login/" and f"next={path}" in location.query.replace("%2F", "/")


def test_anonymous_calls_to_the_json_endpoints_get_401(client, db):
    assert client.get("/ro/console/calls/shift/").status_code == 401
    assert post_json(client, "/ro/console/calls/", {"outcome": "no_answer"}).status_code == 401
    assert not CallRecord.objects.exists()


@pytest.mark.smoke
def test_a_user_without_the_permission_gets_403(db, sections):
    page = entry("A-7001")
    nobody = get_user_model().objects.create_user("visitor", password="x")
    client = signed_in(nobody)
    for url in ("/ro/console/", answer_url(page), "/ro/console/calls/shift/"):
        response = client.get(url)
        assert response.status_code == 403, url
        assert b"Short answer" not in response.content
    assert post_json(client, "/ro/console/calls/", {"outcome": "no_answer"}).status_code == 403
    assert not CallRecord.objects.exists()


def test_an_inactive_operator_is_refused(demo_users, sections):
    user = demo_users["operator"]
    user.is_active = False
    user.save()
    assert not can_use_console(user)
    assert signed_in(user).get("/ro/console/").status_code == 302


@pytest.mark.parametrize("username", ["operator", "editor", "reviewer", "admin"])
def test_every_staff_role_may_use_the_console(demo_users, username):
    response = signed_in(demo_users[username]).get("/ro/console/")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


def test_an_operator_cannot_reach_the_admin_or_the_editor(operator, sections):
    page = entry("A-7002")
    for url in ("/admin/", f"/admin/pages/{page.pk}/edit/", REPORTED_URL, CALL_LOG_URL):
        response = operator.get(url)
        assert response.status_code in (302, 403), url
        if response.status_code == 302:
            assert response["Location"].startswith("/admin/login/"), url


# --- the search page -----------------------------------------------------------------------


@pytest.mark.smoke
def test_the_search_page_has_the_dom_contract_and_config(operator, sections):
    entry("A-7003", countries=["IT", "DE"])
    response = operator.get("/en/console/", {"q": "permis"})
    assert response.status_code == 200
    html = response.content.decode()
    for fragment in ('id="console-q"', 'type="search"', "autofocus", 'id="console-filters"', 'id="console-active-filters"',
                     'id="console-results" aria-live="polite"', 'id="console-status"', '<dialog id="console-help"',
                     'id="console-shift"', "<noscript>", '<html lang="en">', 'value="permis"',
                     "/en/console/jsi18n/", "console/console.js", "console/console.css"):
        assert fragment in html, fragment
    config = json.loads(html.split('id="console-config" type="application/json">')[1].split("</script>")[0])
    assert config["api"] == "/api/search/" and config["opened"] == "/api/search/opened/"
    assert config["calls"] == "/en/console/calls/" and config["shift"] == "/en/console/calls/shift/"
    assert config["answer_base"] == "/en/console/answer/" and config["language"] == "en"
    assert config["locales"] == ["ro", "ru", "uk", "en"]
    labels = config["labels"]
    assert labels["categories"]["entry-stay-documents"]  # named in English, by top-level slug
    assert set(labels["countries"]) == {"IT", "DE"} and labels["countries"]["DE"] == "Germany"
    assert labels["audiences"]["labour-migrant"] == "Labour migrants"
    assert labels["statuses"]["at_risk"] == "At risk" and set(labels["locales"]) == {"ro", "ru", "uk", "en"}


def test_the_javascript_catalogue_is_served(operator):
    response = operator.get("/ru/console/jsi18n/")
    assert response.status_code == 200 and b"gettext" in response.content


@pytest.mark.smoke
@pytest.mark.parametrize("language, translated", [
    ("ro", "Copiat în clipboard."), ("ru", "Скопировано в буфер обмена."), ("uk", "Скопійовано в буфер обміну."),
])
def test_the_javascript_catalogue_carries_the_console_strings_in_each_language(client, db, language, translated):
    catalog = client.get(f"/{language}/console/jsi18n/").content.decode()
    assert json.dumps(translated)[1:-1] in catalog  # the catalogue is JSON with non-ASCII escaped
    # Only the project's catalogue: merging every app's (Wagtail's admin among them) is far bigger.
    assert len(catalog) < 20_000


# --- the content-language facet ------------------------------------------------------------


@pytest.mark.smoke
def test_language_counts_cover_every_content_language(operator, sections):
    entry("A-7101", countries=["IT"])
    entry("A-7102", countries=["DE"])
    response = operator.get("/en/console/languages/", {"q": "permis", "country": "IT", "category": "no-such-category"})
    assert response.status_code == 200
    counts = response.json()["counts"]
    assert set(counts) == {"ro", "ru", "uk", "en"}
    # The country filter holds in every language; the category slug of one language is dropped.
    assert counts["ro"] == 1


def test_language_counts_do_not_write_search_analytics(operator, sections):
    from search.analytics.models import SearchQueryLog

    entry("A-7103")
    assert operator.get("/en/console/languages/", {"q": "permis"}).status_code == 200
    assert SearchQueryLog.objects.count() == 0


def test_language_counts_refuse_bad_input_and_anonymous_callers(operator, client, db):
    assert operator.get("/en/console/languages/", {"q": "x" * 201}).status_code == 400
    assert operator.get("/en/console/languages/").status_code == 400
    assert client.get("/en/console/languages/", {"q": "permis"}).status_code == 401


# --- the answer view -----------------------------------------------------------------------


@pytest.mark.smoke
def test_the_answer_view_shows_the_answer_and_its_contract(operator, sections):
    page = entry("A-7010", sms_text="", translation={
        "internal_notes": "Verifică mai întâi tipul de permis.", "sms_text": "Permis: vezi portalul.",
    })
    response = operator.get(answer_url(page, country="it", token="12:abc:def", rank="2"))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="console-answer"' in html and f'data-page-id="{page.pk}"' in html
    assert 'data-answer-number="A-7010"' in html and 'data-category="entry-stay-documents"' in html
    assert 'data-country="IT"' in html and 'data-language="ro"' in html
    assert 'data-log-token="12:abc:def"' in html and 'data-rank="2"' in html
    assert 'id="answer-short"' in html and "Short answer A-7010 in ro." in html
    assert 'id="answer-full"' in html and "Full answer A-7010 in ro." in html
    assert 'id="answer-sms"' in html and "Permis: vezi portalul." in html
    assert 'data-copy="#answer-sms"' in html and 'data-copy="#answer-short"' in html
    assert 'id="answer-notes"' in html and "Verifică mai întâi tipul de permis." in html
    assert 'id="answer-report"' in html and 'id="call-log"' in html
    assert all(f'value="{code}"' in html for code, _label in REPORT_REASONS)
    assert "no-store" in response["Cache-Control"]


def test_the_answer_view_ignores_malformed_parameters(operator, sections):
    page = entry("A-7009", countries=["IT", "DE"])
    html = operator.get(f"/en/console/answer/{page.pk}/", {"country": "IT\n", "token": '"><script>', "rank": "0"}).content.decode()
    assert 'data-country=""' in html and 'data-log-token=""' in html and 'data-rank=""' in html
    assert "<script>" not in html.split('id="console-answer"')[1].split(">")[0]


def test_the_answer_view_lists_sources_with_their_dates(operator, sections):
    verified = timezone.localdate() - timedelta(days=5)
    page = entry("A-7011", sources=[source(verified.isoformat(), "Legea nr. 200")])
    html = operator.get(answer_url(page)).content.decode()
    sources = html.split('id="answer-sources"')[1].split("</section>")[0]
    assert "Legea nr. 200" in sources and "Ministero del Lavoro" in sources
    assert "https://www.integrazionemigranti.gov.it/" in sources
    assert f"last verified on {verified:%m/%d/%Y}" in sources


def test_a_current_entry_has_its_badge_and_no_warning(operator, sections):
    page = entry("A-7012", sources=[source(days_ago(5))])
    html = operator.get(answer_url(page)).content.decode()
    assert 'id="answer-status" class="badge status-current"' in html
    assert 'id="answer-warning"' not in html


@pytest.mark.smoke
def test_an_overdue_entry_warns_to_check_the_official_source(operator, sections):
    page = entry("A-7013", sources=[source(days_ago(400))])
    html = operator.get(answer_url(page)).content.decode()
    assert 'class="badge status-overdue"' in html and ">Overdue<" in html
    warning = html.split('id="answer-warning"')[1].split("</div>")[0]
    assert "Check the official source before you answer." in warning


def test_an_entry_that_became_overdue_since_its_last_save_warns_too(operator, sections):
    page = entry("A-7014", sources=[source(days_ago(5))])
    FaqPage.objects.filter(pk=page.pk).update(verification_status="current")
    page.sources.update(last_verified_on=timezone.localdate() - timedelta(days=400))
    html = operator.get(answer_url(page)).content.decode()
    assert "status-overdue" in html and 'id="answer-warning"' in html


@pytest.mark.parametrize("status, warned", [("at_risk", True), ("in_review", False)])
def test_workflow_statuses_are_kept_and_at_risk_warns(operator, sections, status, warned):
    page = entry("A-7015" if warned else "A-7016")
    FaqPage.objects.filter(pk=page.pk).update(verification_status=status)
    html = operator.get(answer_url(page)).content.decode()
    assert f'class="badge status-{status}"' in html
    assert ('id="answer-warning"' in html) is warned


def test_a_sensitive_entry_shows_its_banner_and_protocol(operator, sections):
    sensitive = entry("A-7017", sensitivity="trafficking")
    html = operator.get(answer_url(sensitive)).content.decode()
    banner = html.split('id="answer-sensitivity"')[1].split("</aside>")[0]
    assert "Human trafficking" in banner and "Protocol: possible human trafficking" in banner
    assert "Never give the address of a shelter" in banner
    plain = entry("A-7018")
    assert 'id="answer-sensitivity"' not in operator.get(answer_url(plain)).content.decode()


def test_referrals_show_contacts_and_hide_a_protected_address(operator, sections, directory):
    Organisation.objects.filter(slug="womens-law-centre-moldova").update(address="Strada Secretă 7", phone="022 000 111", hours="9-17")
    Organisation.objects.filter(slug="la-strada-moldova").update(address="Strada Deschisă 3")
    page = entry("A-7019", organisations=["womens-law-centre-moldova", "la-strada-moldova"])
    html = operator.get(answer_url(page)).content.decode()
    referrals = html.split('id="answer-referrals"')[1].split("</section>")[0]
    protected = Organisation.objects.get(slug="womens-law-centre-moldova", locale__language_code="ro")
    assert protected.name in referrals and "022 000 111" in referrals and "9-17" in referrals
    assert "Romanian, Russian" in referrals
    assert "Strada Secretă" not in html
    assert "never give this organisation's address" in referrals
    assert "Strada Deschisă 3" in referrals and "0 800 77777" in referrals


def test_referrals_are_named_in_the_entry_language(operator, sections, directory):
    page = entry("A-7020", organisations=["iom-moldova"])
    russian = page.get_translation(Locale.objects.get(language_code="ru"))
    html = operator.get(answer_url(russian)).content.decode()
    name = Organisation.objects.get(slug="iom-moldova", locale__language_code="ru").name
    assert f'<strong lang="ru">{name}</strong>' in html


def test_the_consular_block_of_the_selected_country(operator, sections):
    fact_sheet(sections, "IT")
    page = entry("A-7021", countries=["IT", "DE"])
    with_country = operator.get(answer_url(page, country="IT")).content.decode()
    block = with_country.split('id="answer-consular"')[1].split("</section>")[0]
    assert "Ambasada la Roma: +39 06 000 0000" in block and "Ministerul Afacerilor Externe" in block
    assert "Munca în țară." not in block  # only the emergency and consular section
    assert 'id="answer-consular"' not in operator.get(answer_url(page, country="DE")).content.decode()
    assert 'id="answer-consular"' not in operator.get(answer_url(page)).content.decode()  # two countries, none chosen


def test_an_entry_with_one_country_shows_that_countrys_consular_block(operator, sections):
    fact_sheet(sections, "IT")
    page = entry("A-7022", countries=["IT"])
    html = operator.get(answer_url(page)).content.decode()
    assert 'data-country="IT"' in html and 'id="answer-consular"' in html


def test_an_unpublished_fact_sheet_gives_no_consular_block(operator, sections):
    fact_sheet(sections, "IT").unpublish()
    page = entry("A-7023", countries=["IT"])
    assert 'id="answer-consular"' not in operator.get(answer_url(page)).content.decode()


def test_related_entries_are_live_and_in_the_same_language(operator, sections):
    other = entry("A-7024")
    page = entry("A-7025", related=["A-7024"])
    html = operator.get(answer_url(page, country="IT")).content.decode()
    related = html.split('id="answer-related"')[1].split("</section>")[0]
    assert f"/en/console/answer/{other.pk}/?country=IT" in related and other.title in related
    other.unpublish()
    assert 'id="answer-related"' not in operator.get(answer_url(page)).content.decode()


def test_the_answer_view_is_404_for_drafts_and_other_pages(operator, sections):
    page = entry("A-7026")
    assert operator.get(f"/ro/console/answer/{sections.faq_index.pk}/").status_code == 404
    assert operator.get("/ro/console/answer/999999/").status_code == 404
    page.unpublish()
    assert operator.get(answer_url(page)).status_code == 404


def test_operators_see_operator_only_entries(operator, sections):
    page = entry("A-7027", visibility="operators")
    assert operator.get(answer_url(page)).status_code == 200


# --- the call log --------------------------------------------------------------------------

CALL_FIELDS = {"id", "outcome", "entry", "organisation", "category", "country", "language", "operator", "created_at"}
REPORT_FIELDS = {"id", "entry", "locale", "reason", "reported_by", "created_at", "resolved_at", "resolved_by"}


@pytest.mark.parametrize("model, fields", [(CallRecord, CALL_FIELDS), (EntryReport, REPORT_FIELDS)])
def test_no_field_can_hold_caller_data(model, fields):
    # A new field (caller name, phone, comment, case notes...) must be a deliberate, reviewed change.
    assert {field.name for field in model._meta.get_fields()} == fields
    texts = [f for f in model._meta.get_fields() if f.get_internal_type() in ("TextField", "CharField", "SlugField")]
    assert all(f.choices or f.max_length <= 80 for f in texts)
    assert not any(f.get_internal_type() == "TextField" for f in texts)
    related = {f.name: f.related_model._meta.label for f in model._meta.get_fields() if f.is_relation}
    assert set(related.values()) <= {"faq.FaqPage", "faq.Organisation", "auth.User"}


@pytest.mark.smoke
def test_logging_an_answered_call(demo_users, sections):
    page = entry("A-7030")
    response = post_json(signed_in(demo_users["operator"]), "/ro/console/calls/", {
        "outcome": "answered", "entry": page.pk, "organisation": None,
        "category": "entry-stay-documents", "country": "IT", "language": "ro",
    })
    assert response.status_code == 201
    assert response.json()["shift"] | {"since": None} == {"answered": 1, "referred": 0, "no_answer": 0, "total": 1, "since": None}
    record = CallRecord.objects.get()
    assert (record.outcome, record.entry_id, record.organisation_id) == ("answered", page.pk, None)
    assert (record.category, record.country, record.language) == ("entry-stay-documents", "IT", "ro")
    assert record.operator == demo_users["operator"]


def test_a_referral_is_logged_against_the_default_language_organisation(demo_users, sections, directory):
    page = entry("A-7031")
    russian_row = Organisation.objects.get(slug="iom-moldova", locale__language_code="ru")
    response = post_json(signed_in(demo_users["operator"]), "/ru/console/calls/", {
        "outcome": "referred", "entry": None, "organisation": russian_row.pk, "category": "", "country": "md", "language": "ru",
    })
    assert response.status_code == 201
    record = CallRecord.objects.get()
    assert record.organisation == Organisation.objects.get(slug="iom-moldova", locale__language_code="ro")
    assert (record.country, record.entry) == ("MD", None)
    assert page  # the entry exists but was not named


def test_the_entry_fills_in_category_and_language(demo_users, sections):
    page = entry("A-7032").get_translation(Locale.objects.get(language_code="uk"))
    services.record_call(demo_users["operator"], "answered", entry=page)
    record = CallRecord.objects.get()
    assert (record.category, record.language) == ("entry-stay-documents", "uk")


@pytest.mark.parametrize("body", [
    {"outcome": "answered", "note": "Ion Popescu, 069123456"},
    {"outcome": "no_answer", "caller": "+37369123456"},
    {"outcome": "maybe"},
    {"outcome": ["no_answer"]},
    {"outcome": "no_answer", "category": "Ion Popescu a sunat"},
    {"outcome": "no_answer", "country": "Moldova"},
    {"outcome": "no_answer", "language": "romanian"},
    {"outcome": "no_answer", "entry": "069123456"},
    {"outcome": "no_answer", "entry": True},
    {"outcome": "no_answer", "organisation": 999999},
    {"outcome": "answered"},
    {},
])
def test_the_call_log_refuses_free_text_unknown_keys_and_bad_values(operator, sections, body):
    response = post_json(operator, "/ro/console/calls/", body)
    assert response.status_code == 400 and response.json()["error"]
    assert not CallRecord.objects.exists()


@pytest.mark.parametrize("raw", [b"", b"not json", b"[1, 2]", b"null", b"[" * 50_000])
def test_the_call_log_answers_garbage_with_400(operator, raw):
    response = operator.generic("POST", "/ro/console/calls/", raw, content_type="application/json")
    assert response.status_code == 400
    assert not CallRecord.objects.exists()


def test_the_call_log_needs_post_and_a_csrf_token(demo_users):
    client = signed_in(demo_users["operator"], enforce_csrf_checks=True)
    assert client.get("/ro/console/calls/").status_code == 405
    body = json.dumps({"outcome": "no_answer"})
    assert client.post("/ro/console/calls/", body, content_type="application/json").status_code == 403
    client.get("/ro/console/")  # sets the csrftoken cookie, as the page does for console.js
    token = client.cookies["csrftoken"].value
    response = client.post("/ro/console/calls/", body, content_type="application/json", headers={"X-CSRFToken": token})
    assert response.status_code == 201


def test_the_call_form_works_without_javascript(operator, sections):
    page = entry("A-7033")
    url = answer_url(page, "ro")
    response = operator.post("/ro/console/calls/", {
        "outcome": "no_answer", "entry": str(page.pk), "organisation": "", "category": "entry-stay-documents",
        "country": "IT", "language": "ro", "next": url, "csrfmiddlewaretoken": "ignored-by-the-test-client",
    })
    assert response.status_code == 302 and response["Location"] == url
    assert CallRecord.objects.get().outcome == "no_answer"


# --- shifts --------------------------------------------------------------------------------


def local(*args):
    return timezone.make_aware(datetime(*args))


def test_a_shift_starts_at_midnight_or_twelve_hours_ago_whichever_is_later():
    assert services.shift_start(local(2026, 3, 10, 15, 0)) == local(2026, 3, 10, 3, 0)
    assert services.shift_start(local(2026, 3, 10, 5, 30)) == local(2026, 3, 10, 0, 0)


def test_shift_counts_only_the_operators_own_recent_calls(demo_users):
    operator, editor = demo_users["operator"], demo_users["editor"]
    for outcome in ("answered", "answered", "no_answer"):
        CallRecord.objects.create(operator=operator, outcome=outcome)
    services.record_call(operator, "no_answer", language="ro")
    CallRecord.objects.create(operator=editor, outcome="referred")
    now = timezone.now()
    CallRecord.objects.create(operator=operator, outcome="referred", created_at=now - timedelta(hours=13))
    counts = services.shift_counts(operator, now=now)
    assert (counts["answered"], counts["referred"], counts["no_answer"], counts["total"]) == (2, 0, 2, 4)
    assert counts["since"] == services.shift_start(now).isoformat()


def test_the_shift_endpoint_and_header_show_the_own_counts(demo_users):
    CallRecord.objects.create(operator=demo_users["operator"], outcome="referred")
    CallRecord.objects.create(operator=demo_users["editor"], outcome="referred")
    client = signed_in(demo_users["operator"])
    body = client.get("/ro/console/calls/shift/").json()
    assert (body["referred"], body["total"]) == (1, 1) and body["since"]
    header = client.get("/en/console/").content.decode().split('id="console-shift"')[1].split("</div>")[0]
    assert '<span class="shift-count" data-outcome="referred"><strong>1</strong>' in header


# --- reported answers ----------------------------------------------------------------------


@pytest.mark.smoke
def test_reporting_an_answer_opens_one_report(demo_users, sections):
    page = entry("A-7040").get_translation(Locale.objects.get(language_code="ru"))
    client = signed_in(demo_users["operator"])
    url = f"/ru/console/answer/{page.pk}/report/"
    first = post_json(client, url, {"reason": "fee_changed"})
    assert first.status_code == 201 and first.json()["already_open"] is False
    again = post_json(client, url, {"reason": "fee_changed"})
    assert again.status_code == 201 and again.json()["already_open"] is True
    report = EntryReport.objects.get()
    assert (report.entry_id, report.locale, report.reason, report.reported_by) == (page.pk, "ru", "fee_changed", demo_users["operator"])
    assert report.is_open and list(services.open_reports()) == [report]


@pytest.mark.parametrize("body", [{"reason": "the fee is now 500 lei, caller Ion"}, {"reason": "fee_changed", "comment": "x"}, {}])
def test_a_report_takes_only_a_reason_from_the_list(operator, sections, body):
    page = entry("A-7041")
    assert post_json(operator, f"/ro/console/answer/{page.pk}/report/", body).status_code == 400
    assert not EntryReport.objects.exists()


def test_a_report_on_a_missing_entry_is_404(operator, sections):
    assert post_json(operator, f"/ro/console/answer/{sections.faq_index.pk}/report/", {"reason": "broken_link"}).status_code == 404


@pytest.fixture
def reported(demo_users, sections):
    page = entry("A-7042")
    services.report_entry(page, demo_users["operator"], "broken_link")
    return page


def test_editors_see_open_reports_in_the_admin(editor, reported):
    response = editor.get(REPORTED_URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "A-7042" in html and "Broken link" in html and f"/admin/pages/{reported.pk}/edit/" in html
    assert REPORTED_URL.encode() in editor.get("/admin/").content  # the Reports menu lists it


@pytest.mark.parametrize("username", ["reviewer", "admin"])
def test_reviewers_and_administrators_see_reports_too(demo_users, reported, username):
    assert signed_in(demo_users[username]).get(REPORTED_URL).status_code == 200


def test_operators_cannot_see_or_resolve_reports(operator, reported):
    report = EntryReport.objects.get()
    for response in (operator.get(REPORTED_URL), operator.get(REPORTED_URL + "?export=csv"),
                     operator.post(f"{REPORTED_URL}{report.pk}/resolve/")):
        assert response.status_code in (302, 403)
        assert b"A-7042" not in response.content
    assert EntryReport.objects.get().is_open


def test_an_editor_resolves_a_report(demo_users, editor, reported):
    report = EntryReport.objects.get()
    response = editor.post(f"{REPORTED_URL}{report.pk}/resolve/")
    assert response.status_code == 302
    report.refresh_from_db()
    assert not report.is_open and report.resolved_by == demo_users["editor"]
    assert f"/admin/pages/{reported.pk}/edit/" not in editor.get(REPORTED_URL).content.decode()
    assert editor.get(f"{REPORTED_URL}{report.pk}/resolve/").status_code == 405


def test_the_edit_page_shows_the_review_flag(editor, reported):
    html = editor.get(f"/admin/pages/{reported.pk}/edit/").content.decode()
    assert "Operators reported this answer as outdated or incorrect (1 open report)." in html


def test_reported_answers_export_as_csv_and_xlsx(demo_users, reported):
    admin = signed_in(demo_users["admin"])
    response = admin.get(REPORTED_URL, {"export": "csv"})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0] == ["Answer number", "Question", "Language", "Reason", "Reported at"]
    assert rows[1][:4] == ["A-7042", reported.title, "ro", "Broken link"]
    response = admin.get(REPORTED_URL, {"export": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert list(sheet.iter_rows(values_only=True))[1][:4] == ("A-7042", reported.title, "ro", "Broken link")


# --- the call log report -------------------------------------------------------------------


@pytest.fixture
def calls(demo_users):
    operator = demo_users["operator"]
    for _ in range(3):
        CallRecord.objects.create(operator=operator, outcome="answered", category="entry-stay-documents", country="IT", language="ro")
    CallRecord.objects.create(operator=operator, outcome="no_answer", category="work-employment", country="DE", language="ru")
    CallRecord.objects.create(operator=operator, outcome="referred", language="uk", created_at=timezone.now() - timedelta(days=40))


def test_the_call_log_report_counts_by_day_outcome_and_topic(editor, calls):
    response = editor.get(CALL_LOG_URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Answered with this entry" in html and "No answer found" in html
    assert "Referred to an organisation" not in html  # 40 days ago, outside the default 30 days
    assert "Total: 4 (answered: 3, referred: 0, no answer found: 1)" in html
    older = editor.get(CALL_LOG_URL, {"date_from": (timezone.localdate() - timedelta(days=60)).isoformat()})
    assert "Referred to an organisation" in older.content.decode()
    assert CALL_LOG_URL.encode() in editor.get("/admin/").content


def test_the_call_log_exports_as_csv(editor, calls):
    response = editor.get(CALL_LOG_URL, {"export": "csv"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0] == ["Day", "Outcome", "Category", "Country", "Language", "Calls"]
    today = timezone.localdate().isoformat()
    body = {tuple(row) for row in rows[1:]}
    assert (today, "Answered with this entry", "Entry, stay and documents", "IT", "ro", "3") in body
    assert (today, "No answer found", "Work and employment", "DE", "ru", "1") in body
    assert len(body) == 2


def test_the_call_log_exports_as_xlsx_for_a_date_range(editor, calls):
    start = (timezone.localdate() - timedelta(days=45)).isoformat()
    end = (timezone.localdate() - timedelta(days=35)).isoformat()
    response = editor.get(CALL_LOG_URL, {"export": "xlsx", "date_from": start, "date_to": end})
    rows = list(openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.iter_rows(values_only=True))
    assert rows[0] == ("Day", "Outcome", "Category", "Country", "Language", "Calls")
    assert [row[1:] for row in rows[1:]] == [("Referred to an organisation", None, None, "uk", 1)]


def test_operators_cannot_read_the_call_log(operator, calls):
    for url in (CALL_LOG_URL, CALL_LOG_URL + "?export=csv"):
        response = operator.get(url)
        assert response.status_code in (302, 403) and b"Answered" not in response.content


def test_report_permissions_belong_to_the_content_roles(db):
    for name in ("Editors", "Reviewers", "Administrators"):
        codenames = set(Group.objects.get(name=name).permissions.values_list("codename", flat=True))
        assert {"view_call_reports", "resolve_entry_reports"} <= codenames, name
    operators = set(Group.objects.get(name="Operators").permissions.values_list("codename", flat=True))
    assert not {"view_call_reports", "resolve_entry_reports"} & operators


# --- languages -----------------------------------------------------------------------------


@pytest.mark.smoke
def test_switching_language_is_remembered_and_keeps_the_page(demo_users, sections):
    page = entry("A-7050")
    client = signed_in(demo_users["operator"])
    response = client.post("/ro/console/language/", {"language": "ru", "next": f"/ro/console/answer/{page.pk}/?country=IT"})
    assert response.status_code == 302 and response["Location"] == f"/ru/console/answer/{page.pk}/?country=IT"
    assert UserProfile.get_for_user(demo_users["operator"]).preferred_language == "ru"
    assert client.get("/console/")["Location"] == "/ru/console/"
    assert client.get("/console/?q=azil")["Location"] == "/ru/console/?q=azil"
    assert '<html lang="ru">' in client.get("/ru/console/").content.decode()


@pytest.mark.smoke
@pytest.mark.parametrize("language, phrases", [
    ("ro", ["Căutați răspunsuri", "Comenzi rapide de la tastatură", "Tura aceasta:"]),
    ("ru", ["Поиск ответов", "Сочетания клавиш", "За смену:"]),
    ("uk", ["Пошук відповідей", "Клавіатурні скорочення", "За зміну:"]),
    ("en", ["Search answers", "Keyboard shortcuts", "This shift:"]),
])
def test_the_console_speaks_the_language_of_its_address(operator, sections, language, phrases):
    html = operator.get(f"/{language}/console/").content.decode()
    for phrase in phrases:
        assert phrase in html, phrase
    config = json.loads(html.split('id="console-config" type="application/json">')[1].split("</script>")[0])
    if language == "ru":
        assert config["labels"]["statuses"]["overdue"] == "Просрочено"
        assert config["labels"]["audiences"]["refugee"] == "Беженцы"


def test_the_answer_view_is_translated(operator, sections):
    page = entry("A-7060", sources=[source(days_ago(800))])
    html = operator.get(answer_url(page, "uk")).content.decode()
    assert "Коротка відповідь, щоб прочитати вголос" in html
    assert "Перш ніж відповісти, звірте з офіційним джерелом." in html  # the overdue warning
    assert "Прострочено" in html


def test_a_language_switch_never_redirects_off_the_console(operator):
    for target in ("https://evil.example/", "//evil.example/ro/console/", "/ro/intrebari/", ""):
        response = operator.post("/en/console/language/", {"language": "uk", "next": target})
        assert response["Location"] == "/uk/console/", target
    assert operator.post("/en/console/language/", {"language": "xx"}).status_code == 400


def test_console_without_language_uses_the_default_until_one_is_chosen(operator):
    assert operator.get("/console/")["Location"] == "/ro/console/"


def test_logging_in_from_console_lands_in_the_remembered_language(demo_users):
    UserProfile.objects.update_or_create(user=demo_users["operator"], defaults={"preferred_language": "uk"})
    client = Client()
    login = client.get("/console/")
    assert login["Location"].startswith("/admin/login/")
    response = client.post("/admin/login/?next=/console/", {"username": "operator", "password": "operator-demo", "next": "/console/"})
    assert response.status_code == 302 and response["Location"] == "/console/"
    assert client.get("/console/")["Location"] == "/uk/console/"
    assert client.get("/uk/console/").status_code == 200


def test_signing_out_returns_to_the_login(operator):
    response = operator.post("/ro/console/logout/")
    assert response.status_code == 302
    assert operator.get("/ro/console/").status_code == 302
