"""The verification workflow (issue 5): statuses, reviews, law changes, translations, digests, reports.

Dates are controlled: every status is computed for a fixed ``TODAY`` (``--today`` for the command).
"""

import csv
import io
from datetime import date, datetime, timedelta
from datetime import timezone as dt_timezone

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import translation
from wagtail.models import PageLogEntry, TaskState

from faq.models import (
    CountryFactSheetPage,
    DigestLog,
    EntryReview,
    FaqPage,
    FaqSource,
    LawChange,
    SourceLink,
    SourceVerification,
)
from faq.reviews import (
    LAW_CHANGE_ACTION,
    REVERIFY_ACTION,
    SEND_BACK_ACTION,
    TRANSLATION_OUTDATED_ACTION,
    VERIFY_ACTION,
    VerificationRefused,
    reverify,
)
from faq.verification import FLAG_ACTION, EntryFacts, SourceReview, assess, refresh_statuses
from search.indexing import update_pages
from search.models import SearchEntry

from .clients import signed_in as client_for
from .factories import entry_record, write_entries

TODAY = date(2026, 11, 22)
URL = "https://www.integrazionemigranti.gov.it/"


def source(url=URL, verified="2026-10-01", interval=None, title="Portale Integrazione Migranti"):
    return {
        "title": title, "url": url, "authority": "Ministero del Lavoro", "type": "official",
        "last_verified_on": verified, "verified_by": "reviewer", "review_interval_days": interval,
    }


def entry(number=None, sources=None, **overrides):
    record = entry_record(number, sources=[source()] if sources is None else sources, **overrides)
    return write_entries(record)[0]


def stored(page):
    return FaqPage.objects.get(pk=page.pk)


def actions(page, action):
    return PageLogEntry.objects.filter(page_id=page.pk, action=action)


# --- the rule --------------------------------------------------------------------------------


@pytest.mark.parametrize(("facts", "status"), [
    (EntryFacts(reviews=()), "unsourced"),
    (EntryFacts(reviews=(SourceReview(date(2026, 10, 1), None),), default_interval_days=365), "current"),
    (EntryFacts(reviews=(SourceReview(date(2026, 1, 1), None),), default_interval_days=330), "due_soon"),
    (EntryFacts(reviews=(SourceReview(date(2025, 1, 1), None),), default_interval_days=365), "overdue"),
    (EntryFacts(reviews=(SourceReview(None, None),)), "overdue"),
    (EntryFacts(reviews=(SourceReview(date(2026, 10, 1), None),), risks=("law_changed",)), "at_risk"),
    (EntryFacts(reviews=(SourceReview(date(2025, 1, 1), None),), risks=("broken_link",)), "at_risk"),
    (EntryFacts(reviews=(SourceReview(date(2025, 1, 1), None),), in_review=True, risks=("law_changed",)), "in_review"),
    (EntryFacts(reviews=(), risks=("law_changed",)), "unsourced"),
])
def test_one_rule_gives_every_status(facts, status):
    assert assess(facts, TODAY).status == status


def test_due_date_is_the_earliest_source_and_per_source_interval_wins():
    facts = EntryFacts(reviews=(
        SourceReview(date(2026, 10, 1), 30), SourceReview(date(2026, 9, 1), None),
    ), default_interval_days=365)
    found = assess(facts, TODAY)
    assert found.review_due == date(2026, 10, 31)
    assert found.last_verified_on == date(2026, 9, 1)
    assert found.status == "overdue"


@pytest.mark.parametrize(("entry_interval", "expected"), [(None, "current"), (30, "overdue")])
def test_entry_interval_overrides_the_category_default(sections, entry_interval, expected):
    page = entry(sources=[source(verified="2026-10-01")])
    page = stored(page)
    page.review_interval_days = entry_interval
    page.save_revision().publish()
    refresh_statuses([page.pk], today=TODAY)
    assert stored(page).verification_status == expected


