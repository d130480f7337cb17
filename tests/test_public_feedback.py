""""Was this helpful?" on entry pages (issue 7 point 2): anonymous daily counts, the rate limit,
the endpoint's answers with and without JavaScript, and the editors' report."""

import csv
import io
from datetime import timedelta

import pytest
from django.apps import apps
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache, caches
from django.core.management import CommandError, call_command
from django.db import models
from django.template.loader import render_to_string
from django.test import Client, RequestFactory
from django.utils import timezone, translation

from faq.feedback import VoteOutcome, feedback_counts, record_vote, votes_per_hour
from faq.models import EntryFeedback, FaqPage
from faq.vocabulary import FeedbackReason

from .clients import signed_in
from .factories import entry_record, write_entries

IP = "203.0.113.77"
USER_AGENT = "Mozilla/5.0 (X11; Linux x86_64) FeedbackTestBrowser/9.8.7"
REPORT_URL = "/admin/feedback/"


@pytest.fixture(autouse=True)
def empty_cache():
    """The rate limit lives in the cache, which outlives a test's database transaction."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def entry(sections):
    return write_entries(entry_record(languages=("ro", "ru")))[0]


def vote_url(page, language="en"):
    return f"/{language}/feedback/{page.pk}/"


def vote(page, helpful, reason="", *, language="en", json=True, client=None, ip=IP, user_agent=USER_AGENT, **extra):
    data = {"helpful": helpful, **({"reason": reason} if reason else {}), **extra.pop("data", {})}
    headers = {"REMOTE_ADDR": ip, "HTTP_USER_AGENT": user_agent, **extra}
    if json:
        headers["HTTP_ACCEPT"] = "application/json"
    return (client or Client()).post(vote_url(page, language), data, **headers)


def counts(page):
    return {(row.helpful, row.reason): row.count for row in EntryFeedback.objects.filter(page=page)}


def csv_rows(response):
    return list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))


# --- votes ---------------------------------------------------------------------------------


@pytest.mark.smoke
def test_a_yes_vote_is_counted_for_the_day(entry):
    response = vote(entry, "yes")
    assert response.status_code == 200
    assert response.json() == {"status": "recorded", "message": "Thank you for your feedback."}
    row = EntryFeedback.objects.get(page=entry)
    assert (row.day, row.helpful, row.reason, row.count) == (timezone.localdate(), True, "", 1)


@pytest.mark.smoke
def test_a_no_vote_is_counted_with_its_reason(entry):
    assert vote(entry, "no", "out_of_date").json()["status"] == "recorded"
    assert counts(entry) == {(False, "out_of_date"): 1}


@pytest.mark.smoke
def test_a_no_vote_without_a_reason_is_refused(entry):
    response = vote(entry, "no")
    assert response.status_code == 400
    assert response.json() == {
        "status": "invalid", "message": "Please choose what was wrong with this answer, then press No.",
    }
    assert not EntryFeedback.objects.exists()


def test_an_unknown_reason_is_refused_with_a_message(entry):
    response = vote(entry, "no", "you-are-wrong")
    assert response.status_code == 400
    assert response.json() == {"status": "invalid", "message": "Please choose one of the reasons in the list."}
    without_javascript = vote(entry, "no", "you-are-wrong", json=False)
    assert without_javascript.status_code == 400
    assert without_javascript.content.decode() == "Please choose one of the reasons in the list."
    assert not EntryFeedback.objects.exists()


def test_an_answer_other_than_yes_or_no_is_refused(entry):
    response = vote(entry, "maybe")
    assert response.status_code == 400 and response.json()["message"] == "Please answer yes or no."
    assert not EntryFeedback.objects.exists()


def test_a_reason_ticked_before_pressing_yes_is_not_counted(entry):
    # The radios and both buttons share one form, so a "yes" may arrive with a reason ticked.
    assert vote(entry, "yes", "unclear").json()["status"] == "recorded"
    assert counts(entry) == {(True, ""): 1}


def test_the_service_accepts_a_reason_only_with_no(entry):
    assert record_vote(entry, True, "unclear", "client-a") == VoteOutcome.INVALID
    assert record_vote(entry, False, "", "client-a") == VoteOutcome.INVALID
    assert record_vote(entry, False, "unclear", "client-a") == VoteOutcome.RECORDED
    assert counts(entry) == {(False, "unclear"): 1}


@pytest.mark.smoke
def test_the_same_reader_counts_once_per_entry_and_day(entry):
    assert vote(entry, "yes").json()["status"] == "recorded"
    second = vote(entry, "no", "unclear")
    assert second.status_code == 200
    assert second.json() == {
        "status": "duplicate", "message": "Thank you. Your feedback on this answer was already counted today.",
    }
    assert counts(entry) == {(True, ""): 1}


def test_a_vote_on_another_language_of_the_same_entry_is_a_repeat(entry):
    russian = FaqPage.objects.get(translation_key=entry.translation_key, locale__language_code="ru")
    assert vote(entry, "yes").json()["status"] == "recorded"
    assert vote(russian, "yes", language="ru").json()["status"] == "duplicate"
    assert not EntryFeedback.objects.filter(page=russian).exists()


def test_other_readers_are_counted_separately(entry):
    vote(entry, "yes")
    vote(entry, "yes", ip="198.51.100.4")
    vote(entry, "yes", user_agent="Mozilla/5.0 AnotherBrowser/1.0")
    assert counts(entry) == {(True, ""): 3}


def test_a_reader_may_vote_again_the_next_day(entry):
    today = timezone.now()
    assert record_vote(entry, True, "", "client-a", now=today) == VoteOutcome.RECORDED
    # The view's client key changes with the day; the service sees a new key.
    assert record_vote(entry, True, "", "client-a-tomorrow", now=today + timedelta(days=1)) == VoteOutcome.RECORDED
    assert sum(row.count for row in EntryFeedback.objects.filter(page=entry)) == 2
    assert EntryFeedback.objects.filter(page=entry).count() == 2  # one row per day


def test_the_hourly_cap_is_twenty_votes():
    assert votes_per_hour() == 20


def test_votes_beyond_the_hourly_cap_are_not_counted(sections, settings):
    settings.KB_FEEDBACK_VOTES_PER_HOUR = 2
    first, second, third = write_entries(*(entry_record(languages=("ro",)) for _ in range(3)))
    assert vote(first, "yes").json()["status"] == "recorded"
    assert vote(second, "no", "unclear").json()["status"] == "recorded"
    limited = vote(third, "yes")
    assert limited.status_code == 429
    assert limited.json()["status"] == "rate_limited"
    assert "not counted" in limited.json()["message"]
    assert not EntryFeedback.objects.filter(page=third).exists()
    assert vote(third, "yes", ip="198.51.100.4").json()["status"] == "recorded"  # someone else


def test_a_vote_refused_by_the_cap_may_be_sent_the_next_hour(entry, settings):
    settings.KB_FEEDBACK_VOTES_PER_HOUR = 1
    other = write_entries(entry_record(languages=("ro",)))[0]
    now = timezone.now()
    assert record_vote(other, True, "", "client-a", now=now) == VoteOutcome.RECORDED
    assert record_vote(entry, True, "", "client-a", now=now) == VoteOutcome.RATE_LIMITED
    assert record_vote(entry, True, "", "client-a", now=now + timedelta(hours=1)) == VoteOutcome.RECORDED


# --- which entries take votes ----------------------------------------------------------------


@pytest.mark.smoke
def test_operator_only_and_unpublished_entries_take_no_votes(sections):
    internal, withdrawn = write_entries(
        entry_record(visibility="operators", languages=("ro",)), entry_record(languages=("ro",)),
    )
    withdrawn.unpublish()
    for page in (internal, withdrawn):
        assert vote(page, "yes").status_code == 404
        assert vote(page, "yes", json=False).status_code == 404
    assert not EntryFeedback.objects.exists()


def test_a_page_that_is_not_an_entry_takes_no_votes(entry):
    assert vote(entry.get_parent(), "yes").status_code == 404
    assert not EntryFeedback.objects.exists()


def test_only_post_is_allowed_and_never_cached(entry):
    response = Client().get(vote_url(entry))
    assert response.status_code == 405
    assert "no-store" in response["Cache-Control"]
    assert "no-store" in vote(entry, "yes")["Cache-Control"]


# --- cross-site requests -----------------------------------------------------------------------


@pytest.mark.smoke
def test_a_vote_posted_from_another_site_is_refused(entry):
    response = vote(entry, "yes", HTTP_ORIGIN="https://evil.example")
    assert response.status_code == 403
    assert response.json()["status"] == "forbidden"
    assert vote(entry, "yes", json=False, HTTP_ORIGIN="null").status_code == 403
    assert vote(entry, "yes", HTTP_SEC_FETCH_SITE="cross-site").status_code == 403
    assert not EntryFeedback.objects.exists()


def test_a_vote_from_the_sites_own_pages_is_accepted_without_a_csrf_token(entry):
    client = Client(enforce_csrf_checks=True)
    response = vote(entry, "yes", client=client, HTTP_ORIGIN="http://testserver", HTTP_SEC_FETCH_SITE="same-origin")
    assert response.status_code == 200 and response.json()["status"] == "recorded"


# --- without JavaScript --------------------------------------------------------------------------


def test_without_javascript_the_reader_is_sent_back_to_the_entry(entry):
    response = vote(entry, "no", "unclear", json=False)
    assert response.status_code == 303
    assert response["Location"] == f"{entry.url}?feedback=thanks#feedback"
    again = vote(entry, "yes", json=False)
    assert again.status_code == 303 and again["Location"] == f"{entry.url}?feedback=already#feedback"
    assert counts(entry) == {(False, "unclear"): 1}


def test_without_javascript_a_no_without_reason_goes_back_to_the_form(entry):
    response = vote(entry, "no", json=False)
    assert response.status_code == 303
    assert response["Location"] == f"{entry.url}?feedback=reason#feedback"
    assert not EntryFeedback.objects.exists()


def test_without_javascript_the_cap_is_shown_on_the_entry(entry, settings):
    settings.KB_FEEDBACK_VOTES_PER_HOUR = 0
    response = vote(entry, "yes", json=False)
    assert response.status_code == 303 and response["Location"].endswith("?feedback=limit#feedback")
    assert not EntryFeedback.objects.exists()


def test_the_reader_returns_to_the_page_they_read_but_never_elsewhere(entry):
    fallback_path = f"/uk/translation/{entry.pk}/"
    back = vote(entry, "yes", json=False, data={"next": fallback_path + "?feedback=thanks"})
    assert back["Location"] == f"{fallback_path}?feedback=thanks#feedback"
    for target in ("https://evil.example/", "//evil.example/path", "/\\evil.example"):
        cache.clear()
        response = vote(entry, "yes", json=False, data={"next": target})
        assert response["Location"] == f"{entry.url}?feedback=thanks#feedback", target


# --- the form --------------------------------------------------------------------------------------


def render_form(page, query=""):
    request = RequestFactory().get(f"{page.url}{query}")
    request.user = AnonymousUser()
    with translation.override("en"):
        return render_to_string("faq/includes/feedback.html", {"page": page}, request=request)


def test_the_form_posts_to_the_endpoint_without_a_csrf_token_or_anything_personal(entry):
    html = render_form(entry)
    assert f'action="/en/feedback/{entry.pk}/"' in html
    assert "Was this helpful?" in html
    assert 'name="helpful" value="yes"' in html and 'name="helpful" value="no"' in html
    for code in FeedbackReason.values:
        assert f'type="radio" name="reason" value="{code}"' in html
    assert "csrfmiddlewaretoken" not in html
    assert "<textarea" not in html and 'type="text"' not in html
    assert "kb/feedback.js" in html


def test_the_form_shows_the_outcome_of_a_vote_without_javascript(entry):
    thanks = render_form(entry, "?feedback=thanks")
    assert "Thank you for your feedback." in thanks and "<form" not in thanks
    assert 'role="status"' in thanks
    assert "not counted" in render_form(entry, "?feedback=limit")
    asking = render_form(entry, "?feedback=reason")
    assert "<form" in asking and 'aria-describedby="feedback-reason-error"' in asking


def test_operator_only_entries_show_no_form(sections):
    internal = write_entries(entry_record(visibility="operators", languages=("ro",)))[0]
    assert "<form" not in render_form(internal)


def test_the_script_is_served(entry):
    response = Client().get("/static/kb/feedback.js")
    assert response.status_code == 200
    assert "application/json" in response.getvalue().decode()


# --- anonymity ---------------------------------------------------------------------------------------


def _text_fields(model):
    return [
        field.name for field in model._meta.concrete_fields
        if isinstance(field, (models.CharField, models.TextField, models.GenericIPAddressField))
    ]


@pytest.mark.smoke
def test_nothing_stored_holds_the_readers_address_or_browser(entry):
    vote(entry, "no", "not_my_situation")
    row = EntryFeedback.objects.get()
    assert {field.name for field in EntryFeedback._meta.concrete_fields} == {"id", "page", "day", "helpful", "reason", "count"}
    assert IP not in str(row.__dict__) and USER_AGENT not in str(row.__dict__)
    for model in apps.get_models():
        fields = _text_fields(model)
        if not fields or not model._meta.managed:
            continue
        condition = models.Q()
        for name in fields:
            condition |= models.Q(**{f"{name}__contains": IP}) | models.Q(**{f"{name}__contains": "FeedbackTestBrowser"})
        assert not model._default_manager.filter(condition).exists(), model
    # Not in the cache either: its keys hold a keyed hash of the two.
    stored = caches["default"]._cache
    assert stored, "the rate limit should have left its keys"
    assert not any(IP in key or "FeedbackTestBrowser" in key for key in stored)
    assert not any(IP.encode() in value or b"FeedbackTestBrowser" in value for value in stored.values())


# --- reports -------------------------------------------------------------------------------------------


@pytest.fixture
def voted(sections):
    """Entry A: 1 yes, 2 no (unclear, out of date) in Romanian, 1 yes in Russian; entry B: old votes only."""
    recent, old = write_entries(entry_record(languages=("ro", "ru")), entry_record(languages=("ro",)))
    russian = FaqPage.objects.get(translation_key=recent.translation_key, locale__language_code="ru")
    record_vote(recent, True, "", "client-1")
    record_vote(recent, False, "unclear", "client-2")
    record_vote(recent, False, "out_of_date", "client-3")
    record_vote(russian, True, "", "client-4")
    EntryFeedback.objects.create(page=old, day=timezone.localdate() - timedelta(days=60), helpful=False,
                                 reason="other", count=5)
    return recent, russian, old


@pytest.mark.smoke
def test_counts_are_grouped_per_entry_and_language(voted):
    recent, russian, old = voted
    rows = {row["page_id"]: row for row in feedback_counts(since=timezone.localdate() - timedelta(days=29))}
    assert set(rows) == {recent.pk, russian.pk}
    ro = rows[recent.pk]
    assert (ro["answer_number"], ro["language"], ro["yes"], ro["no"]) == (recent.answer_number, "ro", 1, 2)
    assert ro["share_helpful"] == pytest.approx(100 / 3)
    assert (ro["reason_unclear"], ro["reason_out_of_date"], ro["reason_other"]) == (1, 1, 0)
    assert rows[russian.pk]["share_helpful"] == pytest.approx(100.0)
    assert [row["page_id"] for row in feedback_counts(language="ro")] == [old.pk, recent.pk]  # most "no" first


def test_the_helpfulness_report_renders_for_an_editor(voted, demo_users):
    recent, _russian, old = voted
    client = signed_in(demo_users["editor"])
    html = client.get(REPORT_URL).content.decode()
    assert recent.answer_number in html and old.answer_number not in html  # old votes: outside 30 days
    assert "33.3 %" in html
    assert old.answer_number in client.get(REPORT_URL, {"period": "90"}).content.decode()
    fragment = client.get(REPORT_URL + "results/", {"period": "365", "language": "ru"})
    assert fragment.status_code == 200
    assert recent.answer_number in fragment.content.decode() and old.answer_number not in fragment.content.decode()
    assert REPORT_URL.encode() in client.get("/admin/").content  # in the Reports menu


def test_the_helpfulness_report_exports_the_counts_as_csv(voted, demo_users):
    recent, russian, _old = voted
    response = signed_in(demo_users["editor"]).get(REPORT_URL, {"export": "csv", "language": "ro"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = csv_rows(response)
    assert len(rows) == 1
    assert rows[0] == {
        "Answer number": recent.answer_number, "Question": recent.title, "Language": "ro",
        "Yes": "1", "No": "2", "Helpful (%)": "33.3", "Hard to understand": "1",
        "Information I need is missing": "0", "Out of date or wrong": "1", "Does not fit my situation": "0",
        "Another reason": "0",
    }
    xlsx = signed_in(demo_users["editor"]).get(REPORT_URL, {"export": "xlsx"})
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")


def test_operators_may_not_read_the_helpfulness_report(voted, demo_users):
    client = signed_in(demo_users["operator"])
    for url in (REPORT_URL, REPORT_URL + "?export=csv"):
        response = client.get(url)
        assert response.status_code in (302, 403), url
        assert b"Hard to understand" not in response.content


def test_the_feedback_report_command_prints_the_table_as_csv(voted):
    recent, russian, old = voted
    out, err = io.StringIO(), io.StringIO()
    call_command("feedback_report", "--days", "90", stdout=out, stderr=err)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert [(row["Answer number"], row["Language"], row["Yes"], row["No"]) for row in rows] == [
        (old.answer_number, "ro", "0", "5"), (recent.answer_number, "ro", "1", "2"), (recent.answer_number, "ru", "1", "0"),
    ]
    assert rows[0]["Another reason"] == "5" and rows[1]["Helpful (%)"] == "33.3"
    assert "3 entries with feedback" in err.getvalue()
    out = io.StringIO()
    call_command("feedback_report", "--language", "ru", "--headings-language", "ro", stdout=out, stderr=io.StringIO())
    lines = out.getvalue().splitlines()
    assert len(lines) == 2 and lines[1].startswith(f"{recent.answer_number},")
    assert lines[0].split(",")[0] != "Answer number"  # the headings in Romanian


def test_the_feedback_report_command_rejects_bad_arguments(db):
    with pytest.raises(CommandError):
        call_command("feedback_report", "--days", "0", stdout=io.StringIO())
    with pytest.raises(CommandError):
        call_command("feedback_report", "--language", "xx", stdout=io.StringIO())
