"""Each page type can be created through Wagtail's admin forms, as an editor would."""

import pytest
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from faq.models import (
    Category,
    Country,
    CountryFactSheetPage,
    CountryIndexPage,
    FaqIndexPage,
    FaqPage,
    HomePage,
)
from faq.site_structure import ensure_site_structure

pytestmark = pytest.mark.smoke


class SiteTreeAdminFormsTests(WagtailPageTestCase):
    """On an empty tree, an administrator builds home, FAQ index and country index by hand."""

    def setUp(self):
        # Each test database starts with the tree built (tests/conftest.py); this test builds its own.
        for home in HomePage.objects.all():
            home.delete()
        self.login()

    def test_can_create_home_faq_index_and_country_index(self):
        root = Page.get_first_root_node()
        blank = {"intro": "", "comments": inline_formset([])}
        self.assertCanCreate(root, HomePage, nested_form_data({"title": "Acasă", "slug": "acasa", **blank}))
        home = HomePage.objects.get(slug="acasa")
        self.assertCanCreate(home, FaqIndexPage, nested_form_data({"title": "Întrebări", "slug": "q", **blank}))
        self.assertCanCreate(home, CountryIndexPage, nested_form_data({"title": "Țări", "slug": "c", **blank}))


class AdminFormsTests(WagtailPageTestCase):
    def setUp(self):
        self.sections = ensure_site_structure()
        self.login()

    def test_home_page_allowed_under_root_only(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})
        self.assertAllowedSubpageTypes(HomePage, {FaqIndexPage, CountryIndexPage})

    def test_only_one_faq_index_per_home(self):
        self.assertFalse(FaqIndexPage.can_create_at(self.sections.home))

    def test_can_create_faq_entry_with_sources_through_the_editor_form(self):
        category = Category.objects.get(locale__language_code="ro", path="work-employment/work-permits")
        italy = Country.objects.get(locale__language_code="ro", code="IT")
        data = nested_form_data({
            "title": "Am nevoie de permis de muncă în Italia?",
            "slug": "permis-munca-italia",
            "short_answer": "Da, pentru un contract de muncă aveți nevoie de nulla osta.",
            "answer": streamfield([
                ("text", rich_text("<p>Angajatorul cere autorizația.</p>")),
                ("steps", streamfield([("item", "Angajatorul depune cererea."), ("item", "Solicitați viza la consulat.")])),
            ]),
            "sms_text": "Permis de munca Italia: angajatorul cere nulla osta.",
            "alternative_phrasings": "permis munca italia",
            "keywords": "nulla osta, decreto flussi",
            "category": category.pk,
            "visibility": "public",
            "sensitivity": "none",
            "internal_notes": "Întrebați dacă are deja o ofertă.",
            "sources": inline_formset([{
                "title": "Portale Integrazione Migranti", "url": "https://www.integrazionemigranti.gov.it/",
                "authority": "Ministero del Lavoro", "source_type": "official", "last_verified_on": "2026-10-01",
                "verified_by": "reviewer", "review_interval_days": "",
            }]),
            "related_entries": inline_formset([]),
            "comments": inline_formset([]),
        })
        # Multiple-choice fields post one value per choice; nested_form_data would number them.
        data.update({"countries": [italy.pk], "audiences": ["labour-migrant"], "migration_phases": ["pre-departure"]})
        self.assertCanCreate(self.sections.faq_index, FaqPage, data)
        entry = FaqPage.objects.get(slug="permis-munca-italia")
        self.assertRegex(entry.answer_number, r"^A-\d{4}$")
        self.assertEqual(entry.sources.get().authority, "Ministero del Lavoro")
        self.assertEqual(list(entry.countries.values_list("code", flat=True)), ["IT"])
        self.assertEqual((entry.audiences, entry.migration_phases), (["labour-migrant"], ["pre-departure"]))

    def test_can_create_country_fact_sheet_through_the_editor_form(self):
        germany = Country.objects.get(locale__language_code="ro", code="DE")
        data = nested_form_data({
            "title": "Germania: fișa țării",
            "slug": "de",
            "country": germany.pk,
            "summary": "Ce trebuie să știți înainte de a pleca în Germania.",
            "sections": streamfield([
                ("section", {
                    "kind": "work",
                    "body": rich_text("<p>Aveți nevoie de un permis de ședere pentru muncă.</p>"),
                    "sources": streamfield([
                        ("item", {
                            "title": "Make it in Germany", "url": "https://www.make-it-in-germany.com/",
                            "authority": "Bundesregierung", "source_type": "official",
                            "last_verified_on": "2026-09-01", "verified_by": "", "review_interval_days": "",
                        }),
                    ]),
                }),
            ]),
            "comments": inline_formset([]),
        })
        self.assertCanCreate(self.sections.country_index, CountryFactSheetPage, data)
        sheet = CountryFactSheetPage.objects.get(slug="de")
        self.assertEqual(sheet.verification_status, "current" if sheet.review_due else "overdue")