def test_due_soon_window_is_a_setting(sections, settings):
    page = entry(sources=[source(verified="2026-10-01", interval=70)])  # due 2026-12-10, 18 days ahead
    refresh_statuses([page.pk], today=TODAY)
    assert stored(page).verification_status == "current"
    settings.KB_DUE_SOON_DAYS = 30
    refresh_statuses([page.pk], today=TODAY)
    assert stored(page).verification_status == "due_soon"


# --- stored, refreshed, never reset by edits -------------------------------------------------


def test_each_translation_keeps_its_own_verification_rows(sections):
    page = entry()
    rows = SourceVerification.objects.filter(page__translation_key=page.translation_key)
    assert rows.count() == 4
    assert set(rows.values_list("last_verified_on", flat=True)) == {date(2026, 10, 1)}


def test_cosmetic_edit_never_resets_a_review_date(sections):
    page = entry(sources=[source(verified="2025-01-01")])
    refresh_statuses([page.pk], today=TODAY)
    assert stored(page).verification_status == "overdue"
    draft = stored(page)
    draft.title = draft.title + " (typo fixed)"
    items = list(draft.sources.all())
    for item in items:
        item.last_verified_on = date(2026, 11, 20)  # what an edit cannot do
        item.title = "Portale Integrazione Migranti (IT)"
    draft.sources = items
    draft.save_revision().publish()
    after = stored(page)
    assert after.sources.get().last_verified_on == date(2025, 1, 1)
    assert after.sources.get().title == "Portale Integrazione Migranti (IT)"
    assert after.verification_status == "overdue"


def test_publishing_an_old_revision_cannot_undo_a_verification(sections, demo_users):
    page = entry(sources=[source(verified="2025-01-01")])
    old_revision = stored(page).latest_revision
    reverify(page, demo_users["reviewer"], today=TODAY)
    old_revision.publish()
    after = stored(page)
    assert after.sources.get().last_verified_on == TODAY
    assert after.last_verified_on == TODAY


def test_a_new_source_address_starts_unverified(sections):
    page = entry(sources=[source(verified="2026-10-01")])
    draft = stored(page)
    items = list(draft.sources.all())
    for item in items:
        item.url = "https://example.org/another-page"
    draft.sources = items
    draft.save_revision().publish()
    after = stored(page)
    assert after.sources.get().last_verified_on is None
    assert after.verification_status == "overdue"


def test_flag_overdue_is_idempotent_and_logs_each_change_once(sections):
    current = entry(sources=[source(verified="2026-10-01")])
    stale = entry(sources=[source(verified="2025-09-01")])
    FaqPage.objects.filter(pk__in=[current.pk, stale.pk]).update(verification_status="current")
    out = io.StringIO()
    call_command("flag_overdue", "--today", TODAY.isoformat(), "--no-email", stdout=out)
    assert "entries changed" in out.getvalue()
    assert stored(stale).verification_status == "overdue"
    assert stored(current).verification_status == "current"
    logged = actions(stale, FLAG_ACTION)
    assert logged.count() == 1 and logged.get().data["to"] == "overdue"
    call_command("flag_overdue", "--today", TODAY.isoformat(), "--no-email", stdout=io.StringIO())
    assert actions(stale, FLAG_ACTION).count() == 1


def test_flag_overdue_moves_current_to_due_soon_to_overdue_as_days_pass(sections):
    page = entry(sources=[source(verified="2026-10-01", interval=60)])  # due 2026-11-30
    seen = []
    for day in ("2026-11-01", "2026-11-22", "2026-12-01"):
        call_command("flag_overdue", "--today", day, "--no-email", stdout=io.StringIO())
        seen.append(stored(page).verification_status)
    assert seen == ["current", "due_soon", "overdue"]
    assert [e.data["to"] for e in actions(page, FLAG_ACTION).order_by("timestamp")][-2:] == ["due_soon", "overdue"]


