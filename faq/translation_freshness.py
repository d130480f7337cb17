"""Translation freshness: does each translation still say what its Romanian source says?

wagtail-localize keeps one snapshot of a source page (``TranslationSource``) from which its
translations are made; ``last_updated_at`` is when that snapshot was last taken ("made from the
source as of"). A live translation is outdated when the source was published after the snapshot,
when the snapshot has strings nobody has translated yet, or when an editor marked a source edit as
substantive (the ``translation_outdated`` risk, which only a verification clears).
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db import models
from django.db.models import Count, Exists, F, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.models import Page
from wagtail_localize.models import StringSegment, StringTranslation, Translation

from .models import CountryFactSheetPage, FaqPage
from .reports import top_category_choices
from .vocabulary import RiskReason


class FreshnessState(models.TextChoices):
    # Contexts: a translation is "up to date" or "missing" (grammatical gender differs from other uses).
    UP_TO_DATE = "up_to_date", pgettext_lazy("translation state", "Up to date")
    OUTDATED = "outdated", pgettext_lazy("translation state", "Outdated")
    MISSING = "missing", pgettext_lazy("translation state", "Missing")


class OutdatedReason(models.TextChoices):
    SOURCE_CHANGED = "source_changed", _("Source changed")
    UNTRANSLATED_STRINGS = "untranslated_strings", _("Untranslated strings")
    SUBSTANTIVE_CHANGE = "substantive_change", _("Substantive change to the source")


@dataclass(frozen=True)
class Freshness:
    """One translation (or its absence) of one source page, with what the report shows about it."""

    source_page: Page
    language: str
    translation_page: Page | None
    state: str
    reasons: tuple = ()
    untranslated: int = 0
    source_published_at: datetime | None = None
    made_from_source_at: datetime | None = None
    # The wagtail-localize source to sync from; None when the translation is not synced by it.
    translation_source_id: int | None = None
    answer_number: str = ""
    category_slug: str = ""
    category_name: str = ""
    country_codes: tuple = ()

    @property
    def title(self):
        return self.source_page.title


def target_languages():
    return [code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES if code != settings.LANGUAGE_CODE]


def source_pages(*, country=None, category=None):
    """Live default-language entries and fact sheets, optionally by country code or top category slug.

    Entries without countries apply everywhere but are not listed under a country, as in the
    verification report; fact sheets have no category, so a category leaves them out.
    """
    pages = Page.objects.live().filter(locale__language_code=settings.LANGUAGE_CODE).type(FaqPage, CountryFactSheetPage)
    if category:
        filed = FaqPage.objects.filter(Q(category__path=category) | Q(category__path__startswith=f"{category}/"))
        pages = pages.filter(pk__in=filed.values("pk"))
    if country:
        pages = pages.filter(
            Q(pk__in=FaqPage.objects.filter(countries__code=country).values("pk"))
            | Q(pk__in=CountryFactSheetPage.objects.filter(country__code=country).values("pk"))
        )
    return pages


def _tracking(keys, languages):
    """``{(translation key, language): row}`` of wagtail-localize translations, with untranslated counts."""
    translated = StringTranslation.objects.filter(
        translation_of_id=OuterRef("string_id"), context_id=OuterRef("context_id"),
        locale_id=OuterRef(OuterRef("target_locale_id")), has_error=False,
    )
    gaps = (
        StringSegment.objects.filter(source_id=OuterRef("source_id")).filter(~Exists(translated))
        .order_by().values("source_id").annotate(n=Count("pk")).values("n")
    )
    rows = Translation.objects.filter(
        source__object_id__in=keys, source__locale__language_code=settings.LANGUAGE_CODE,
        target_locale__language_code__in=languages,
    ).annotate(untranslated=Coalesce(Subquery(gaps, output_field=IntegerField()), 0)).values(
        "source_id", "source__object_id", "source__last_updated_at", "target_locale__language_code", "enabled",
        "untranslated",
    )
    return {(row["source__object_id"], row["target_locale__language_code"]): row for row in rows}


def _targets(keys, languages):
    # An alias shows the source's own text, so it is no translation: such a language is missing.
    pages = (
        Page.objects.filter(translation_key__in=keys, locale__language_code__in=languages, alias_of__isnull=True)
        .annotate(language=F("locale__language_code"), risks=F("faqpage__risk_reasons"))
        .only("id", "title", "live", "last_published_at", "translation_key", "locale_id")
    )
    return {(page.translation_key, page.language): page for page in pages}


def _assess(source, target, tracking):
    """``(state, reasons, untranslated strings, made from the source at)``."""
    if target is None or not target.live:
        return FreshnessState.MISSING.value, (), 0, None
    synced = bool(tracking and tracking["enabled"])
    # A translation edited by hand in the page editor was made from whatever source was live then.
    made_from = tracking["source__last_updated_at"] if synced else target.last_published_at
    untranslated = tracking["untranslated"] if synced else 0
    reasons = []
    if source.last_published_at and made_from and source.last_published_at > made_from:
        reasons.append(OutdatedReason.SOURCE_CHANGED.value)
    if untranslated:
        reasons.append(OutdatedReason.UNTRANSLATED_STRINGS.value)
    if RiskReason.TRANSLATION_OUTDATED in (target.risks or []):
        reasons.append(OutdatedReason.SUBSTANTIVE_CHANGE.value)
    state = FreshnessState.OUTDATED if reasons else FreshnessState.UP_TO_DATE
    return state.value, tuple(reasons), untranslated, made_from


def freshness_rows(pages=None, languages=None):
    """Freshness of every (source page, language) pair, from a fixed number of queries.

    ``pages`` is a queryset of default-language pages (default: :func:`source_pages`); rows come
    entries first by answer number, then fact sheets by title, each in the order of the languages.
    """
    languages = list(languages or target_languages())
    ids = (source_pages() if pages is None else pages).values("pk")
    keys = Page.objects.filter(pk__in=ids).values("translation_key")
    sources = list(
        Page.objects.filter(pk__in=ids).annotate(
            entry_number=F("faqpage__answer_number"), category_path=F("faqpage__category__path"),
            sheet_country=F("countryfactsheetpage__country__code"),
        ).only("id", "title", "translation_key", "last_published_at", "live", "locale_id", "content_type_id")
    )
    countries = defaultdict(list)
    through = FaqPage.countries.through
    for page_id, code in through.objects.filter(faqpage_id__in=ids).order_by("country__code").values_list(
        "faqpage_id", "country__code"
    ):
        countries[page_id].append(code)
    category_names = dict(top_category_choices())
    tracking = _tracking(keys, languages)
    targets = _targets(keys, languages)
    rows = []
    for source in sources:
        top = (source.category_path or "").split("/")[0]
        codes = tuple(countries[source.pk]) or ((source.sheet_country,) if source.sheet_country else ())
        for language in languages:
            found = tracking.get((source.translation_key, language))
            target = targets.get((source.translation_key, language))
            state, reasons, untranslated, made_from = _assess(source, target, found)
            rows.append(Freshness(
                source_page=source, language=language, translation_page=target, state=state, reasons=reasons,
                untranslated=untranslated, source_published_at=source.last_published_at,
                made_from_source_at=made_from, translation_source_id=found["source_id"] if found else None,
                answer_number=source.entry_number or "", category_slug=top,
                category_name=category_names.get(top, top), country_codes=codes,
            ))
    rows.sort(key=lambda row: (
        not row.answer_number, row.answer_number, row.title.casefold(), languages.index(row.language),
    ))
    return rows


def freshness(source_page, language):
    """The freshness of one source page's translation into ``language``."""
    return freshness_rows(Page.objects.filter(pk=source_page.pk), [language])[0]


def translations_of(source_page):
    """The freshness of a source page in every other content language."""
    return freshness_rows(Page.objects.filter(pk=source_page.pk))


def source_of(page):
    """The default-language page a translation is made from; None for a source page or an orphan."""
    if page.locale.language_code == settings.LANGUAGE_CODE:
        return None
    return Page.objects.filter(
        translation_key=page.translation_key, locale__language_code=settings.LANGUAGE_CODE,
    ).first()
