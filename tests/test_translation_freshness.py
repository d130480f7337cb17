"""Translation freshness: each translation is up to date, outdated (and why) or missing; the edit
views say so and the "Translation freshness" report lists the translations that need work."""

import csv
import io

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.utils import formats, timezone, translation
from openpyxl import load_workbook
from wagtail import hooks
from wagtail.models import Locale, TaskState
from wagtail_localize.models import StringSegment, StringTranslation, Translation, TranslationSource

from faq.models import Category, Country, CountryFactSheetPage, CountryIndexPage, FaqPage
from faq.reviews import approve_verification
from faq.translation_freshness import freshness, freshness_rows, source_pages, translations_of
from faq.translations import register_translations, save_and_publish, translate_page

from .clients import signed_in
from .factories import make_entry

REPORT = "faq_verification:translations"


def entry(languages=("ro", "ru", "uk", "en"), **overrides):
    """A Romanian entry with translations copied from it and registered with wagtail-localize.

    Copies keep the source's block ids, so every string pairs with its translation.
    """
    page = make_entry(languages=("ro",), **overrides)
    targets = []
    for language in languages[1:]:
        locale = Locale.objects.get(language_code=language)
        targets.append(translate_page(page, locale, {
            "title": f"Question {page.answer_number} in {language}",
            "short_answer": f"Short answer in {language}.",
            "category": Category.objects.get(locale=locale, path=stored(page).category.path),
        }))
    assert register_translations(page, targets) == 0
    return page


def stored(page):
    return FaqPage.objects.get(pk=page.pk)


def translation_of(page, language):
    return FaqPage.objects.get(translation_key=page.translation_key, locale__language_code=language)


def republish(page, user=None, **changes):
    source = stored(page)
    for name, value in changes.items():
        setattr(source, name, value)
    source.save_revision(user=user).publish(user=user)
    return stored(page)


def sync_url(page):
    return reverse("wagtail_localize:update_translations", args=[TranslationSource.objects.get_for_instance(page).pk])


def sync(page, user):
    """What "Update translations" in the admin does, without publishing the translations."""
    response = signed_in(user).post(sync_url(page), {})
    assert response.status_code == 302


def translate_changed_strings(page, language, text):
    source = TranslationSource.objects.get_for_instance(page)
    locale = Locale.objects.get(language_code=language)
    for segment in StringSegment.objects.filter(source=source).select_related("string", "context"):
        StringTranslation.objects.get_or_create(
            translation_of=segment.string, locale=locale, context=segment.context,
            defaults={"data": text, "translation_type": StringTranslation.TRANSLATION_TYPE_MANUAL},
        )
    Translation.objects.get(source=source, target_locale=locale).save_target(publish=True)


def state(page, language):
    found = freshness(page, language)
    return found.state, found.reasons


def local_day(moment):
    return formats.date_format(timezone.localtime(moment), "DATE_FORMAT")


def export(client, export_format, **filters):
    return client.get(reverse(REPORT), {**filters, "export": export_format})


def csv_rows(response):
    return list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))


# --- states and reasons ------------------------------------------------------------------------


def test_a_registered_translation_is_up_to_date_as_of_its_sync(sections):
    page = entry(languages=("ro", "uk"))
    found = freshness(page, "uk")
    assert (found.state, found.reasons) == ("up_to_date", ())
    assert found.translation_page.pk == translation_of(page, "uk").pk
    assert found.made_from_source_at == TranslationSource.objects.get_for_instance(page).last_updated_at
    assert found.source_published_at == stored(page).last_published_at
    assert found.answer_number == page.answer_number and found.country_codes == ("IT",)
    assert found.category_slug == "entry-stay-documents"


def test_publishing_the_source_again_makes_its_translations_outdated(sections):
    page = entry()
    republish(page, short_answer="The fee is now 120 euro.")
    assert {row.language: (row.state, row.reasons) for row in translations_of(page)} == {
        language: ("outdated", ("source_changed",)) for language in ("ru", "uk", "en")
    }


def test_sync_then_translate_then_publish_brings_a_translation_up_to_date(sections, demo_users):
    page = entry(languages=("ro", "uk"))
    republish(page, short_answer="The fee is now 120 euro.")
    sync(page, demo_users["reviewer"])
    found = freshness(page, "uk")
    assert (found.state, found.reasons, found.untranslated) == ("outdated", ("untranslated_strings",), 1)

    translate_changed_strings(page, "uk", "Збір тепер становить 120 євро.")
    assert state(page, "uk") == ("up_to_date", ())
    assert translation_of(page, "uk").short_answer == "Збір тепер становить 120 євро."


def test_strings_without_a_translation_make_a_translation_outdated(sections):
    page = entry(languages=("ro", "ru", "uk"))
    StringTranslation.objects.filter(locale__language_code="uk", context__path="short_answer").delete()
    found = freshness(page, "uk")
    assert (found.state, found.reasons, found.untranslated) == ("outdated", ("untranslated_strings",), 1)
    assert state(page, "ru") == ("up_to_date", ())