def test_flag_overdue_rejects_a_bad_date(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("flag_overdue", "--today", "22.11.2026", stdout=io.StringIO())


def test_status_reaches_the_search_index(sections):
    page = entry(sources=[source(verified="2025-01-01")])
    FaqPage.objects.filter(pk=page.pk).update(verification_status="current")
    update_pages([page.pk])
    refresh_statuses([page.pk], today=TODAY)
    assert SearchEntry.objects.get(page_id=page.pk).verification_status == "overdue"


def test_unsourced_entry(sections):
    page = entry(sources=[])
    assert stored(page).verification_status == "unsourced"


# --- the workflow -----------------------------------------------------------------------------


def submit(page, user):
    page = stored(page)
    page.title = page.title + " (checked)"
    page.save_revision(user=user)
    workflow = page.get_workflow()
    assert workflow is not None and workflow.name == "Source verification"
    workflow.start(page, user)
    return TaskState.objects.filter(workflow_state__object_id=str(page.pk), status="in_progress").get().specific


def workflow_post(client, page, action, state, data):
    url = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, action, state.pk])
    return client.post(url, {"review_state": state.pk, "review_action": action, **data},
                        headers={"x-requested-with": "XMLHttpRequest"})


def test_submitting_puts_the_entry_in_review(sections, demo_users):
    page = entry()
    submit(page, demo_users["editor"])
    assert stored(page).verification_status == "in_review"
    assert SearchEntry.objects.get(page_id=page.pk).verification_status == "in_review"


def test_reviewer_confirms_each_source_and_approves(sections, demo_users):
    page = entry(sources=[source(verified="2025-01-01"), source(url="https://example.org/b", title="B")])
    state = submit(page, demo_users["editor"])
    reviewer = client_for(demo_users["reviewer"])
    modal = reviewer.get(reverse("wagtailadmin_pages:collect_workflow_action_data", args=[page.pk, "approve", state.pk]))
    assert modal.status_code == 200
    html = modal.json()["html"]
    assert 'name="outcome-0"' in html and 'name="outcome-1"' in html and "Portale Integrazione Migranti" in html

    incomplete = workflow_post(reviewer, page, "approve", state, {"outcome-0": "checked", "comment": "ok"})
    assert incomplete.json()["step"] == "action" and "every source" in incomplete.json()["html"]
    assert stored(page).verification_status == "in_review"

    response = workflow_post(reviewer, page, "approve", state, {"outcome-0": "checked", "outcome-1": "changed", "comment": "Fee checked"})
    assert response.status_code == 200 and response.json().get("step") != "action"
    after = stored(page)
    assert after.live and after.title.endswith("(checked)")
    assert after.verification_status == "current"
    assert {s.last_verified_on for s in after.sources.all()} == {date.today()}
    assert {s.verified_by for s in after.sources.all()} == {"reviewer"}
    state.refresh_from_db()
    assert state.status == "approved" and state.outcomes == {URL: "checked", "https://example.org/b": "changed"}
    logged = actions(page, VERIFY_ACTION).get()
    assert logged.user == demo_users["reviewer"] and logged.data["note"] == "Fee checked"


def test_reviewer_sends_back_with_a_note_and_a_broken_source(sections, demo_users):
    page = entry(sources=[source(verified="2025-01-01")])
    state = submit(page, demo_users["editor"])
    reviewer = client_for(demo_users["reviewer"])
    no_note = workflow_post(reviewer, page, "reject", state, {"outcome-0": "broken", "comment": ""})
    assert no_note.json()["step"] == "action"
    workflow_post(reviewer, page, "reject", state, {"outcome-0": "broken", "comment": "The page is gone"})
    state.refresh_from_db()
    assert state.status == "rejected"
    after = stored(page)
    assert not after.title.endswith("(checked)")  # the submitted draft was not published
    assert after.sources.get().last_verified_on == date(2025, 1, 1)
    assert after.verification_status == "at_risk" and after.risk_reasons == ["broken_link"]
    assert SourceLink.objects.get(url=URL).outcome == "broken"
    assert actions(page, SEND_BACK_ACTION).get().data["note"] == "The page is gone"


