"""The page tree every installation needs: a home page per language with its two sections.

Root → Home (ro, translated to ru/uk/en) → FAQ index and country index. Created on demand by
``load_demo`` and ``import_faq`` so an empty database can take content straight away.
"""

from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from wagtail.models import Locale, Page, Site

from .models import CountryIndexPage, FaqIndexPage, HomePage
from .translations import register_translations, save_and_publish, translate_page

HOME = {
    "ro": ("Baza de cunoștințe despre migrație și azil", "acasa"),
    "ru": ("База знаний о миграции и убежище", "glavnaya"),
    "uk": ("База знань про міграцію та притулок", "holovna"),
    "en": ("Migration and asylum knowledge base", "home"),
}
FAQ_INDEX = {
    "ro": ("Întrebări frecvente", "intrebari"),
    "ru": ("Часто задаваемые вопросы", "voprosy"),
    "uk": ("Поширені запитання", "pytannia"),
    "en": ("Frequently asked questions", "questions"),
}
COUNTRY_INDEX = {
    "ro": ("Fișele țărilor", "tari"),
    "ru": ("Страны", "strany"),
    "uk": ("Країни", "krainy"),
    "en": ("Country fact sheets", "countries"),
}


@dataclass
class SiteSections:
    home: HomePage
    faq_index: FaqIndexPage
    country_index: CountryIndexPage


def _translate_everywhere(page, names):
    targets = []
    for locale in Locale.objects.exclude(pk=page.locale_id):
        title, slug = names[locale.language_code]
        existing = page.get_translation_or_none(locale)
        targets.append(existing.specific if existing else translate_page(page, locale, {"title": title, "slug": slug}))
    register_translations(page, targets)


def _child(parent, model, names, language):
    page = model.objects.child_of(parent).first()
    if page is None:
        title, slug = names[language]
        page = model(title=title, slug=slug)
        parent.add_child(instance=page)
        save_and_publish(page)
    return page


@transaction.atomic
def ensure_site_structure():
    """Return the default-language sections, creating the tree (and its translations) if missing."""
    language = settings.LANGUAGE_CODE
    locale = Locale.objects.get(language_code=language)
    home = HomePage.objects.filter(locale=locale).first()
    if home is None:
        root = Page.get_first_root_node()
        title, slug = HOME[language]
        home = HomePage(title=title, slug=slug, locale=locale)
        root.add_child(instance=home)
        save_and_publish(home)
        site = Site.objects.filter(is_default_site=True).first() or Site(hostname="localhost", port=80, is_default_site=True)
        previous_root = site.root_page_id
        site.root_page = home
        site.site_name = title
        site.save()
        # Wagtail's placeholder "Welcome" page is replaced by our home page.
        if previous_root and previous_root != home.pk:
            Page.objects.filter(pk=previous_root, depth=2, content_type__model="page").delete()
    _translate_everywhere(home, HOME)
    faq_index = _child(home, FaqIndexPage, FAQ_INDEX, language)
    _translate_everywhere(faq_index, FAQ_INDEX)
    country_index = _child(home, CountryIndexPage, COUNTRY_INDEX, language)
    _translate_everywhere(country_index, COUNTRY_INDEX)
    return SiteSections(home, faq_index, country_index)