def test_a_substantive_change_keeps_translations_outdated_until_they_are_verified(sections, demo_users):
    page = entry(languages=("ro", "uk"))
    republish(page, demo_users["reviewer"], short_answer="The fee is now 120 euro.", substantive_change=True)
    assert state(page, "uk") == ("outdated", ("source_changed", "substantive_change"))

    sync(page, demo_users["reviewer"])
    translate_changed_strings(page, "uk", "Збір тепер становить 120 євро.")
    assert state(page, "uk") == ("outdated", ("substantive_change",))

    uk = translation_of(page, "uk")
    uk.save_revision(user=demo_users["editor"])
    uk.get_workflow().start(uk, demo_users["editor"])
    task_state = TaskState.objects.get(workflow_state__object_id=str(uk.pk), status="in_progress").specific
    approve_verification(task_state, demo_users["reviewer"], {s.url: "checked" for s in uk.sources.all()}, "Updated")
    assert state(page, "uk") == ("up_to_date", ())


def test_an_entry_imported_in_every_language_is_up_to_date(sections):
    """The import gives a block the same id in every language, so wagtail-localize pairs them."""
    page = make_entry(translation={"answer": [
        {"type": "text", "value": "<p>Text.</p>"}, {"type": "steps", "value": ["One", "Two"]},
    ]})
    assert {row.language: (row.state, row.reasons) for row in translations_of(page)} == {
        "ru": ("up_to_date", ()), "uk": ("up_to_date", ()), "en": ("up_to_date", ()),
    }


def test_a_language_without_a_live_translation_is_missing(sections):
    page = entry(languages=("ro", "ru", "uk"))
    translation_of(page, "uk").unpublish()
    rows = {row.language: row for row in translations_of(page)}
    assert (rows["en"].state, rows["en"].translation_page) == ("missing", None)
    assert rows["uk"].state == "missing" and rows["uk"].translation_page.pk == translation_of(page, "uk").pk
    assert rows["uk"].reasons == () and rows["uk"].made_from_source_at is None
    assert rows["ru"].state == "up_to_date"


def _fact_sheet(code, languages=("ru",)):
    index = CountryIndexPage.objects.get(locale__language_code="ro")
    sheet = CountryFactSheetPage(
        title=f"Fișa țării {code}", slug=f"sheet-{code.lower()}", summary="Rezumat.", sections=[],
        country=Country.objects.get(code=code, locale__language_code="ro"),
    )
    index.add_child(instance=sheet)
    save_and_publish(sheet)
    targets = [
        translate_page(sheet, Locale.objects.get(language_code=language), {
            "title": f"Fact sheet {code} ({language})", "summary": "Summary.",
            "country": Country.objects.get(code=code, locale__language_code=language),
        })
        for language in languages
    ]
    register_translations(sheet, targets)
    return sheet


def test_fact_sheets_are_tracked_by_country(sections):
    sheet = _fact_sheet("DE")
    rows = {row.language: row for row in translations_of(sheet)}
    assert rows["ru"].state == "up_to_date" and rows["uk"].state == "missing"
    assert rows["ru"].country_codes == ("DE",) and rows["ru"].answer_number == "" and rows["ru"].category_slug == ""


def test_the_batch_takes_the_same_few_queries_for_any_number_of_entries(sections, django_assert_max_num_queries):
    entry(languages=("ro", "uk"))
    _fact_sheet("DE")
    with django_assert_max_num_queries(6):
        few = freshness_rows()
    for _ in range(4):
        republish(entry(countries=["DE", "IT"]))
    with django_assert_max_num_queries(6):
        many = freshness_rows()
    assert len(many) == len(few) + 4 * 3
    assert {row.state for row in many} == {"up_to_date", "outdated", "missing"}


# --- edit views ---------------------------------------------------------------------------------


def edit_view(user, page):
    response = signed_in(user, language="en").get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_edit_view_of_an_up_to_date_translation_names_the_source_publication(sections, demo_users):
    page = entry(languages=("ro", "uk"))
    html = edit_view(demo_users["editor"], translation_of(page, "uk"))
    with translation.override("en"):
        expected = f"Up to date with the Romanian version published on {local_day(stored(page).last_published_at)}."
    assert expected in html


def test_the_edit_view_of_an_outdated_translation_explains_why_and_links_to_the_sync(sections, demo_users):
    page = entry(languages=("ro", "uk"))
    published = republish(page, short_answer="The fee is now 120 euro.").last_published_at
    made = TranslationSource.objects.get_for_instance(page).last_updated_at
    html = edit_view(demo_users["editor"], translation_of(page, "uk"))
    with translation.override("en"):
        changed_on = formats.date_format(timezone.localtime(published), "DATETIME_FORMAT")
        made_on = formats.date_format(timezone.localtime(made), "DATETIME_FORMAT")
    assert (
        f"Outdated: the Romanian version changed on {changed_on} after this translation was made from it on {made_on}."
    ) in html
    assert "Reasons: Source changed." in html
    assert sync_url(page) in html and "Update translations" in html