def test_nobody_approves_their_own_submission(sections, demo_users):
    page = entry()
    admin = demo_users["admin"]
    state = submit(page, admin)
    assert [name for name, _label, _modal in state.task.specific.get_actions(stored(page), admin)] == ["reject"]
    response = workflow_post(client_for(admin), page, "approve", state, {"outcome-0": "checked", "comment": ""})
    assert response.status_code == 403
    state.refresh_from_db()
    assert state.status == "in_progress"
    assert not actions(page, VERIFY_ACTION).exists()


def test_operators_and_editors_cannot_verify(sections, demo_users):
    page = entry()
    state = submit(page, demo_users["admin"])
    for name in ("operator", "editor"):
        user = demo_users[name]
        assert state.task.specific.get_actions(stored(page), user) == []
        response = workflow_post(client_for(user), page, "approve", state, {"outcome-0": "checked"})
        assert response.status_code in (302, 403)
        with pytest.raises(Exception):
            reverify(page, user, today=TODAY)
        assert client_for(user).post(reverse("faq_verification:reverify", args=[page.pk])).status_code in (302, 403)
    state.refresh_from_db()
    assert state.status == "in_progress" and not actions(page, VERIFY_ACTION).exists()


# --- quick re-verification --------------------------------------------------------------------


def test_reverify_confirms_sources_with_a_revision_and_an_audit_entry(sections, demo_users):
    page = entry(sources=[source(verified="2025-01-01")])
    refresh_statuses([page.pk], today=TODAY)
    revisions_before = stored(page).revisions.count()
    response = client_for(demo_users["reviewer"]).post(
        reverse("faq_verification:reverify", args=[page.pk]), {"note": "Compared with the portal"},
    )
    assert response.status_code == 302
    after = stored(page)
    assert after.revisions.count() == revisions_before + 1
    assert after.live_revision == after.latest_revision and not after.has_unpublished_changes
    assert after.sources.get().last_verified_on == date.today()
    assert after.verification_status == "current"
    logged = actions(page, REVERIFY_ACTION).get()
    assert logged.data["note"] == "Compared with the portal" and logged.revision_id == after.latest_revision_id


def test_reverify_keeps_a_pending_draft_as_the_latest_unpublished_version(sections, demo_users):
    page = entry(sources=[source(verified="2025-01-01")])
    draft = stored(page)
    draft.short_answer = "A draft nobody has approved yet."
    draft.save_revision(user=demo_users["editor"])
    reverify(page, demo_users["reviewer"], today=TODAY)
    after = stored(page)
    assert after.has_unpublished_changes
    assert after.get_latest_revision_as_object().short_answer == "A draft nobody has approved yet."
    assert after.short_answer != "A draft nobody has approved yet."


def test_reverify_is_refused_while_in_review_or_without_sources(sections, demo_users):
    reviewer = demo_users["reviewer"]
    with translation.override("en"), pytest.raises(VerificationRefused, match="no sources"):
        reverify(entry(sources=[]), reviewer)
    page = entry()
    submit(page, demo_users["editor"])
    with translation.override("en"), pytest.raises(VerificationRefused, match="in review"):
        reverify(page, reviewer)
    response = client_for(reviewer).post(reverse("faq_verification:reverify", args=[page.pk]), follow=True)
    assert "in review" in response.content.decode()


def test_reverify_page_lists_the_sources(sections, demo_users):
    page = entry()
    response = client_for(demo_users["reviewer"]).get(reverse("faq_verification:reverify", args=[page.pk]))
    assert response.status_code == 200
    assert "Portale Integrazione Migranti" in response.content.decode()


# --- law changes and fact sheets --------------------------------------------------------------


