"""Dates, numbers and plural forms follow the active language: public site, console, admin, e-mail.

Expected forms are written out: Django's date and number formats for ro, ru, uk and en, and the
plural forms of our compiled catalogues (Romanian has three, Russian and Ukrainian four).
"""

import json
from datetime import date

import pytest
from django.utils import translation
from django.utils.formats import date_format
from wagtail.models import Locale
from wagtail.users.models import UserProfile

from console.models import CallRecord
from faq.digests import render_digest
from faq.models import Category, Country, FaqPage, LawChange
from faq.vocabulary import VerificationStatus

from .clients import signed_in
from .factories import entry_record, make_entry, write_entries

LANGUAGES = ("ro", "ru", "uk", "en")
CALL_LOG_URL = "/admin/reports/console/calls/"

# Dates written out (DATE_FORMAT) and short (SHORT_DATE_FORMAT: day first, except month first in English).
LONG_1_OCTOBER_2026 = {"ro": "1 octombrie 2026", "ru": "1 октября 2026 г.", "uk": "01 жовтня 2026 р.", "en": "Oct. 1, 2026"}
SHORT_1_OCTOBER_2026 = {"ro": "01.10.2026", "ru": "01.10.2026", "uk": "01.10.2026", "en": "10/01/2026"}
SHORT_1_OCTOBER_2027 = {"ro": "01.10.2027", "ru": "01.10.2027", "uk": "01.10.2027", "en": "10/01/2027"}
SHORT_31_JANUARY_2020 = {"ro": "31.01.2020", "ru": "31.01.2020", "uk": "31.01.2020", "en": "01/31/2020"}
# 1234 with each language's thousands separator (a no-break space in Russian and Ukrainian).
GROUPED_1234 = {"ro": "1.234", "ru": "1\xa0234", "uk": "1\xa0234", "en": "1,234"}


def source(verified_on, interval):
    return {
        "title": "Portale Integrazione Migranti", "url": "https://www.integrazionemigranti.gov.it/",
        "authority": "Ministero del Lavoro", "type": "official", "last_verified_on": verified_on,
        "verified_by": "reviewer", "review_interval_days": interval,
    }


def between(html, start, end):
    assert start in html, start
    return html.split(start, 1)[1].split(end, 1)[0]


@pytest.fixture
def operator(demo_users):
    return signed_in(demo_users["operator"])


# --- dates -----------------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_public_entry_says_when_it_was_last_verified_in_the_page_language(client, sections, language):
    page = make_entry(sources=[source("2026-10-01", 365)]).get_translation(Locale.objects.get(language_code=language))
    article = between(client.get(page.url).content.decode(), '<article class="entry">', "</article>")
    assert LONG_1_OCTOBER_2026[language] in between(article, '<p class="last-verified">', "</p>")
    assert "2026-10-01" not in article


ROMANIAN_MONTHS = (
    "ianuarie", "februarie", "martie", "aprilie", "mai", "iunie",
    "iulie", "august", "septembrie", "octombrie", "noiembrie", "decembrie",
)


@pytest.mark.parametrize("month", range(1, 13))
def test_romanian_dates_write_every_month_in_lower_case(month):
    """Django's Romanian catalogue capitalises month names; kb/formats and our catalogue do not."""
    day = date(2026, month, 3)
    name = ROMANIAN_MONTHS[month - 1]
    with translation.override("ro"):
        assert date_format(day) == f"3 {name} 2026"
        assert date_format(day, "YEAR_MONTH_FORMAT") == f"{name} 2026"
        assert date_format(day, "MONTH_DAY_FORMAT") == f"3 {name}"
    with translation.override("ru"):
        assert date_format(day, "YEAR_MONTH_FORMAT")[0].isupper()  # other languages keep Django's formats


@pytest.mark.parametrize("language", LANGUAGES)
def test_law_change_names_its_date_in_the_admin_language(sections, language):
    """The name the admin's choosers and history show for a recorded change in the law."""
    country = Country.objects.get(code="IT", locale__language_code="ro")
    category = Category.objects.get(path="entry-stay-documents", locale__language_code="ro")
    event = LawChange.objects.create(country=country, category=category, changed_on=date(2026, 10, 1), description="New fee")
    with translation.override(language):
        assert str(event).endswith(f" · {SHORT_1_OCTOBER_2026[language]}")