def test_the_sync_link_is_only_offered_to_those_who_may_sync(sections, demo_users):
    from django.contrib.auth.models import Group, Permission

    page = entry(languages=("ro", "uk"))
    republish(page)
    assert sync_url(page) in edit_view(demo_users["editor"], translation_of(page, "uk"))
    Group.objects.get(name="Editors").permissions.remove(Permission.objects.get(codename="submit_translation"))
    html = edit_view(demo_users["editor"], translation_of(page, "uk"))
    assert "Outdated:" in html and sync_url(page) not in html


def test_the_edit_view_of_a_source_summarises_every_language(sections, demo_users):
    page = entry(languages=("ro", "ru", "uk"))
    republish(page)
    translation_of(page, "uk").unpublish()
    html = edit_view(demo_users["editor"], page)
    assert "Translations — Russian: Outdated · Ukrainian: Missing · English: Missing" in html


# --- report -------------------------------------------------------------------------------------


@pytest.fixture
def three_entries(sections):
    """Up to date everywhere; missing in uk and en; outdated everywhere (in Germany, at work)."""
    fresh = entry()
    partial = entry(languages=("ro", "ru"))
    stale = entry(countries=["DE"], category="work-employment/seasonal-work")
    republish(stale)
    return fresh, partial, stale


def test_the_report_lists_outdated_and_missing_translations(three_entries, demo_users):
    fresh, partial, stale = three_entries
    client = signed_in(demo_users["editor"])
    html = client.get(reverse(REPORT)).content.decode()
    assert partial.answer_number in html and stale.answer_number in html and fresh.answer_number not in html
    assert reverse("wagtailadmin_pages:edit", args=[stale.pk]) in html
    assert reverse("wagtailadmin_pages:edit", args=[translation_of(stale, "uk").pk]) in html
    assert reverse("wagtail_localize:submit_page_translation", args=[partial.pk]) in html
    rows = csv_rows(export(client, "csv"))
    assert sorted((row["Answer number"], row["Language"], row["State"]) for row in rows) == sorted([
        (partial.answer_number, "uk", "Missing"), (partial.answer_number, "en", "Missing"),
        (stale.answer_number, "ru", "Outdated"), (stale.answer_number, "uk", "Outdated"),
        (stale.answer_number, "en", "Outdated"),
    ])
    outdated = next(row for row in rows if row["Answer number"] == stale.answer_number)
    assert outdated["Reasons"] == "Source changed" and outdated["Countries"] == "DE"
    assert outdated["Question"] == stale.title and outdated["Category"]
    assert outdated["Source published"].startswith(f"{timezone.localdate():%Y-%m-%d} ")
    assert outdated["Made from the source as of"].startswith(f"{timezone.localdate():%Y-%m-%d} ")


def test_the_report_filters_by_language_state_country_and_category(three_entries, demo_users):
    names = {page.answer_number: name for name, page in zip(("fresh", "partial", "stale"), three_entries)}
    client = signed_in(demo_users["editor"])
    for filters, expected in [
        ({"language": "uk"}, {("partial", "uk"), ("stale", "uk")}),
        ({"state": "missing"}, {("partial", "uk"), ("partial", "en")}),
        ({"state": "outdated", "language": "en"}, {("stale", "en")}),
        ({"country": "DE"}, {("stale", "ru"), ("stale", "uk"), ("stale", "en")}),
        ({"category": "entry-stay-documents"}, {("partial", "uk"), ("partial", "en")}),
    ]:
        rows = csv_rows(export(client, "csv", **filters))
        assert {(names[row["Answer number"]], row["Language"]) for row in rows} == expected, filters


def test_the_report_exports_a_dated_spreadsheet(three_entries, demo_users):
    _fresh, partial, _stale = three_entries
    response = export(signed_in(demo_users["editor"]), "xlsx", state="missing")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert f"translation-freshness-{timezone.localdate():%Y-%m-%d}.xlsx" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    header, *rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert header[:4] == ["Answer number", "Question", "Language", "State"]
    assert sorted((row[0], row[2], row[3]) for row in rows) == [
        (partial.answer_number, "en", "Missing"), (partial.answer_number, "uk", "Missing"),
    ]


def test_operators_can_neither_open_the_report_nor_see_it_in_the_menu(sections, demo_users):
    assert signed_in(demo_users["operator"]).get(reverse(REPORT)).status_code in (302, 403)
    items = [fn() for fn in hooks.get_hooks("register_reports_menu_item")]
    ours = next(item for item in items if item.url == reverse(REPORT))
    for name, shown in (("operator", False), ("editor", True)):
        request = RequestFactory().get("/admin/")
        request.user = demo_users[name]
        assert ours.is_shown(request) is shown


def test_source_pages_only_lists_live_default_language_pages(sections):
    page = entry(languages=("ro", "uk"))
    draft = entry(languages=("ro",))
    stored(draft).unpublish()
    assert set(source_pages().values_list("pk", flat=True)) == {page.pk}