def test_law_change_puts_matching_entries_at_risk_until_reverified(sections, demo_users):
    from faq.models import Category, Country

    hit = entry(countries=["IT"], category="entry-stay-documents/residence-permits")
    other_country = entry(countries=["DE"], category="entry-stay-documents/residence-permits")
    other_topic = entry(countries=["IT"], category="work-employment/seasonal-work")
    country = Country.objects.get(code="IT", locale__language_code="ro")
    category = Category.objects.get(path="entry-stay-documents", locale__language_code="ro")
    response = client_for(demo_users["editor"]).post(reverse("law_changes:add"), {
        "country": country.pk, "category": category.pk, "changed_on": "2026-11-20",
        "description": "New fee for the residence permit",
    })
    assert response.status_code == 302
    event = LawChange.objects.get()
    assert event.recorded_by == demo_users["editor"]
    translations = FaqPage.objects.filter(translation_key=hit.translation_key)
    assert set(translations.values_list("verification_status", flat=True)) == {"at_risk"}
    assert all(p.risk_reasons == ["law_changed"] for p in translations)
    assert stored(other_country).verification_status == "current"
    assert stored(other_topic).verification_status == "current"
    from wagtail.models import ModelLogEntry

    assert ModelLogEntry.objects.filter(action=LAW_CHANGE_ACTION, object_id=str(event.pk)).get().data["entries"] == 4
    assert actions(hit, FLAG_ACTION).get().data["to"] == "at_risk"

    reverify(hit, demo_users["reviewer"], today=TODAY)
    assert stored(hit).verification_status == "current"
    assert FaqPage.objects.get(translation_key=hit.translation_key, locale__language_code="ru").verification_status == "at_risk"


def test_operators_cannot_record_law_changes(sections, demo_users):
    response = client_for(demo_users["operator"]).get(reverse("law_changes:add"))
    assert response.status_code in (302, 403)


def test_overdue_fact_sheet_puts_entries_of_its_country_at_risk(sections):
    page = entry(countries=["IT"])
    other = entry(countries=["DE"])
    sheet = _fact_sheet("IT", verified=date(2020, 1, 1))
    call_command("flag_overdue", "--today", TODAY.isoformat(), "--no-email", stdout=io.StringIO())
    assert CountryFactSheetPage.objects.get(pk=sheet.pk).verification_status == "overdue"
    assert stored(page).verification_status == "at_risk" and stored(page).risk_reasons == ["fact_sheet_overdue"]
    assert stored(other).verification_status == "current"


def _fact_sheet(code, verified):
    from faq.models import Country, CountryIndexPage

    index = CountryIndexPage.objects.filter(locale__language_code="ro").first()
    sheet = CountryFactSheetPage(
        title=f"Fact sheet {code}", slug=f"sheet-{code.lower()}", summary="Summary",
        country=Country.objects.get(code=code, locale__language_code="ro"),
        sections=[("section", {
            "kind": "work", "body": "<p>Work rules.</p>",
            "sources": [{"title": "Official", "url": "https://example.org/sheet", "authority": "Ministry",
                         "last_verified_on": verified, "review_interval_days": None}],
        })],
    )
    index.add_child(instance=sheet)
    sheet.save_revision().publish()
    return sheet


# --- translations -----------------------------------------------------------------------------


def test_substantive_change_marks_translations_outdated_until_updated_and_verified(sections, demo_users):
    page = entry()
    source_page = stored(page)
    source_page.short_answer = "The fee is now 120 euro."
    source_page.substantive_change = True
    source_page.save_revision(user=demo_users["editor"]).publish(user=demo_users["reviewer"])
    ru = FaqPage.objects.get(translation_key=page.translation_key, locale__language_code="ru")
    assert ru.verification_status == "at_risk" and ru.risk_reasons == ["translation_outdated"]
    assert actions(ru, TRANSLATION_OUTDATED_ACTION).count() == 1
    assert stored(page).verification_status == "current"

    # Republishing the same revision marks nothing twice.
    stored(page).latest_revision.publish()
    assert actions(ru, TRANSLATION_OUTDATED_ACTION).count() == 1

    # Re-verifying the sources alone does not clear it: the translation must be updated.
    reverify(ru, demo_users["reviewer"], today=TODAY)
    assert stored(ru).verification_status == "at_risk"

    state = submit(ru, demo_users["editor"])
    reviewer = client_for(demo_users["reviewer"])
    workflow_post(reviewer, ru, "approve", state, {"outcome-0": "checked", "comment": "Translation updated"})
    assert stored(ru).verification_status == "current"
    assert EntryReview.objects.get(page=ru).translation_outdated_since is None