@pytest.mark.parametrize("language", LANGUAGES)
def test_console_answer_dates_follow_the_interface_language(operator, sections, language):
    page = make_entry(sources=[source("2026-10-01", 365)])
    html = operator.get(f"/{language}/console/answer/{page.pk}/").content.decode()
    review_due = between(html, '<span class="answer-review-due">', "</span>")
    assert SHORT_1_OCTOBER_2027[language] in review_due
    sources = between(html, 'id="answer-sources"', "</section>")
    assert SHORT_1_OCTOBER_2026[language] in sources
    assert "2026-10-01" not in sources


@pytest.fixture
def overdue_entries_of(sections):
    """The editor owns one overdue entry, in four languages: due 31 January 2020."""
    def owned_by(user):
        page = make_entry(sources=[source("2020-01-01", 30)])
        FaqPage.objects.filter(translation_key=page.translation_key).update(owner=user)
        return page
    return owned_by


@pytest.mark.parametrize("language, heading", [
    ("ro", "Cele 4 intrări ale dumneavoastră care necesită verificare"),
    ("ru", "4 ваши записи требуют проверки"),
    ("uk", "Ваші 4 записи потребують перевірки"),
    ("en", "Your 4 entries needing verification"),
])
def test_dashboard_panel_dates_and_count_follow_the_admin_language(demo_users, overdue_entries_of, language, heading):
    editor = demo_users["editor"]
    page = overdue_entries_of(editor)
    html = signed_in(editor, language=language).get("/admin/").content.decode()
    panel = between(html, 'class="panel summary nice-padding verification-panel"', "</section>")
    assert heading in panel
    mine = between(panel, '<ul class="verification-mine">', "</ul>")
    assert page.answer_number in mine
    assert mine.count(SHORT_31_JANUARY_2020[language]) == 4  # one line per language of the entry
    assert "2020-01-31" not in mine


# --- plural forms ----------------------------------------------------------------------------