def test_typo_fix_leaves_translations_alone(sections):
    page = entry()
    source_page = stored(page)
    source_page.title = source_page.title + "."
    source_page.save_revision().publish()
    statuses = FaqPage.objects.filter(translation_key=page.translation_key).values_list("verification_status", flat=True)
    assert set(statuses) == {"current"}


def test_substantive_change_box_starts_unticked_and_is_only_for_the_source_language(sections, demo_users):
    page = entry()
    source_page = stored(page)
    source_page.substantive_change = True
    source_page.save_revision().publish()
    client = client_for(demo_users["admin"])
    html = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
    assert 'name="substantive_change"' in html and 'name="substantive_change" checked' not in html
    ru = FaqPage.objects.get(translation_key=page.translation_key, locale__language_code="ru")
    html = client.get(reverse("wagtailadmin_pages:edit", args=[ru.pk])).content.decode()
    assert 'name="substantive_change"' not in html  # translations are edited in wagtail-localize's editor


# --- digests ----------------------------------------------------------------------------------


def test_each_owner_gets_one_digest_a_day(sections, demo_users):
    editor = demo_users["editor"]
    pages = [entry(sources=[source(verified="2025-01-01")]) for _ in range(3)]
    soon = entry(sources=[source(verified="2026-10-01", interval=60)])
    FaqPage.objects.filter(translation_key__in=[p.translation_key for p in [*pages, soon]]).update(owner=editor)
    call_command("flag_overdue", "--today", TODAY.isoformat(), stdout=io.StringIO())
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [editor.email]
    assert "16" in message.subject  # 3 overdue + 1 due soon, in four languages
    for page in pages:
        assert page.answer_number in message.body
    assert "/admin/pages/" in message.body
    assert DigestLog.objects.get(user=editor, day=TODAY).entries == 16
    call_command("flag_overdue", "--today", TODAY.isoformat(), stdout=io.StringIO())
    assert len(mail.outbox) == 1
    call_command("flag_overdue", "--today", (TODAY + timedelta(days=1)).isoformat(), stdout=io.StringIO())
    assert len(mail.outbox) == 2


def test_digest_is_written_in_the_owners_language(sections, demo_users):
    from wagtail.users.models import UserProfile

    editor = demo_users["editor"]
    profile = UserProfile.get_for_user(editor)
    profile.preferred_language = "ru"
    profile.save()
    page = entry(sources=[source(verified="2025-01-01")])
    FaqPage.objects.filter(pk=page.pk).update(owner=editor)
    call_command("flag_overdue", "--today", TODAY.isoformat(), stdout=io.StringIO())
    body = mail.outbox[0].body
    assert page.answer_number in body
    assert "ноября 2026" in body  # the date is written the Russian way


# --- admin: dashboard and reports -------------------------------------------------------------


def test_dashboard_panel_shows_counts_and_my_overdue_entries(sections, demo_users):
    editor = demo_users["editor"]
    page = entry(sources=[source(verified="2025-01-01")])
    refresh_statuses(None, today=TODAY)
    FaqPage.objects.filter(pk=page.pk).update(owner=editor)
    html = client_for(editor).get(reverse("wagtailadmin_home")).content.decode()
    assert "verification-panel" in html
    assert page.answer_number in html


def test_verification_report_filters_and_exports(sections, demo_users):
    stale = entry(sources=[source(verified="2025-01-01")], countries=["DE"])
    entry(countries=["IT"])
    refresh_statuses(None, today=TODAY)
    client = client_for(demo_users["editor"])
    url = reverse("faq_verification:report")
    html = client.get(url, {"status": "overdue", "language": "ro"}).content.decode()
    assert stale.answer_number in html
    response = client.get(url, {"status": "overdue", "country": "DE", "export": "csv"})
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert {row["Answer number"] for row in rows} == {stale.answer_number}
    assert {row["Status"] for row in rows} == {"Overdue"}
    assert len(rows) == 4
    ro_only = client.get(url, {"language": "ro", "export": "xlsx"})
    assert ro_only["Content-Type"].startswith("application/vnd.openxmlformats")
    assert client_for(demo_users["operator"]).get(url).status_code in (302, 403)


def test_coverage_report_shows_the_worst_status_per_cell(sections, demo_users):
    entry(countries=["IT"], category="entry-stay-documents/residence-permits")
    entry(countries=["IT"], category="entry-stay-documents/visas", sources=[source(verified="2025-01-01")])
    refresh_statuses(None, today=TODAY)
    client = client_for(demo_users["editor"])
    url = reverse("faq_verification:coverage")
    response = client.get(url, {"language": "ro", "export": "csv"})
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    cell = next(r for r in rows if r["ISO code"] == "IT" and r["Category"].startswith("Intrare"))  # ro content
    assert cell["Worst status"] == "Overdue" and cell["Entries"] == "2"
    assert {r["Worst status"] for r in rows if r["ISO code"] == "DE"} == {"Missing"}
    html = client.get(url, {"language": "en"}).content.decode()
    assert 'data-status="overdue"' in html


def test_source_links_report_lists_problems(sections, demo_users):
    entry()
    SourceLink.objects.create(url=URL, outcome="moved", status_code=301, redirect_to="https://example.org/new",
                              checked_at=datetime(2026, 11, 22, tzinfo=dt_timezone.utc))
    response = client_for(demo_users["editor"]).get(reverse("faq_verification:links"), {"export": "csv"})
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[0]["Address"] == URL and rows[0]["Outcome"] == "Moved permanently" and rows[0]["Entries citing it"] == "4"


# --- public side ------------------------------------------------------------------------------


def test_public_page_shows_last_verified_and_a_caution_when_overdue(sections):
    page = entry(sources=[source(verified="2025-01-01")])
    html = Client().get(page.url).content.decode()
    assert "Ultima verificare" in html or "Last verified" in html or "2025" in html
    assert 'class="caution"' in html
    fresh = entry(sources=[source(verified=date.today().isoformat())])
    html = Client().get(fresh.url).content.decode()
    assert 'class="caution"' not in html


def test_hiding_long_overdue_entries_from_the_public_is_optional(sections, settings):
    from django.contrib.auth.models import AnonymousUser

    from faq.access import visible_entries
    from search.forms import SearchForm
    from search.service import run_search

    stale = entry(sources=[source(verified="2020-01-01")])
    fresh = entry()
    refresh_statuses(None)

    def public_ids():
        form = SearchForm({"q": "permisul de ședere", "locale": "ro"})
        assert form.is_valid(), form.errors
        request = form.search_request("ro")
        return request, {hit.page_id for hit in run_search(request).hits}

    request, ids = public_ids()
    assert request.due_from == "" and {stale.pk, fresh.pk} <= ids
    settings.KB_PUBLIC_HIDE_OVERDUE_AFTER_DAYS = 30
    request, ids = public_ids()
    assert request.due_from == (date.today() - timedelta(days=30)).isoformat()
    assert fresh.pk in ids and stale.pk not in ids

    visible = set(visible_entries(FaqPage.objects.all(), AnonymousUser()).values_list("pk", flat=True))
    assert fresh.pk in visible and stale.pk not in visible


# --- imports ----------------------------------------------------------------------------------


def test_import_moves_verification_dates_forward_never_back(sections):
    page = entry(number="A-0777", sources=[source(verified="2025-01-01")])
    write_entries(entry_record("A-0777", sources=[source(verified="2026-11-01")]))
    assert {s.last_verified_on for s in FaqSource.objects.filter(page__translation_key=page.translation_key)} == {date(2026, 11, 1)}
    assert stored(page).verification_status == "current"
    write_entries(entry_record("A-0777", sources=[source(verified="2024-01-01")]))
    assert SourceVerification.objects.get(page=page).last_verified_on == date(2026, 11, 1)