SMS_LENGTH = {
    "ro": {1: "1 caracter", 2: "2 caractere", 5: "5 caractere", 21: "21 de caractere"},
    "ru": {1: "1 символ", 2: "2 символа", 5: "5 символов", 21: "21 символ"},
    "uk": {1: "1 символ", 2: "2 символи", 5: "5 символів", 21: "21 символ"},
    "en": {1: "1 character", 2: "2 characters", 5: "5 characters", 21: "21 characters"},
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_sms_length_takes_the_plural_form_of_its_count(operator, sections, language):
    pages = write_entries(*(entry_record(translation={"sms_text": "x" * n}) for n in (1, 2, 5, 21)))
    for page, (n, expected) in zip(pages, SMS_LENGTH[language].items()):
        html = operator.get(f"/{language}/console/answer/{page.pk}/").content.decode()
        assert between(html, '<span class="sms-length">', "</span>") == expected, n


DIGEST_LINE = {
    "ru": {
        1: "По состоянию на 1 октября 2026 г. у 1 вашей записи нужно проверить источники:",
        2: "По состоянию на 1 октября 2026 г. у 2 ваших записей нужно проверить источники:",
        5: "По состоянию на 1 октября 2026 г. у 5 ваших записей нужно проверить источники:",
        21: "По состоянию на 1 октября 2026 г. у 21 вашей записи нужно проверить источники:",
        1234: "По состоянию на 1 октября 2026 г. у 1\xa0234 ваших записей нужно проверить источники:",
    },
    "uk": {
        1: "Станом на 01 жовтня 2026 р. 1 ваш запис потребує перевірки джерел:",
        2: "Станом на 01 жовтня 2026 р. 2 ваші записи потребують перевірки джерел:",
        5: "Станом на 01 жовтня 2026 р. 5 ваших записів потребують перевірки джерел:",
        21: "Станом на 01 жовтня 2026 р. 21 ваш запис потребує перевірки джерел:",
        1234: "Станом на 01 жовтня 2026 р. 1\xa0234 ваші записи потребують перевірки джерел:",
    },
    "en": {
        1: "On Oct. 1, 2026, 1 of your entries needs its sources verified:",
        21: "On Oct. 1, 2026, 21 of your entries need their sources verified:",
        1234: "On Oct. 1, 2026, 1,234 of your entries need their sources verified:",
    },
}


DIGEST_SUBJECT = {
    "ru": {
        1: "База знаний: 1 запись требует проверки", 2: "База знаний: 2 записи требуют проверки",
        5: "База знаний: 5 записей требуют проверки", 21: "База знаний: 21 запись требует проверки",
        1234: "База знаний: 1\xa0234 записи требуют проверки",
    },
    "uk": {
        1: "База знань: 1 запис потребує перевірки", 2: "База знань: 2 записи потребують перевірки",
        5: "База знань: 5 записів потребують перевірки", 21: "База знань: 21 запис потребує перевірки",
        1234: "База знань: 1\xa0234 записи потребують перевірки",
    },
    "en": {
        1: "Knowledge base: 1 entry needs verification", 21: "Knowledge base: 21 entries need verification",
        1234: "Knowledge base: 1,234 entries need verification",
    },
}


@pytest.mark.parametrize("language", DIGEST_LINE)
def test_digest_counts_and_dates_are_written_in_the_owners_language(demo_users, sections, language):
    editor = demo_users["editor"]
    profile = UserProfile.get_for_user(editor)
    profile.preferred_language = language  # the digest is written in the owner's admin language
    profile.save()
    page = make_entry()
    for n, line in DIGEST_LINE[language].items():
        subject, body, count = render_digest(editor, [(VerificationStatus.OVERDUE, [page] * n)], date(2026, 10, 1))
        assert count == n
        assert subject == DIGEST_SUBJECT[language][n]
        assert line in body.splitlines(), (n, body.splitlines()[:3])
        if n == 1234:
            assert f"({GROUPED_1234[language]})" in body  # the status group's count


# --- numbers of 1000 and more ----------------------------------------------------------------


@pytest.fixture
def calls_today(demo_users):
    def log(count, outcome="answered"):
        CallRecord.objects.bulk_create(
            CallRecord(operator=demo_users["operator"], outcome=outcome, category="entry-stay-documents",
                       country="IT", language="ro")
            for _ in range(count)
        )
    return log


@pytest.mark.parametrize("language", LANGUAGES)
def test_call_log_totals_are_grouped_per_language(demo_users, calls_today, language):
    calls_today(1234)
    html = signed_in(demo_users["editor"], language=language).get(CALL_LOG_URL).content.decode()
    totals = between(html, '<p class="call-log-totals">', "</p>")
    assert totals.count(GROUPED_1234[language]) == 2  # the total and the answered calls
    assert "1234" not in totals


@pytest.mark.parametrize("language", LANGUAGES)
def test_console_shift_counts_are_grouped_per_language(operator, calls_today, language):
    calls_today(1234)
    header = between(operator.get(f"/{language}/console/").content.decode(), 'id="console-shift"', "</div>")
    assert f'data-outcome="answered"><strong>{GROUPED_1234[language]}</strong>' in header
    assert f'data-outcome="total"><strong>{GROUPED_1234[language]}</strong>' in header


SHIFT_TOTAL = {
    "ro": {1: "apel în total", 2: "apeluri în total", 5: "apeluri în total", 21: "de apeluri în total"},
    "ru": {1: "звонок всего", 2: "звонка всего", 5: "звонков всего", 21: "звонок всего"},
    "uk": {1: "дзвінок усього", 2: "дзвінки всього", 5: "дзвінків усього", 21: "дзвінок усього"},
    "en": {1: "call in total", 2: "calls in total", 5: "calls in total", 21: "calls in total"},
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_console_shift_total_takes_the_plural_form_of_its_count(operator, calls_today, language):
    logged = 0
    for calls, words in SHIFT_TOTAL[language].items():
        calls_today(calls - logged, outcome="no_answer")
        logged = calls
        header = between(operator.get(f"/{language}/console/").content.decode(), 'id="console-shift"', "</div>")
        assert between(header, 'data-outcome="total">', "</span></span>") == (
            f'<strong>{calls}</strong> <span class="shift-noun">{words}'
        )


@pytest.mark.parametrize("language", LANGUAGES)
def test_too_long_query_message_groups_the_length_per_language(client, db, language):
    response = client.get("/api/search/", {"q": "x" * 1234}, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 400
    message = json.loads(response.content)["error"]
    assert f"{GROUPED_1234[language]}." in message and "200" in message


def test_too_long_query_message_agrees_with_its_limit(client, db):
    message = client.get("/api/search/", {"q": "x" * 201}, HTTP_ACCEPT_LANGUAGE="en").json()["error"]
    assert message == "q: The query may be at most 200 characters long; it has 201."
